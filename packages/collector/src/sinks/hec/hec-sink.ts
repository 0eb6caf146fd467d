/**
 * The HEC sink: encodes events into its queue, and `workers` loops that take batches from the queue,
 * send them, and acknowledge them to the queue only on a 200. A batch keeps its X-Request-Id across
 * retries, so a retry of a batch the server already committed is deduplicated there (exactly-once
 * unless the server forgot the id). On 401/403 the sink stops and says so; its events stay queued.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { CollectEvent } from '../../event.js';
import type { Logger } from '../../logger.js';
import { Histogram } from '../../metrics/histogram.js';
import type { EventQueue, QueueBatch } from '../../queue/event-queue.js';
import { sleep } from '../../sleep.js';
import type { HecSinkConfig } from './config.js';
import { encodeInto } from './encoder.js';
import { autoCompresses, buildRequest, CompressionLane, createAgent, endpointUrl, GzipOutput, proxyOf, send } from './request-builder.js';
import { backoffMs, responseAction } from './response-policy.js';

const REQUEST_TIMEOUT_MS = 60_000;
/**
 * Most bytes of events per request, whatever larger `maxBatchSize` allows: `maxBatchSize` stays the
 * cap a server imposes (LogScale's default 16 MB, NG-SIEM's 32 MB limit), but a request that size
 * keeps ~30,000 events alive at once in the server, which then spends more per event (objects that
 * outlive young-generation collections, larger log writes). Measured with bench:collector (file and
 * syslog TCP → Hecate, 64 MB memory queue, 4 workers): 8 MB requests 88,661 and 85,113 lines/s at
 * 18.7 µs of server CPU per line; 1 MiB requests 105,209 and 102,340 lines/s at 15.6 µs. Four workers
 * with 1 MiB in flight each still fill a 50 ms round trip at 80 MB/s.
 */
export const REQUEST_BYTES = 1024 * 1024;
/** Seconds: loopback answers in a millisecond or two; a server at capacity or far away takes seconds. */
const SEND_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface SinkCounters {
  eventsIn: number;
  eventsOut: number;
  batchesOut: number;
  retries: number;
  /** Retries by cause: `network` (no answer) or `http_<status>`. */
  retriesByReason: Record<string, number>;
  /** Events refused by the server (400), by reason text. */
  rejected: number;
  /** Bytes of envelopes acknowledged (before compression). */
  bytesOut: number;
  /** Events thrown away: `refused` (400), `too_large` (413 for a single event) or `blank` (only whitespace, never sent). */
  dropped: Record<string, number>;
}

/** What one request sends: a queue batch, or part of one when the server asked for it to be split. */
type Payload = Pick<QueueBatch, 'spans' | 'count' | 'bytes' | 'records'>;

function payloadOf(records: Buffer[]): Payload {
  let bytes = 0;
  for (const record of records) bytes += record.length;
  return { spans: records, count: records.length, bytes, records: () => records };
}

/**
 * The events with some text besides whitespace. HEC servers refuse a blank event (400 code 13, "Event
 * field cannot be blank"), and each one cost a refused request and a resend of the rest of its batch.
 */
function withoutBlank(events: readonly CollectEvent[]): readonly CollectEvent[] {
  let blank = 0;
  for (const event of events) if (isBlank(event.text)) blank++;
  return blank === 0 ? events : events.filter((event) => !isBlank(event.text));
}

