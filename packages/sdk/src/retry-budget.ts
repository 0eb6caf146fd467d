/**
 * When one request is tried again, and when it is given up.
 *
 * Two budgets, because two kinds of failure mean different things:
 * - "busy" answers (429, 503 such as HEC code 9 "Server is busy") come from a live endpoint that is
 *   shedding load and says when to come back. A server checkpointing its store or draining a backlog can
 *   answer 503 for seconds at a time, so these are retried for as long as `retryTimeoutMs` allows, however
 *   many attempts that takes, waiting what `Retry-After` says (plus a little jitter).
 * - every other retryable failure (connection refused or reset, timeout, 500, 502, 504) says nothing about
 *   when it will end: these are retried at most `retries` times, with exponential backoff and full jitter,
 *   and also only within `retryTimeoutMs`.
 * An attempt is never started after the deadline: a wait that would end past it gives up at once, so a
 * request fails no later than `retryTimeoutMs` plus one `timeoutMs` after its first attempt. Derived
 * requests (the halves of a 413, the rest after a partial failure) have budgets of their own.
 */
import { backoffMs } from './backoff.js';
import { HecError } from './hec-error.js';

export interface RetryLimits {
  readonly retries: number;
  readonly retryBaseMs: number;
  readonly retryTimeoutMs: number;
}

export class RetryBudget {
  private readonly startedAt: number;
  private attempts = 1;
  /** Retries spent on failures other than "busy" answers; bounded by `retries`. */
  private failureRetries = 0;

  constructor(
    private readonly limits: RetryLimits,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    this.startedAt = now();
  }

  /** Attempts made so far, the first one included. */
  get attemptCount(): number {
    return this.attempts;
  }

  /** Milliseconds since the first attempt. */
  get elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  /**
   * The wait in ms before trying again after `error`, or undefined when the request must be given up
   * (the error is final, or a budget is spent). `retryAfter` is the answer's `Retry-After` header.
   */
  nextDelay(error: HecError, retryAfter: string | undefined): number | undefined {
    if (!error.retryable) return undefined;
    if (!error.busy && this.failureRetries >= this.limits.retries) return undefined;
    // Busy answers without Retry-After back off as failures do: the attempt number drives the delay.
    const wait = backoffMs(this.attempts, this.limits.retryBaseMs, retryAfter, this.random);
    // The next attempt must start before the deadline (so 0 means: never retry).
    if (this.elapsedMs + wait >= this.limits.retryTimeoutMs) return undefined;
    if (!error.busy) this.failureRetries++;
    this.attempts++;
    return wait;
  }

  /** The error to report once the request is given up: the last one, saying how long it was tried. */
  exhausted(error: HecError): HecError {
    if (!error.retryable) return error;
    const seconds = (this.elapsedMs / 1000).toFixed(1);
    const attempts = `${this.attempts} attempt${this.attempts === 1 ? '' : 's'}`;
    return new HecError(`${error.message}; gave up after ${attempts} in ${seconds} s`, {
      kind: error.kind,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.code === undefined ? {} : { code: error.code }),
      ...(error.text === undefined ? {} : { text: error.text }),
      ...(error.invalidEventNumber === undefined ? {} : { invalidEventNumber: error.invalidEventNumber }),
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
      cause: error.cause ?? error,
    });
  }
}
