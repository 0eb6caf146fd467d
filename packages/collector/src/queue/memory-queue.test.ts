import { describe, expect, it } from 'vitest';
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
});
