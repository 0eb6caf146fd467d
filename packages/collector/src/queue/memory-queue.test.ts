import { describe, expect, it } from 'vitest';
import { encodeInto } from '../sinks/hec/encoder.js';
import type { QueueBatch } from './event-queue.js';
import { MemoryQueue } from './memory-queue.js';

const rec = (i: number): Buffer => Buffer.from(`record-${String(i).padStart(3, '0')}`); // 10 bytes
const recs = (from: number, to: number): Buffer[] => Array.from({ length: to - from }, (_, k) => rec(from + k));
const texts = (batch: QueueBatch | undefined): string[] => batch?.records().map(String) ?? [];

function take(q: MemoryQueue, maxBytes: number): QueueBatch {
  const batch = q.take(maxBytes);
  if (batch === undefined) throw new Error('nothing to take');
  return batch;
}

describe('MemoryQueue', () => {
  it('batches up to maxBytes in order, each batch with its own request id', async () => {
    const q = new MemoryQueue({ maxBytes: 1000, fullAction: 'pause' });
    await q.push([rec(1), rec(2), rec(3)]);
    const a = q.take(20);
    const b = q.take(20);
    expect(texts(a)).toEqual(['record-001', 'record-002']);
    expect(texts(b)).toEqual(['record-003']);
    expect([a?.firstSeq, a?.lastSeq, a?.count, a?.bytes]).toEqual([0, 1, 2, 20]);
    expect(a?.requestId).not.toBe(b?.requestId);
  });

  it('hands a batch out as one span per contiguous run of slab memory', async () => {
    const q = new MemoryQueue({ maxBytes: 1000, fullAction: 'pause', slabBytes: 40 });
    await q.push(recs(0, 3));
    await q.push(recs(3, 6)); // record-003 ends the first slab (40 bytes), 004 and 005 start the next
    const batch = take(q, 1000);
    expect(batch.spans.map(String)).toEqual(['record-000record-001record-002record-003', 'record-004record-005']);
    expect(batch.count).toBe(6);
    expect(texts(batch)).toEqual(recs(0, 6).map(String));
  });

  it('fullAction pause: a push waits until an acknowledgement frees room', async () => {
    const q = new MemoryQueue({ maxBytes: 30, fullAction: 'pause' });
    await q.push([rec(1), rec(2), rec(3)]);
    expect(q.full()).toBe(true);
    let done = false;
    const waiting = q.push([rec(4)]).then(() => (done = true));
    const batch = take(q, 20);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false); // taken is not acknowledged: still counts
    q.ack(batch);
    await waiting;
    expect(q.stats()).toEqual({ records: 2, bytes: 20, deletedOldest: 0 });
    expect(texts(q.take(1000))).toEqual(['record-003', 'record-004']);
  });

  it('fullAction pause: full while a push waits, though the bytes held are short of the limit', async () => {
    // A source that cannot wait (UDP) drops while full() is true: a waiting push must make it true,
    // or every datagram batch would become another push waiting in memory.
    const q = new MemoryQueue({ maxBytes: 35, fullAction: 'pause' });
    await q.push(recs(0, 3));
    expect(q.full()).toBe(false);
    const waiting = q.push([rec(3)]);
    expect(q.full()).toBe(true);
    q.ack(take(q, 1000));
    await waiting;
    expect(q.full()).toBe(false);
    expect(q.stats()).toEqual({ records: 1, bytes: 10, deletedOldest: 0 });
  });

  it('room: resolves once a push of that size would not wait, at most half the queue asked for', async () => {
    const q = new MemoryQueue({ maxBytes: 40, fullAction: 'pause' });
    await q.room(1000); // empty: at once
    await q.push([rec(1), rec(2)]);
    await q.room(20); // 20 + 20 fits
    let roomed = false;
    const waiting = q.room(30).then(() => (roomed = true)); // asks for 20 (half): 20 + 20 fits too
    await waiting;
    expect(roomed).toBe(true);
    await q.push([rec(3)]);
    roomed = false;
    const blocked = q.room(20).then(() => (roomed = true));
    const batch = take(q, 20);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(roomed).toBe(false); // 30 + 20 > 40, and a batch in flight still counts
    q.ack(batch);
    await blocked;
    expect(q.stats().bytes).toBe(10);
  });

  it('room: at once with deleteOldest, and released by close', async () => {
    const dropping = new MemoryQueue({ maxBytes: 20, fullAction: 'deleteOldest' });
    await dropping.push([rec(1), rec(2)]);
    await dropping.room(20);
    const q = new MemoryQueue({ maxBytes: 20, fullAction: 'pause' });
    await q.push([rec(1), rec(2)]);
    const waiting = q.room(10);
    await q.close();
    await waiting;
  });

  it('fullAction pause: a waiting push keeps its records although the encoder reuses its buffer', async () => {
    const q = new MemoryQueue({ maxBytes: 20, fullAction: 'pause' });
    await q.push([rec(1), rec(2)]);
    const src = Buffer.concat([rec(3), rec(4)]);
    const waiting = q.pushEncoded(src, [10, 20]);
    src.fill(0x78); // what the next encoder call would do to its scratch buffer
    q.ack(take(q, 1000));
    await waiting;
    expect(texts(q.take(1000))).toEqual(['record-003', 'record-004']);
  });

  it('fullAction deleteOldest: drops the oldest unread records and counts them', async () => {
    const q = new MemoryQueue({ maxBytes: 30, fullAction: 'deleteOldest' });
    await q.push([rec(1), rec(2), rec(3)]);
    await q.push([rec(4), rec(5)]);
    expect(q.stats()).toEqual({ records: 3, bytes: 30, deletedOldest: 2 });
    expect(texts(q.take(1000))).toEqual(['record-003', 'record-004', 'record-005']);
  });

  it('fullAction deleteOldest: never drops records in flight, and frees their room only on the ack', async () => {
    const q = new MemoryQueue({ maxBytes: 40, fullAction: 'deleteOldest', slabBytes: 20 });
    await q.push(recs(0, 4));
    const inFlight = take(q, 20); // 000, 001
    await q.push(recs(4, 6)); // deletes 002 and 003, the oldest unread
    expect(q.stats()).toEqual({ records: 4, bytes: 40, deletedOldest: 2 });
    expect(texts(inFlight)).toEqual(['record-000', 'record-001']); // its memory was not reused
    await q.push(recs(6, 7)); // deletes 004: the batch in flight is not the queue's to delete
    expect(q.stats().deletedOldest).toBe(3);
    q.ack(inFlight);
    expect(q.layout().ringRecords).toBe(2); // 005 and 006; the deleted seqs are forgotten with the ack
    expect(texts(q.take(1000))).toEqual(['record-005', 'record-006']);
  });

  it('accepts acknowledgements in any order, and forgets seqs only below the oldest batch in flight', async () => {
    const q = new MemoryQueue({ maxBytes: 1000, fullAction: 'pause', slabBytes: 20 });
    await q.push(recs(0, 6));
    const [a, b, c] = [take(q, 20), take(q, 20), take(q, 20)];
    q.ack(c);
    q.ack(b);
    expect(q.stats()).toEqual({ records: 2, bytes: 20, deletedOldest: 0 });
    expect(q.layout().ringRecords).toBe(6); // a holds the oldest seqs
    expect(q.layout().heldSlabs).toBe(3); // a's slab is still read; b's is on the free list, c's is the one being filled
    expect(texts(a)).toEqual(['record-000', 'record-001']);
    q.ack(a);
    q.ack(a); // a second ack of the same batch changes nothing
    expect(q.stats()).toEqual({ records: 0, bytes: 0, deletedOldest: 0 });
    expect(q.layout().ringRecords).toBe(0);
  });

  it('reuses slabs and ring slots round after round without growing', async () => {
    const q = new MemoryQueue({ maxBytes: 200, fullAction: 'pause', slabBytes: 50 });
    for (let round = 0; round < 40; round++) {
      await q.push(recs(round * 7, round * 7 + 7));
      const batch = take(q, 1000);
      expect(texts(batch)).toEqual(recs(round * 7, round * 7 + 7).map(String));
      q.ack(batch);
    }
    // 280 records went through 50-byte slabs; at most a queue's worth of slabs (plus the one being filled) stays.
    expect(q.layout().heldSlabs).toBeLessThanOrEqual(200 / 50 + 2);
    expect(q.layout().ringCapacity).toBe(4096);
    expect(q.stats()).toEqual({ records: 0, bytes: 0, deletedOldest: 0 });
  });

  it('keeps records in order across ring growth while older batches are in flight', async () => {
    const q = new MemoryQueue({ maxBytes: 1 << 20, fullAction: 'pause', slabBytes: 1000 });
    await q.push(recs(0, 10));
    const old = take(q, 50); // seqs 0..4 in flight
    for (let i = 10; i < 10_000; i += 10) await q.push(recs(i, i + 10));
    expect(q.layout().ringCapacity).toBe(3 * 4096);
    expect(texts(old)).toEqual(recs(0, 5).map(String));
    const rest = take(q, Number.MAX_SAFE_INTEGER);
    expect(rest.firstSeq).toBe(5);
    expect(texts(rest)).toEqual(recs(5, 10_000).map(String));
    expect(Buffer.concat(rest.spans).toString()).toBe(recs(5, 10_000).join(''));
  });

  it('stores a record larger than a slab on its own', async () => {
    const q = new MemoryQueue({ maxBytes: 1000, fullAction: 'pause', slabBytes: 16 });
    const big = Buffer.from('x'.repeat(40));
    await q.push([rec(1), big, rec(2)]);
    const batch = take(q, 1000);
    expect(batch.records().map(String)).toEqual(['record-001', big.toString(), 'record-002']);
    expect(batch.bytes).toBe(60);
    q.ack(batch);
    expect(q.layout().heldSlabs).toBe(2); // the oversized record's memory is gone; the small slabs stay
  });

  it('counts the bytes of encoded envelopes, and reuses their memory once acknowledged', async () => {
    const q = new MemoryQueue({ maxBytes: 4 * 1024 * 1024, fullAction: 'pause' });
    const fields = { '@collect.host': 'h' };
    const events = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `line ${i} ${'x'.repeat(100)}`, time: 0, fields }));
    let size = 0;
    await encodeInto(events(1000), 1 << 20, (src, ends) => {
      size = ends[ends.length - 1] ?? 0;
      return q.pushEncoded(src, ends);
    });
    expect(q.stats()).toEqual({ records: 1000, bytes: size, deletedOldest: 0 });
    expect(q.unreadBytes()).toBe(size);
    const batch = take(q, Number.MAX_SAFE_INTEGER);
    expect(batch.bytes).toBe(size);
    expect(batch.spans).toHaveLength(1); // 1000 envelopes fit one 1 MiB slab
    const slab = batch.spans[0]?.buffer;
    q.ack(batch);
    expect(q.stats()).toEqual({ records: 0, bytes: 0, deletedOldest: 0 });
    await encodeInto(events(10), 1 << 20, (src, ends) => q.pushEncoded(src, ends));
    expect(take(q, 1000).spans[0]?.buffer).toBe(slab); // acknowledged, its slab was written over
  });
});
