import { describe, expect, it } from 'vitest';
import { encodeEvents } from '../sinks/hec/encoder.js';
import { MemoryQueue } from './memory-queue.js';

const rec = (i: number): Buffer => Buffer.from(`record-${String(i).padStart(3, '0')}`); // 10 bytes

describe('MemoryQueue', () => {
  it('batches up to maxBytes in order, each batch with its own request id', async () => {
    const q = new MemoryQueue({ maxBytes: 1000, fullAction: 'pause' });
    await q.push([rec(1), rec(2), rec(3)]);
    const a = q.take(20);
    const b = q.take(20);
    expect(a?.records.map(String)).toEqual(['record-001', 'record-002']);
    expect(b?.records.map(String)).toEqual(['record-003']);
    expect(a?.requestId).not.toBe(b?.requestId);
  });

  it('fullAction pause: a push waits until an acknowledgement frees room', async () => {
    const q = new MemoryQueue({ maxBytes: 30, fullAction: 'pause' });
    await q.push([rec(1), rec(2), rec(3)]);
    expect(q.full()).toBe(true);
    let done = false;
    const waiting = q.push([rec(4)]).then(() => (done = true));
    const batch = q.take(20);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false); // taken is not acknowledged: still counts
    if (batch !== undefined) q.ack(batch);
    await waiting;
    expect(q.stats()).toEqual({ records: 2, bytes: 20, deletedOldest: 0 });
  });

  it('fullAction deleteOldest: drops the oldest unread records and counts them', async () => {
    const q = new MemoryQueue({ maxBytes: 30, fullAction: 'deleteOldest' });
    await q.push([rec(1), rec(2), rec(3)]);
    await q.push([rec(4), rec(5)]);
    expect(q.stats().deletedOldest).toBe(2);
    expect(q.take(1000)?.records.map(String)).toEqual(['record-003', 'record-004', 'record-005']);
  });

  it('counts the bytes of encoded envelopes, and reuses their memory once acknowledged', async () => {
    const q = new MemoryQueue({ maxBytes: 4 * 1024 * 1024, fullAction: 'pause' });
    const fields = { '@collect.host': 'h' };
    const encode = (n: number): Buffer[] =>
      encodeEvents(
        Array.from({ length: n }, (_, i) => ({ text: `line ${i} ${'x'.repeat(100)}`, time: 0, fields })),
        1 << 20,
        (src, ends) => q.store(src, ends),
      );
    const records = encode(1000);
    const size = records.reduce((sum, record) => sum + record.length, 0);
    await q.push(records);
    expect(q.stats().bytes).toBe(size);
    const batch = q.take(Number.MAX_SAFE_INTEGER);
    if (batch === undefined) throw new Error('nothing to take');
    expect(batch.bytes).toBe(size);
    q.ack(batch);
    expect(q.stats()).toEqual({ records: 0, bytes: 0, deletedOldest: 0 });
    // One push of 1000 envelopes fits one slab; acknowledged, the next push is written over it.
    const next = encode(10);
    expect(next[0]?.buffer).toBe(records[0]?.buffer);
  });
});
