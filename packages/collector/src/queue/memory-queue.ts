/**
 * A bounded in-memory queue. Fast and lost on a crash. Bytes count from push until ack, so records
 * in flight still take room: a slow server therefore pauses the sources instead of growing memory.
 *
 * Layout. Record bytes live in reused slabs (slab-arena.ts); where each record is, by sequence
 * number, is kept in typed arrays (record-ring.ts). No JavaScript object exists per queued record:
 * a batch is handed out as a few views, one per contiguous run of slab memory, and per-record views
 * are made only when a batch must be split. The resident memory of a full queue is therefore about
 * `maxBytes` plus 16 bytes per record held, and the JavaScript heap does not grow with the queue.
 *
 * Seqs. Records get consecutive seqs in push order. Between `ring.first` and `head` are records
 * handed out (in flight) and, above the oldest batch in flight, ranges already acknowledged or
 * deleted (`forgotten`); from `head` to `ring.end` the unread ones. A range's slab bytes are
 * released when it is acknowledged or deleted; the ring forgets seqs only in order.
 */
import { randomUUID } from 'node:crypto';
import type { EventQueue, QueueBatch, QueueStats } from './event-queue.js';
import { RecordRing } from './record-ring.js';
import { Signal } from './signal.js';
import { SlabArena } from './slab-arena.js';

/**
 * Slab size: many records per slab, and little left unused at the end of each; small enough that
 * the slabs held beyond the queued bytes (partly acknowledged ones, the one being filled) are a
 * few percent of a 64 MB queue, not the 4 MiB that 1 MiB slabs cost.
 */
const SLAB_BYTES = 256 * 1024;

export interface MemoryQueueOptions {
  maxBytes: number;
  fullAction: 'pause' | 'deleteOldest';
  /** Slab size in bytes (tests use small ones); default 256 KiB. */
  slabBytes?: number;
}

export class MemoryQueue implements EventQueue {
  readonly kind = 'memory';
  private readonly ring = new RecordRing();
  /** Oldest unread seq. */
  private head = 0;
  private readonly inFlight = new Map<number, QueueBatch>();
  /** Seq ranges above ring.first already acknowledged or deleted: start → end (exclusive). */
  private readonly forgotten = new Map<number, number>();
  private totalBytes = 0;
  private unreadByteCount = 0;
  private deleted = 0;
  private closed = false;
  /** Pushes waiting for room (fullAction: pause). */
  private waiting = 0;
  private readonly signal = new Signal();
  private readonly arena: SlabArena;

  constructor(private readonly options: MemoryQueueOptions) {
    const slabBytes = options.slabBytes ?? SLAB_BYTES;
    // The free list never keeps more than the queue may hold, plus the slabs being filled.
    this.arena = new SlabArena(slabBytes, Math.ceil(options.maxBytes / slabBytes) + 2);
  }

  push(records: readonly Buffer[]): Promise<void> {
    const ends = new Array<number>(records.length);
    let end = 0;
    for (let i = 0; i < records.length; i++) ends[i] = end += (records[i] as Buffer).length;
    return this.pushEncoded(Buffer.concat(records, end), ends);
  }

  async pushEncoded(src: Buffer, ends: readonly number[]): Promise<void> {
    // Copied before any wait: the caller reuses src as soon as this returns.
    const placement = this.arena.store(src, ends);
    const size = ends.length === 0 ? 0 : (ends[ends.length - 1] as number);
    if (this.options.fullAction === 'deleteOldest') {
      this.deleteOldest(size);
    } else {
      // An empty queue always takes a push, so one oversized push cannot wait forever.
      this.waiting++;
      try {
        while (!this.closed && this.totalBytes > 0 && this.totalBytes + size > this.options.maxBytes) await this.signal.wait();
      } finally {
        this.waiting--;
      }
    }
    const at = Date.now();
    let i = 0;
    let start = 0;
    for (let r = 0; r < placement.length; r += 3) {
      const slab = placement[r] as number;
      const delta = placement[r + 1] as number;
      const runEnd = placement[r + 2] as number;
      for (; i < runEnd; i++) {
        const end = ends[i] as number;
        this.ring.add(slab, start + delta, end - start, at);
        start = end;
      }
    }
    this.totalBytes += size;
    this.unreadByteCount += size;
    this.signal.notify();
  }

  full(): boolean {
    return this.options.fullAction === 'pause' && (this.waiting > 0 || this.totalBytes >= this.options.maxBytes);
  }

  async room(bytes: number): Promise<void> {
    const { fullAction, maxBytes } = this.options;
    const want = Math.min(bytes, maxBytes / 2);
    while (fullAction === 'pause' && !this.closed && this.totalBytes > 0 && this.totalBytes + want > maxBytes) await this.signal.wait();
  }

