/**
 * `HEC`: sends events to Hecate or any Splunk HEC endpoint.
 *
 * Design: every request goes through `batch-sender` (split on 413, resend after a partial failure)
 * and `request-sender` (retries with one X-Request-Id per batch, so retries are exactly-once on
 * Hecate). Requests share `concurrency` slots across all calls of one sender. `sendEvent` lingers
 * `lingerMs` so concurrent calls share requests; `sendEventList` and `sendEventFile` batch by
 * `batchEvents` / `batchBytes` and stream, never holding more than `concurrency` batches.
 */
import { open } from 'node:fs/promises';
import { HecCode } from '@hecate/hec';
import { AckPoller } from './ack-poller.js';
import { countLines, sendJsonBatch, sendRawChunk } from './batch-sender.js';
import type { BatchReport } from './batch-sender.js';
import { BatchBuilder } from './encoded-batch.js';
import type { EncodedBatch } from './encoded-batch.js';
import { envelopeEncoder } from './envelope-encoder.js';
import { fetchTransport } from './fetch-transport.js';
import { HecError } from './hec-error.js';
import { resolveOptions } from './hec-options.js';
import type { HecOptions, ResolvedOptions } from './hec-options.js';
import { answerError, parseAnswer } from './hec-answer.js';
import { decodedBytes, newlineChunks } from './newline-chunks.js';
import { nodeTransport } from './node-transport.js';
import { toRawLine } from './payload-envelope.js';
import type { EventInput } from './payload-envelope.js';
import { headersFor } from './request-sender.js';
import { redactingLog } from './redacting-logger.js';
import { Semaphore } from './semaphore.js';
import type { SendContext } from './send-context.js';
import { DeliveryError } from './send-result.js';
import type { SendProgress, SendResult } from './send-result.js';
import { SendRun } from './send-run.js';

export interface SendOptions {
  /** Called after every batch with the running totals. */
  onProgress?: (progress: SendProgress) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (error: HecError) => void;
}

interface Lingering {
  batch: BatchBuilder;
  waiters: Waiter[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class HEC {
  readonly options: ResolvedOptions;
  private readonly ctx: SendContext;
  private readonly runId = Math.random().toString(36).slice(2, 10);
  private sequence = 0;
  private lingering: Lingering | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  private readonly encode: (event: EventInput) => string;

  constructor(options: HecOptions) {
    this.options = resolveOptions(options);
    const o = this.options;
    const acks = o.useAck ? new AckPoller() : undefined;
    const log = redactingLog(o.logger, [o.apiKey, ...(o.proxy?.secrets ?? [])]);
    this.ctx = {
      options: o,
      // Slots for the batches, plus one for the ack poll, so polling never waits behind data.
      transport: o.transport === 'node' ? nodeTransport({ maxSockets: o.concurrency + 1, ca: o.ca, insecure: o.insecure, proxy: o.proxy, log }) : fetchTransport(),
      log,
      slots: new Semaphore(o.concurrency),
      acks,
    };
    acks?.attach(this.ctx);
    const json = envelopeEncoder(o.timeunit, o.metadata);
    this.encode = o.raw ? (event) => toRawLine(event, o.timeunit) : json;
  }

  /** Sends one event; resolves once it is stored (and acknowledged, with `useAck`), rejects with a HecError. */
  sendEvent(event: EventInput): Promise<void> {
    this.assertOpen();
    const text = this.encode(event);
    const lingering = (this.lingering ??= { batch: new BatchBuilder(4096), waiters: [], timer: undefined });
    const done = new Promise<void>((resolve, reject) => lingering.waiters.push({ resolve, reject }));
    lingering.batch.add(text);
    if (this.isFull(lingering.batch)) this.dispatchLingering();
    else lingering.timer ??= setTimeout(() => this.dispatchLingering(), this.options.lingerMs);
    return done;
  }

  /**
   * Sends many events, `batchEvents`/`batchBytes` per request, `concurrency` requests in flight.
   * Resolves with the totals when every event was delivered; otherwise rejects with a DeliveryError
   * whose `result` lists each event (or batch) that was not, and why.
   */
  async sendEventList(events: Iterable<EventInput> | AsyncIterable<EventInput>, options: SendOptions = {}): Promise<SendResult> {
    this.assertOpen();
    const run = new SendRun(this.ctx, options.onProgress);
    const builder = new BatchBuilder();
    let offset = 0;
    let skipped = 0;
    const submit = async () => {
      const batch = builder.take();
      const first = offset;
      offset += batch.count;
      await run.submit(() => this.sendBatch(batch, first), first, batch.count);
    };
    /** Encodes one event into the batch; true when the batch is full and should be submitted. */
    const add = (event: EventInput): boolean => {
      if (run.stopped !== undefined) {
        skipped++;
        return false;
      }
      builder.add(this.encode(event));
      return this.isFull(builder);
    };
    // `for await` over an array would cost a promise and a microtask per event: iterate sync sources as such.
    if (Symbol.asyncIterator in events) {
      for await (const event of events) if (add(event)) await submit();
    } else {
      for (const event of events) if (add(event)) await submit();
    }
    if (builder.count > 0 && run.stopped === undefined) await submit();
    else skipped += builder.count;
    return this.finish(run, skipped, offset);
  }

  /**
   * Streams a file (gzip detected by its magic bytes) to `/services/collector/raw` in newline-aligned
   * chunks of about `batchBytes`: one event per line, the file never held in memory.
   */
  async sendEventFile(path: string, options: SendOptions = {}): Promise<SendResult> {
    this.assertOpen();
    // Open first so a missing file fails here, not inside the stream.
    const handle = await open(path, 'r');
    const stream = handle.createReadStream({ highWaterMark: 256 * 1024 });
    return this.sendRawStream(stream, options);
  }

  /** Like `sendEventFile`, for any byte stream (stdin, a socket): newline-delimited text, plain or gzip. */
  async sendRawStream(source: AsyncIterable<Buffer>, options: SendOptions = {}): Promise<SendResult> {
    this.assertOpen();
    const run = new SendRun(this.ctx, options.onProgress);
    let sourceBytes = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of source) {
        sourceBytes += chunk.length;
        yield chunk;
      }
    }
    let line = 0;
    for await (const chunk of newlineChunks(decodedBytes(counted()), this.options.batchBytes)) {
      if (run.stopped !== undefined) break;
      run.sourceBytes(sourceBytes);
      const first = line;
      const lines = countLines(chunk);
      line += lines;
      await run.submit(() => sendRawChunk(this.ctx, chunk, first, this.nextRequestId(), lines), first, lines);
    }
    run.sourceBytes(sourceBytes);
    // After a stop the rest of the source was not read, so its size is unknown: one rejection for "the rest".
    return this.finish(run, run.stopped === undefined ? 0 : 1, line);
  }