/** Blank as HEC servers see it (`trim()`). A printable ASCII first character settles it for almost every line. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return text.trim() === '';
}

export class HecSink {
  readonly url: URL;
  private readonly agent: http.Agent;
  /** gzip request bodies: `compression: gzip`, or `auto` to anything but loopback. */
  private readonly compress: boolean;
  private readonly gzipLane = new CompressionLane();
  /**
   * One data channel for the sink's life, on every request: connectors with indexer acknowledgement
   * require one. The sink does not query `/services/collector/ack`: Hecate answers 200 only once the
   * events are durable, so the 200 is the acknowledgement.
   */
  private readonly channel = randomUUID();
  private readonly abort = new AbortController();
  private workers: Array<Promise<void>> = [];
  private draining = false;
  private stoppedReason: string | undefined;
  readonly counters: SinkCounters = { eventsIn: 0, eventsOut: 0, batchesOut: 0, retries: 0, retriesByReason: {}, rejected: 0, bytesOut: 0, dropped: {} };
  /** Time from sending a request to the end of its answer. */
  readonly sendSeconds = new Histogram(SEND_SECONDS_BUCKETS);

  constructor(
    readonly name: string,
    private readonly config: HecSinkConfig,
    readonly queue: EventQueue,
    private readonly log: Logger,
  ) {
    this.url = endpointUrl(config.url);
    this.agent = createAgent(config, this.url);
    this.compress = config.compression === 'gzip' || (config.compression === 'auto' && autoCompresses(this.url));
  }

  describe(): string {
    const proxy = proxyOf(this.agent);
    return `${this.name} → ${this.url.href}${proxy === undefined ? '' : ` via proxy ${proxy}`} (${this.queue.kind} queue, ${this.config.queue.maxLimitInMB} MB, ${this.config.queue.fullAction}, ${this.config.workers} workers, ${this.compress ? `gzip level ${this.config.compressionLevel}` : 'uncompressed'})`;
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
    const sent = withoutBlank(events);
    if (sent.length < events.length) this.counters.dropped['blank'] = (this.counters.dropped['blank'] ?? 0) + events.length - sent.length;
    if (sent.length === 0) return Promise.resolve();
    return encodeInto(sent, this.config.maxEventSize, (src, ends) => this.queue.pushEncoded(src, ends));
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
    const { maxBatchSize, workers } = this.config;
    const flushMs = this.config.queue.flushTimeOutInMillisecond;
    // The queue counts batches in flight until they are acknowledged. With every worker sending a
    // full batch, the sources must still find room for the next ones, or reading and sending take
    // turns instead of overlapping: so a batch is at most half the queue shared among the workers,
    // and at most REQUEST_BYTES (see there).
    const batchBytes = Math.max(1, Math.min(maxBatchSize, REQUEST_BYTES, Math.floor((this.config.queue.maxLimitInMB * 1024 * 1024) / (2 * workers))));
    // This worker's compressed bodies (a worker sends one request at a time).
    const output = new GzipOutput();
    while (!this.abort.signal.aborted && this.stoppedReason === undefined) {
      if (queue.unread() === 0) {
        if (this.draining) return;
        await this.waitForChange(1_000);
        continue;
      }
      const due = queue.oldestUnreadAt() + flushMs - Date.now();
      if (!this.draining && queue.unreadBytes() < batchBytes && due > 0) {
        await this.waitForChange(due);
        continue;
      }
      const batch = queue.take(batchBytes);
      if (batch === undefined) continue;
      if (await this.deliver(batch, batch.requestId, output)) queue.ack(batch);
    }
  }

  /**
   * Resolves at the queue's next change, after ms, or at shutdown, and leaves no timer, waiter or
   * abort listener behind: workers wait here on every push, so a leftover per wait would pile up.
   */
  private waitForChange(ms: number): Promise<void> {
    const { signal } = this.abort;
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      void this.queue.changed(ms).then(done);
    });
  }

  /** Sends records until the server takes them; false when the sink stopped or shutdown cut it short. */
  private async deliver(payload: Payload, requestId: string, output: GzipOutput): Promise<boolean> {
    const request = await buildRequest(this.config, payload.spans, requestId, this.compress, { channel: this.channel, output, lane: this.gzipLane });
    for (let attempt = 0; ; attempt++) {
      if (this.abort.signal.aborted || this.stoppedReason !== undefined) return false;
      let response;
      const sentAt = performance.now();
      try {
        response = await send(this.url, this.agent, request, REQUEST_TIMEOUT_MS, this.abort.signal);
        this.sendSeconds.observe((performance.now() - sentAt) / 1000);
      } catch (error) {
        // Cut off by the end of the drain: the records stay queued (a disk queue sends them after a restart).
        if (this.abort.signal.aborted) return false;
        this.retryLog(attempt, `network error: ${(error as Error).message}`, 'network');
        await sleep(backoffMs(attempt), this.abort.signal);
        continue;
      }
      const decision = responseAction(response);
      switch (decision.action) {
        case 'ack':
          this.counters.eventsOut += payload.count;
          this.counters.batchesOut++;
          this.counters.bytesOut += payload.bytes;
          return true;
        case 'retry':
          this.retryLog(attempt, decision.reason, `http_${response.status}`);
          await sleep(backoffMs(attempt, decision.minDelayMs), this.abort.signal);
          continue;
        case 'split': {
          const records = payload.records();
          if (records.length === 1) {
            this.reject(1, 'a single event is larger than the server accepts (413)', 'too_large');
            return true;
          }
          const half = Math.ceil(records.length / 2);
          // Sub-batches get derived ids, stable across retries and restarts like their parent's.
          return (await this.deliver(payloadOf(records.slice(0, half)), `${requestId}.a`, output)) && (await this.deliver(payloadOf(records.slice(half)), `${requestId}.b`, output));
        }
        case 'stop':
          this.stoppedReason = decision.reason;
          this.log.error(
            `sink ${this.name} stopped: the server refused the token (${decision.reason}). Check sinks.${this.name}.token ` +
              'and that its connector is enabled; ' +
              (this.queue.kind === 'disk'
                ? 'queued events stay on disk and are sent after a restart with a valid token'
                : 'queued events wait in memory until the collector stops (a memory queue keeps nothing across a restart)'),
            { sink: this.name, url: this.url.href },
          );
          return false;
        case 'partial': {
          this.reject(1, decision.reason, 'refused');
          const records = payload.records();
          const rest = records.slice(decision.accepted + 1);
          this.counters.eventsOut += Math.min(decision.accepted, records.length);
          for (const record of records.slice(0, decision.accepted)) this.counters.bytesOut += record.length;
          return rest.length === 0 || (await this.deliver(payloadOf(rest), `${requestId}.r${decision.accepted + 1}`, output));
        }
        case 'drop':
          this.reject(payload.count, decision.reason, 'refused');
          return true;
      }
    }
  }

  private retryLog(attempt: number, reason: string, cause: string): void {
    this.counters.retries++;
    this.counters.retriesByReason[cause] = (this.counters.retriesByReason[cause] ?? 0) + 1;
    // The first failure and then every tenth: a server down for minutes must not flood the log.
    if (attempt % 10 === 0) this.log.warn(`sink ${this.name}: sending failed, retrying with backoff`, { sink: this.name, attempt: attempt + 1, reason });
  }

  private reject(count: number, reason: string, cause: 'refused' | 'too_large'): void {
    this.counters.rejected += count;
    this.counters.dropped[cause] = (this.counters.dropped[cause] ?? 0) + count;
    this.log.error(`sink ${this.name}: the server refused ${count} event(s); they are dropped`, { sink: this.name, reason });
  }
}