  unread(): number {
    return this.ring.end - this.head;
  }

  unreadBytes(): number {
    return this.unreadByteCount;
  }

  oldestUnreadAt(): number {
    return this.head < this.ring.end ? this.ring.at(this.head) : Date.now();
  }

  take(maxBytes: number): QueueBatch | undefined {
    const { ring, arena } = this;
    const firstSeq = this.head;
    const spans: Buffer[] = [];
    let bytes = 0;
    let seq = firstSeq;
    let spanSlab = -1;
    let spanStart = 0;
    let spanEnd = 0;
    for (; seq < ring.end; seq++) {
      const length = ring.length(seq);
      if (seq > firstSeq && bytes + length > maxBytes) break;
      const slab = ring.slab(seq);
      const offset = ring.offset(seq);
      if (slab !== spanSlab || offset !== spanEnd) {
        if (spanSlab >= 0) spans.push(arena.buffer(spanSlab).subarray(spanStart, spanEnd));
        spanSlab = slab;
        spanStart = offset;
      }
      spanEnd = offset + length;
      bytes += length;
    }
    if (seq === firstSeq) return undefined;
    spans.push(arena.buffer(spanSlab).subarray(spanStart, spanEnd));
    this.head = seq;
    this.unreadByteCount -= bytes;
    const batch: QueueBatch = {
      spans,
      count: seq - firstSeq,
      firstSeq,
      lastSeq: seq - 1,
      bytes,
      requestId: randomUUID(),
      records: () => this.views(firstSeq, seq),
    };
    this.inFlight.set(firstSeq, batch);
    return batch;
  }

  ack(batch: QueueBatch): void {
    if (!this.inFlight.delete(batch.firstSeq)) return;
    // The sink acknowledges after the request was written and answered: nothing reads these records now.
    this.release(batch.firstSeq, batch.lastSeq + 1);
    this.totalBytes -= batch.bytes;
    this.forget(batch.firstSeq, batch.lastSeq + 1);
    this.signal.notify();
  }

  changed(timeoutMs?: number): Promise<void> {
    return this.signal.wait(timeoutMs);
  }

  stats(): QueueStats {
    let inFlight = 0;
    for (const batch of this.inFlight.values()) inFlight += batch.count;
    return { records: this.unread() + inFlight, bytes: this.totalBytes, deletedOldest: this.deleted };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.signal.notify();
  }

  /** Slabs holding memory and ring capacity, for tests of the layout. */
  layout(): { heldSlabs: number; freeSlabs: number; ringCapacity: number; ringRecords: number } {
    return { heldSlabs: this.arena.heldSlabs, freeSlabs: this.arena.freeSlabs, ringCapacity: this.ring.capacity, ringRecords: this.ring.end - this.ring.first };
  }

  /** Deletes the oldest unread records until `size` more bytes fit (or none is left unread). */
  private deleteOldest(size: number): void {
    const from = this.head;
    let bytes = 0;
    let seq = from;
    while (this.totalBytes - bytes + size > this.options.maxBytes && seq < this.ring.end) bytes += this.ring.length(seq++);
    if (seq === from) return;
    this.release(from, seq);
    this.head = seq;
    this.totalBytes -= bytes;
    this.unreadByteCount -= bytes;
    this.deleted += seq - from;
    this.forget(from, seq);
  }

  /** Gives the slab bytes of seqs from..to-1 back to the arena, one call per run in the same slab. */
  private release(from: number, to: number): void {
    let slab = -1;
    let bytes = 0;
    for (let seq = from; seq < to; seq++) {
      const next = this.ring.slab(seq);
      if (next !== slab) {
        if (slab >= 0) this.arena.release(slab, bytes);
        slab = next;
        bytes = 0;
      }
      bytes += this.ring.length(seq);
    }
    if (slab >= 0) this.arena.release(slab, bytes);
  }

  /** Seqs from..to-1 are done with; the ring drops them once every older seq is done with too. */
  private forget(from: number, to: number): void {
    if (from !== this.ring.first) {
      this.forgotten.set(from, to);
      return;
    }
    let first = to;
    for (let end = this.forgotten.get(first); end !== undefined; end = this.forgotten.get(first)) {
      this.forgotten.delete(first);
      first = end;
    }
    this.ring.first = first;
  }

  private views(from: number, to: number): Buffer[] {
    const out = new Array<Buffer>(to - from);
    for (let seq = from; seq < to; seq++) {
      const offset = this.ring.offset(seq);
      out[seq - from] = this.arena.buffer(this.ring.slab(seq)).subarray(offset, offset + this.ring.length(seq));
    }
    return out;
  }
}
