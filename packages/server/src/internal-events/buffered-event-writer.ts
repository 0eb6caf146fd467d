/**
 * Writes events Hecate records about itself (connection errors, the audit log) through the event store,
 * off the request path.
 *
 * Invariants:
 * - `write` never blocks, never throws and never awaits: it appends to a bounded buffer.
 * - At most one store commit is in flight; each commit carries up to `batchSize` events, so a flood of
 *   writes costs a handful of commits, never one per write.
 * - A busy store (StoreBusyError) or a full buffer drops the events and counts them: recording why data
 *   is not arriving must never be the reason data is not arriving.
 */
import type { StoredEvent } from '../events.js';
import type { Logger } from '../log/logger.js';
import type { EventStore } from '../store/types.js';

export interface BufferedEventWriterOptions {
  /** Events per store commit. */
  batchSize?: number;
  /** Most events waiting in memory; more are dropped (counted). */
  maxBuffered?: number;
  /** How long a partly filled batch waits for company before it is committed, ms. */
  flushDelayMs?: number;
  log?: Logger;
}

export interface BufferedEventWriterStats {
  /** Events committed durably. */
  written: number;
  /** Events waiting in memory or in the commit in flight. */
  pending: number;
  /** Events dropped because the store was busy (StoreBusyError). */
  droppedBusy: number;
  /** Events dropped because the buffer was full (or written after close). */
  droppedOverflow: number;
  /** Events dropped because the commit failed otherwise (store closed, disk error). */
  droppedFailed: number;
}

export class BufferedEventWriter {
  private buffer: StoredEvent[] = [];
  private inFlight: Promise<void> | undefined;
  private inFlightCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly counts = { written: 0, droppedBusy: 0, droppedOverflow: 0, droppedFailed: 0 };
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  private readonly flushDelayMs: number;

  constructor(
    private readonly store: Pick<EventStore, 'commit'>,
    private readonly options: BufferedEventWriterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.maxBuffered = options.maxBuffered ?? 2000;
    this.flushDelayMs = options.flushDelayMs ?? 200;
  }

  write(event: StoredEvent): void {
    if (this.closed || this.buffer.length >= this.maxBuffered) {
      this.counts.droppedOverflow++;
      return;
    }
    this.buffer.push(event);
    this.schedule();
  }

  stats(): BufferedEventWriterStats {
    return { ...this.counts, pending: this.buffer.length + this.inFlightCount };
  }

  /** Resolves once everything written before the call was committed (or dropped and counted). */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.inFlight !== undefined || this.buffer.length > 0) {
      if (this.inFlight === undefined) this.commitNext();
      await this.inFlight;
    }
  }

  /** Commits what is buffered; later writes are dropped (counted). Call before the store closes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private schedule(): void {
    if (this.inFlight !== undefined) return; // the running commit picks the buffer up when it ends
    if (this.buffer.length >= this.batchSize) {
      this.clearTimer();
      this.commitNext();
      return;
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.inFlight === undefined) this.commitNext();
      }, this.flushDelayMs);
      this.timer.unref();
    }
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private commitNext(): void {
    this.clearTimer();
    if (this.buffer.length === 0) return;
    const events = this.buffer.splice(0, this.batchSize);
    this.inFlightCount = events.length;
    this.inFlight = this.store
      .commit({ events })
      .then(
        () => {
          this.counts.written += events.length;
        },
        (err: unknown) => {
          if ((err as { code?: unknown } | undefined)?.code === 'STORE_BUSY') {
            this.counts.droppedBusy += events.length;
          } else {
            this.counts.droppedFailed += events.length;
            this.options.log?.warn({ err, events: events.length }, 'could not store internal events; dropped');
          }
        },
      )
      .then(() => {
        this.inFlight = undefined;
        this.inFlightCount = 0;
        if (this.buffer.length > 0) this.schedule();
      });
  }
}
