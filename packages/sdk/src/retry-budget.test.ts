import { describe, expect, it } from 'vitest';
import { HecError } from './hec-error.js';
import { RetryBudget } from './retry-budget.js';
import type { RetryLimits } from './retry-budget.js';

const busy = new HecError('HEC answered 503: Server is busy (code 9)', { kind: 'http', status: 503, code: 9, text: 'Server is busy', requestId: 'r1' });
const tooMany = new HecError('HEC answered 429', { kind: 'http', status: 429 });
const refused = new HecError('connection failed: ECONNREFUSED', { kind: 'network', cause: new Error('ECONNREFUSED') });
const internal = new HecError('HEC answered 500', { kind: 'http', status: 500, code: 8 });
const badToken = new HecError('HEC answered 403: Invalid token (code 4)', { kind: 'http', status: 403, code: 4 });

/** A budget on a clock the test moves: each granted wait is slept at once. */
function budgetOn(limits: RetryLimits, random = () => 0.5) {
  let now = 1_000;
  const budget = new RetryBudget(limits, () => now, random);
  return {
    budget,
    /** Asks for the next delay and, when granted, advances the clock by it. */
    next(error: HecError, retryAfter?: string): number | undefined {
      const wait = budget.nextDelay(error, retryAfter);
      if (wait !== undefined) now += wait;
      return wait;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('RetryBudget', () => {
  it('retries busy answers past `retries`, for as long as retryTimeoutMs allows', () => {
    const b = budgetOn({ retries: 2, retryBaseMs: 100, retryTimeoutMs: 60_000 });
    const waits: number[] = [];
    for (let wait = b.next(busy, '1'); wait !== undefined; wait = b.next(busy, '1')) waits.push(wait);
    // Retry-After: 1 → one second plus jitter (0.5 × min(retryBaseMs, 250)) each time, until the minute is up.
    expect(new Set(waits)).toEqual(new Set([1_050]));
    expect(waits.length).toBe(57);
    expect(b.budget.elapsedMs).toBeLessThan(60_000);
    expect(b.budget.elapsedMs + 1_050).toBeGreaterThanOrEqual(60_000);
    expect(b.budget.attemptCount).toBe(58);
  });

  it('counts 429 as busy too', () => {
    const b = budgetOn({ retries: 0, retryBaseMs: 10, retryTimeoutMs: 60_000 });
    expect(b.next(tooMany)).toBeDefined();
    expect(b.next(refused)).toBeUndefined();
  });

  it('bounds other failures by `retries`, even with time left', () => {
    const b = budgetOn({ retries: 3, retryBaseMs: 10, retryTimeoutMs: 60_000 });
    expect([b.next(refused), b.next(internal), b.next(refused)].every((w) => w !== undefined)).toBe(true);
    expect(b.next(refused)).toBeUndefined();
    // Busy answers are still retried after the failure budget is spent.
    expect(b.next(busy, '1')).toBeDefined();
  });

  it('backs off exponentially with full jitter when there is no Retry-After', () => {
    const low = budgetOn({ retries: 10, retryBaseMs: 100, retryTimeoutMs: 600_000 }, () => 0);
    // Math.random is below 1; 1 gives the ceiling itself.
    const high = budgetOn({ retries: 10, retryBaseMs: 100, retryTimeoutMs: 600_000 }, () => 1);
    const lows = Array.from({ length: 5 }, () => low.next(busy));
    const highs = Array.from({ length: 5 }, () => high.next(refused));
    expect(lows).toEqual([50, 100, 200, 400, 800]);
    expect(highs).toEqual([100, 200, 400, 800, 1_600]);
  });

  it('gives up at once when the wait would end past the deadline, without sleeping it', () => {
    const b = budgetOn({ retries: 5, retryBaseMs: 100, retryTimeoutMs: 10_000 });
    b.advance(8_000);
    expect(b.next(busy, '5')).toBeUndefined();
    expect(b.next(busy, '1')).toBe(1_050);
  });

  it('never retries with retryTimeoutMs 0', () => {
    const b = budgetOn({ retries: 5, retryBaseMs: 0, retryTimeoutMs: 0 });
    expect(b.next(refused)).toBeUndefined();
    expect(b.next(busy, '0')).toBeUndefined();
  });

  it('never retries a final answer', () => {
    const b = budgetOn({ retries: 5, retryBaseMs: 10, retryTimeoutMs: 60_000 });
    expect(b.next(badToken)).toBeUndefined();
    expect(b.budget.exhausted(badToken)).toBe(badToken);
  });

  it('reports the last error with its code, saying how many attempts over how long', () => {
    const b = budgetOn({ retries: 5, retryBaseMs: 100, retryTimeoutMs: 3_000 });
    while (b.next(busy, '1') !== undefined);
    const final = b.budget.exhausted(busy);
    expect(final).toBeInstanceOf(HecError);
    expect([final.kind, final.status, final.code, final.text, final.requestId]).toEqual(['http', 503, 9, 'Server is busy', 'r1']);
    expect(final.message).toContain('gave up after 3 attempts in 2.1 s');
    expect(final.retryable).toBe(true);
  });
});