  /**
   * True when the endpoint is reachable and accepts the key. Stores nothing: it posts an empty body,
   * which a valid key gets answered with 400 "No data" (code 5).
   */
  async testConnection(): Promise<boolean> {
    this.assertOpen();
    const path = this.options.raw ? '/services/collector/raw' : '/services/collector/event';
    try {
      const response = await this.ctx.transport.request({
        method: 'POST',
        url: `${this.options.baseUrl}${path}`,
        headers: headersFor(this.ctx, 'application/json'),
        body: new Uint8Array(0),
        timeoutMs: this.options.timeoutMs,
      });
      const body = parseAnswer(response.text);
      if (response.status < 300 || body.code === HecCode.NoData) return true;
      this.ctx.log('warn', `testConnection: ${answerError(response, body, undefined).message}`);
      return false;
    } catch (error) {
      this.ctx.log('warn', `testConnection: ${(error as Error).message}`);
      return false;
    }
  }

  /** Sends what `sendEvent` is holding and waits for every request in flight. */
  async flush(): Promise<void> {
    this.dispatchLingering();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Flushes, then releases connections and timers: the process can exit once this resolves. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    this.ctx.acks?.stop();
    this.ctx.transport.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new HecError('this HEC sender is closed', { kind: 'aborted' });
  }

  private isFull(batch: BatchBuilder): boolean {
    return batch.count >= this.options.batchEvents || batch.bytes >= this.options.batchBytes;
  }

  private nextRequestId(): string {
    return `${this.runId}-${++this.sequence}`;
  }

  private sendBatch(batch: EncodedBatch, offset: number): Promise<BatchReport> {
    const id = this.nextRequestId();
    if (!this.options.raw) return sendJsonBatch(this.ctx, batch, offset, id);
    return sendRawChunk(this.ctx, batch.lines(), offset, id, batch.count);
  }

  private dispatchLingering(): void {
    const lingering = this.lingering;
    if (lingering === undefined) return;
    this.lingering = undefined;
    if (lingering.timer !== undefined) clearTimeout(lingering.timer);
    const batch = lingering.batch.take();
    const run = new SendRun(this.ctx, undefined);
    const task = (async () => {
      await run.submit(() => this.sendBatch(batch, 0), 0, batch.count);
      const result = await run.finish().catch((error: unknown) => {
        const cause = error instanceof HecError ? error : new HecError(String(error), { kind: 'network', cause: error });
        return { rejections: [{ index: 0, count: batch.count, error: cause }] };
      });
      const failed = new Map<number, HecError>();
      for (const r of result.rejections) for (let i = r.index; i < r.index + r.count; i++) failed.set(i, r.error);
      lingering.waiters.forEach((waiter, i) => {
        const error = failed.get(i);
        if (error === undefined) waiter.resolve();
        else waiter.reject(error);
      });
    })();
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  private async finish(run: SendRun, skipped: number, skippedFrom: number): Promise<SendResult> {
    const tracked = run.finish();
    this.inFlight.add(tracked);
    let result: SendResult;
    try {
      result = await tracked;
    } finally {
      this.inFlight.delete(tracked);
    }
    if (skipped > 0) {
      run.skipped(skippedFrom, skipped);
      result.rejections.sort((a, b) => a.index - b.index);
    }
    if (result.rejections.length > 0) throw new DeliveryError(result);
    return result;
  }
}
