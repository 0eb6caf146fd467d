/**
 * The HEC sink: encodes events into its queue, and `workers` loops that take batches from the queue,
 * send them, and acknowledge them to the queue only on a 200. A batch keeps its X-Request-Id across
 * retries, so a retry of a batch the server already committed is deduplicated there (exactly-once
 * unless the server forgot the id). On 401/403 the sink stops and says so; its events stay queued.
 */
import type http from 'node:http';
import type { CollectEvent } from '../../event.js';
import type { Logger } from '../../logger.js';
import type { EventQueue, QueueBatch } from '../../queue/event-queue.js';
import { sleep } from '../../sleep.js';
import type { HecSinkConfig } from './config.js';
import { encodeEvent } from './encoder.js';
import { buildRequest, createAgent, endpointUrl, send } from './request-builder.js';
import { backoffMs, responseAction } from './response-policy.js';

const REQUEST_TIMEOUT_MS = 60_000;

export interface SinkCounters {
  eventsIn: number;
  eventsOut: number;
  batchesOut: number;
  retries: number;
  /** Events refused by the server (400), by reason text. */
  rejected: number;
}

export class HecSink {
  readonly url: URL;
  private readonly agent: http.Agent;
  private readonly abort = new AbortController();
  private workers: Array<Promise<void>> = [];
  private draining = false;
  private stoppedReason: string | undefined;
  readonly counters: SinkCounters = { eventsIn: 0, eventsOut: 0, batchesOut: 0, retries: 0, rejected: 0 };

  constructor(
    readonly name: string,
    private readonly config: HecSinkConfig,
    readonly queue: EventQueue,
    private readonly log: Logger,
  ) {
    this.url = endpointUrl(config.url);
    this.agent = createAgent(config, this.url);
  }

  describe(): string {
    return `${this.name} → ${this.url.href} (${this.queue.kind} queue, ${this.config.queue.maxLimitInMB} MB, ${this.config.queue.fullAction}, ${this.config.workers} workers)`;
  }

  /** Why the sink stopped sending (a refused token), or undefined while it runs. */
  stopped(): string | undefined {
    return this.stoppedReason;
  }

  start(): void {
    for (let i = 0; i < this.config.workers; i++) this.workers.push(this.work());
  }

  accept(events: readonly CollectEvent[]): Promise<void> {
    this.counters.eventsIn += events.length;
    return this.queue.push(events.map((event) => encodeEvent(event, this.config.maxEventSize)));
  }

  /** Sends what is queued (for at most timeoutMs), then stops the workers. */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    void this.queue.close();
    const timer = setTimeout(() => this.abort.abort(), timeoutMs);
    try {
      await Promise.all(this.workers);
    } finally {
      clearTimeout(timer);
      this.abort.abort();
      this.agent.destroy();
    }
  }

  private async work(): Promise<void> {
    const { queue } = this;
    const { maxBatchSize } = this.config;
    const flushMs = this.config.queue.flushTimeOutInMillisecond;
    while (!this.abort.signal.aborted && this.stoppedReason === undefined) {
      if (queue.unread() === 0) {
        if (this.draining) return;
        await Promise.race([queue.changed(), sleep(1_000, this.abort.signal)]);
        continue;
      }
      const due = queue.oldestUnreadAt() + flushMs - Date.now();
      if (!this.draining && queue.unreadBytes() < maxBatchSize && due > 0) {
        await Promise.race([queue.changed(), sleep(due, this.abort.signal)]);
        continue;
      }
      const batch = queue.take(maxBatchSize);
      if (batch === undefined) continue;
      if (await this.deliver(batch.records, batch.requestId)) queue.ack(batch);
    }
  }

  /** Sends records until the server takes them; false when the sink stopped or shutdown cut it short. */
  private async deliver(records: QueueBatch['records'], requestId: string): Promise<boolean> {
    const request = buildRequest(this.config, records, requestId);
    for (let attempt = 0; ; attempt++) {
      if (this.abort.signal.aborted || this.stoppedReason !== undefined) return false;
      let response;
      try {
        response = await send(this.url, this.agent, request, REQUEST_TIMEOUT_MS);
      } catch (error) {
        this.retryLog(attempt, `network error: ${(error as Error).message}`);
        await sleep(backoffMs(attempt), this.abort.signal);
        continue;
      }
      const decision = responseAction(response);
      switch (decision.action) {
        case 'ack':
          this.counters.eventsOut += records.length;
          this.counters.batchesOut++;
          return true;
        case 'retry':
          this.retryLog(attempt, decision.reason);
          await sleep(backoffMs(attempt, decision.minDelayMs), this.abort.signal);
          continue;
        case 'split': {
          if (records.length === 1) {
            this.reject(1, 'a single event is larger than the server accepts (413)');
            return true;
          }
          const half = Math.ceil(records.length / 2);
          // Sub-batches get derived ids, stable across retries and restarts like their parent's.
          return (await this.deliver(records.slice(0, half), `${requestId}.a`)) && (await this.deliver(records.slice(half), `${requestId}.b`));
        }
        case 'stop':
          this.stoppedReason = decision.reason;
          this.log.error(
            `sink ${this.name} stopped: the server refused the token (${decision.reason}). Check sinks.${this.name}.token; ` +
              'queued events are kept and sent after a restart with a valid token',
            { sink: this.name, url: this.url.href },
          );
          return false;
        case 'partial': {
          this.reject(1, decision.reason);
          const rest = records.slice(decision.accepted + 1);
          this.counters.eventsOut += Math.min(decision.accepted, records.length);
          return rest.length === 0 || (await this.deliver(rest, `${requestId}.r${decision.accepted + 1}`));
        }
        case 'drop':
          this.reject(records.length, decision.reason);
          return true;
      }
    }
  }

  private retryLog(attempt: number, reason: string): void {
    this.counters.retries++;
    // The first failure and then every tenth: a server down for minutes must not flood the log.
    if (attempt % 10 === 0) this.log.warn(`sink ${this.name}: sending failed, retrying with backoff`, { sink: this.name, attempt: attempt + 1, reason });
  }

  private reject(count: number, reason: string): void {
    this.counters.rejected += count;
    this.log.error(`sink ${this.name}: the server refused ${count} event(s); they are dropped`, { sink: this.name, reason });
  }
}
