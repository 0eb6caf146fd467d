/**
 * A bounded in-memory queue. Fast and lost on a crash. Bytes count from push until ack, so records
 * in flight still take room: a slow server therefore pauses the sources instead of growing memory.
 * Records stored through `store` live in reused slabs (slab-arena.ts), so the resident memory of a
 * full queue is about `maxBytes`, not that plus the garbage of everything it already sent.
 */
import { randomUUID } from 'node:crypto';
import type { EventQueue, QueueBatch, QueueStats } from './event-queue.js';
import { Signal } from './signal.js';
import { SlabArena } from './slab-arena.js';

/** Slab size: many records per slab, and little left unused at the end of each. */
const SLAB_BYTES = 1024 * 1024;

interface Entry {
  seq: number;
  record: Buffer;
  at: number;
}

export interface MemoryQueueOptions {
  maxBytes: number;
  fullAction: 'pause' | 'deleteOldest';
}

export class MemoryQueue implements EventQueue {
  readonly kind = 'memory';
  private readonly unreadEntries: Entry[] = [];
  /** Index of the first live entry in unreadEntries (shifting arrays is O(n); we compact in bulk). */
  private head = 0;
  private readonly inFlight = new Map<number, QueueBatch>();
  private nextSeq = 0;
  private totalBytes = 0;
  private unreadByteCount = 0;
  private deleted = 0;
  private closed = false;
  private readonly signal = new Signal();

  private readonly arena: SlabArena;

  constructor(private readonly options: MemoryQueueOptions) {
    // The free list never keeps more than the queue may hold, plus the slabs being filled.
    this.arena = new SlabArena(SLAB_BYTES, Math.ceil(options.maxBytes / SLAB_BYTES) + 2);
  }

  store(src: Buffer, ends: readonly number[]): Buffer[] {
    return this.arena.store(src, ends);
  }

  async push(records: readonly Buffer[]): Promise<void> {
    const size = records.reduce((sum, record) => sum + record.length, 0);
    if (this.options.fullAction === 'deleteOldest') {
      while (this.totalBytes + size > this.options.maxBytes && this.head < this.unreadEntries.length) this.dropOldest();
    } else {
      // An empty queue always takes a push, so one oversized push cannot wait forever.
      while (!this.closed && this.totalBytes > 0 && this.totalBytes + size > this.options.maxBytes) await this.signal.wait();
    }
    const at = Date.now();
    for (const record of records) this.unreadEntries.push({ seq: this.nextSeq++, record, at });
    this.totalBytes += size;
    this.unreadByteCount += size;
    this.signal.notify();
  }

  full(): boolean {
    return this.options.fullAction === 'pause' && this.totalBytes >= this.options.maxBytes;
  }

  unread(): number {
    return this.unreadEntries.length - this.head;
  }

  unreadBytes(): number {
    return this.unreadByteCount;
  }

  oldestUnreadAt(): number {
    return this.unreadEntries[this.head]?.at ?? Date.now();
  }

  take(maxBytes: number): QueueBatch | undefined {
    const records: Buffer[] = [];
    let bytes = 0;
    let firstSeq = -1;
    let lastSeq = -1;
    while (this.head < this.unreadEntries.length) {
      const entry = this.unreadEntries[this.head];
      if (entry === undefined || (records.length > 0 && bytes + entry.record.length > maxBytes)) break;
      if (firstSeq < 0) firstSeq = entry.seq;
      lastSeq = entry.seq;
      records.push(entry.record);
      bytes += entry.record.length;
      this.head++;
    }
    this.compact();
    if (records.length === 0) return undefined;
    this.unreadByteCount -= bytes;
    const batch: QueueBatch = { records, firstSeq, lastSeq, bytes, requestId: randomUUID() };
    this.inFlight.set(firstSeq, batch);
    return batch;
  }

  ack(batch: QueueBatch): void {
    if (!this.inFlight.delete(batch.firstSeq)) return;
    this.totalBytes -= batch.bytes;
    // The sink acknowledges after the request was written and answered: nothing reads these records now.
    this.arena.release(batch.records);
    this.signal.notify();
  }

  changed(timeoutMs?: number): Promise<void> {
    return this.signal.wait(timeoutMs);
  }

  stats(): QueueStats {
    let inFlight = 0;
    for (const batch of this.inFlight.values()) inFlight += batch.records.length;
    return { records: this.unread() + inFlight, bytes: this.totalBytes, deletedOldest: this.deleted };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.signal.notify();
  }

  private dropOldest(): void {
    const entry = this.unreadEntries[this.head++];
    if (entry === undefined) return;
    this.totalBytes -= entry.record.length;
    this.unreadByteCount -= entry.record.length;
    this.deleted++;
    this.arena.release([entry.record]);
    this.compact();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.unreadEntries.length) {
      this.unreadEntries.splice(0, this.head);
      this.head = 0;
    }
  }
}
