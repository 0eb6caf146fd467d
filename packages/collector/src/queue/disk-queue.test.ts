import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiskQueue } from './disk-queue.js';

const dirs: string[] = [];
function dir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'dq-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const rec = (i: number, size = 10): Buffer => Buffer.from(`r${i}`.padEnd(size, '.'));

describe('DiskQueue', () => {
  it('hands out records in order and keeps unacknowledged ones across a reopen', async () => {
    const d = dir();
    const q = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause' });
    await q.push([rec(0), rec(1), rec(2)]);
    const first = q.take(25);
    expect(first?.records().map(String)).toEqual([String(rec(0)), String(rec(1))]);
    if (first !== undefined) q.ack(first);
    const second = q.take(1000);
    expect(second?.records()).toHaveLength(1);
    await q.close();
    // Not acknowledged: after a restart record 2 comes again, in the same batch with the same request id.
    const again = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause' });
    const replay = again.take(1000);
    expect(replay?.records().map(String)).toEqual([String(rec(2))]);
    expect(replay?.requestId).toBe(second?.requestId);
    await again.close();
  });

  it('cuts a torn tail off and keeps every complete record before it', async () => {
    const d = dir();
    const q = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause' });
    await q.push([rec(0), rec(1)]);
    await q.close();
    const segment = fs.readdirSync(d).find((name) => name.endsWith('.seg')) ?? '';
    fs.appendFileSync(path.join(d, segment), Buffer.from([5, 0, 0, 0, 1, 2])); // half a header
    const reopened = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause' });
    expect(reopened.recovery).toEqual({ records: 2, truncatedBytes: 6, corruptSegments: 0 });
    expect(reopened.take(1000)?.records()).toHaveLength(2);
    await reopened.close();
  });

  it('rejects a record whose checksum does not match', async () => {
    const d = dir();
    const q = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause' });
    await q.push([rec(0), rec(1)]);
    await q.close();
    const file = path.join(d, fs.readdirSync(d).find((name) => name.endsWith('.seg')) ?? '');
    const data = fs.readFileSync(file);
    const last = data.length - 1;
    data.writeUInt8(data.readUInt8(last) ^ 0xff, last); // flip a payload byte of the second record
    fs.writeFileSync(file, data);
    const reopened = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause' });
    expect(reopened.take(1000)?.records().map(String)).toEqual([String(rec(0))]);
    await reopened.close();
  });

  it('deletes segments only after every record in them is acknowledged', async () => {
    const d = dir();
    const q = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause', segmentBytes: 100 });
    for (let i = 0; i < 20; i++) await q.push([rec(i, 30)]);
    const segments = (): number => fs.readdirSync(d).filter((name) => name.endsWith('.seg')).length;
    const before = segments();
    expect(before).toBeGreaterThan(3);
    const batch = q.take(1 << 20);
    expect(segments()).toBe(before); // read is not acknowledged
    if (batch !== undefined) q.ack(batch);
    expect(segments()).toBe(1);
    expect(q.stats().records).toBe(0);
    await q.close();
  });

  it('fullAction pause: a push waits until an acknowledgement makes room', async () => {
    const d = dir();
    const q = DiskQueue.open({ dir: d, maxBytes: 280, fullAction: 'pause', segmentBytes: 100 });
    for (let i = 0; i < 5; i++) await q.push([rec(i, 40)]);
    expect(q.full()).toBe(true);
    let done = false;
    const waiting = q.push([rec(99, 40)]).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    const batch = q.take(1 << 20);
    if (batch !== undefined) q.ack(batch);
    await waiting;
    expect(done).toBe(true);
    expect(q.stats().deletedOldest).toBe(0);
    await q.close();
  });

  it('fullAction pause: full while a push waits, though the bytes on disk are short of the limit', async () => {
    const d = dir();
    const q = DiskQueue.open({ dir: d, maxBytes: 150, fullAction: 'pause' });
    await q.push([rec(0, 40), rec(1, 40)]);
    expect(q.full()).toBe(false);
    const waiting = q.push([rec(2, 40)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(q.full()).toBe(true);
    const batch = q.take(1 << 20);
    if (batch !== undefined) q.ack(batch);
    await waiting;
    expect(q.take(1 << 20)?.records().map(String)).toEqual([String(rec(2, 40))]);
    await q.close();
  });

  it('keeps batches.log short under steady traffic, and still replays the batch in flight with its id', async () => {
    const d = dir();
    const q = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause' });
    await q.push(Array.from({ length: 5_000 }, (_, i) => rec(i)));
    // One record per batch, each acknowledged, while records newer than the floor are always queued.
    for (let i = 0; i < 4_990; i++) {
      const batch = q.take(1);
      if (batch === undefined) throw new Error('nothing to take');
      q.ack(batch);
    }
    const lines = (): number => fs.readFileSync(path.join(d, 'batches.log'), 'utf8').split('\n').filter(Boolean).length;
    expect(lines()).toBeLessThan(1_000);
    const inFlight = q.take(1);
    await q.close();
    const reopened = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause' });
    const replay = reopened.take(1 << 20);
    expect(replay?.requestId).toBe(inFlight?.requestId);
    expect(replay?.records().map(String)).toEqual([String(rec(4_990))]);
    await reopened.close();
  });

  it('writes the rest of a group that write(2) took only part of, and cuts a failed one off', async () => {
    const d = dir();
    const q = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause' });
    const write = fs.writeSync;
    let calls = 0;
    const spy = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: Buffer, offset = 0) => {
      calls++;
      // First call: a short write of 7 bytes. Third call (the next group): a write that fails half-way.
      if (calls === 1) return write(fd, data, offset, 7);
      if (calls === 3) {
        write(fd, data, offset, 9);
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      }
      return write(fd, data, offset);
    }) as typeof fs.writeSync);
    try {
      await q.push([rec(0), rec(1)]);
      await expect(q.push([rec(2)])).rejects.toThrow(/ENOSPC/);
      await q.push([rec(3)]);
    } finally {
      spy.mockRestore();
    }
    expect(q.take(1 << 20)?.records().map(String)).toEqual([rec(0), rec(1), rec(3)].map(String));
    await q.close();
    const reopened = DiskQueue.open({ dir: d, maxBytes: 1 << 20, fullAction: 'pause' });
    expect(reopened.recovery).toEqual({ records: 3, truncatedBytes: 0, corruptSegments: 0 });
    expect(reopened.take(1 << 20)?.records().map(String)).toEqual([rec(0), rec(1), rec(3)].map(String));
    await reopened.close();
  });

  it('room: waits while a push of that size would wait, until an acknowledgement makes room', async () => {
    const q = DiskQueue.open({ dir: dir(), maxBytes: 280, fullAction: 'pause', segmentBytes: 100 });
    await q.room(1 << 20); // empty: at once
    for (let i = 0; i < 5; i++) await q.push([rec(i, 40)]);
    let roomed = false;
    const waiting = q.room(100).then(() => (roomed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(roomed).toBe(false);
    const batch = q.take(1 << 20);
    if (batch !== undefined) q.ack(batch);
    await waiting;
    expect(roomed).toBe(true);
    await q.close();
  });

  it('fullAction deleteOldest: drops the oldest records, counts them, and keeps the newest', async () => {
    const d = dir();
    const q = DiskQueue.open({ dir: d, maxBytes: 300, fullAction: 'deleteOldest', segmentBytes: 100 });
    for (let i = 0; i < 20; i++) await q.push([rec(i, 40)]);
    const stats = q.stats();
    expect(stats.bytes).toBeLessThanOrEqual(300);
    expect(stats.deletedOldest).toBe(20 - stats.records);
    const batch = q.take(1 << 20);
    expect(batch?.records().at(-1)?.toString()).toBe(String(rec(19, 40)));
    expect(batch?.records().length).toBe(stats.records);
    await q.close();
  });
});
