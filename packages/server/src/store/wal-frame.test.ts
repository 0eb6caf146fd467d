import { describe, expect, it } from 'vitest';
import type { CommitRecord, StoredEvent } from '../events.js';
import { checkFrame, encodeFrame, readFrameEventCount, readFrameEvents, readFrameHead } from './wal-frame.js';
import { scanSegment } from './wal-segments.js';

const event = (id: string): StoredEvent => ({
  id,
  timestamp: 1_700_000_000_000,
  timestampNanos: 5,
  ingestTimestamp: 1_700_000_000_001,
  rawstring: `héllo ${id} ✓`,
  host: 'h',
  source: null,
  sourcetype: 'st',
  connector: 'c',
  repo: 'main',
  type: 'kv',
  connectionId: 'cid',
  requestId: 'r',
  tags: { '#env': 'prod' },
  fields: { 'a.b': '1' },
});

describe('write-ahead-log frames', () => {
  it('round-trips events, the event count and the deduplication head', () => {
    const record: CommitRecord = {
      requestKey: 'conn\u0000req-1',
      response: { status: 200, body: '{"text":"Success","code":0}' },
      events: [event('a'), event('b')],
    };
    const frame = encodeFrame(record, 1234.5);
    const check = checkFrame(frame, 0);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.end).toBe(frame.length);
    expect(readFrameEventCount(frame, check.payloadStart)).toBe(2);
    expect(readFrameEvents(frame, check.payloadStart, check.end)).toEqual(record.events);
    expect(readFrameHead(frame, check.payloadStart)).toEqual({
      committedAt: 1234.5,
      requestKey: record.requestKey,
      response: record.response,
    });
  });

  it('has no head for a record without a request key', () => {
    const frame = encodeFrame({ events: [event('a')] }, 1);
    const check = checkFrame(frame, 0);
    if (!check.ok) throw new Error(check.reason);
    expect(readFrameHead(frame, check.payloadStart).requestKey).toBeUndefined();
  });

  it('rejects a frame whose payload was altered', () => {
    const frame = encodeFrame({ events: [event('a')] }, 1);
    const altered = frame.length - 3;
    frame.writeUInt8(frame.readUInt8(altered) ^ 0x01, altered);
    expect(checkFrame(frame, 0)).toEqual({ ok: false, reason: 'crc mismatch' });
  });

  it('stops a segment scan at a torn tail and keeps the frames before it', () => {
    const frames = [1, 2, 3].map((n) => encodeFrame({ events: [event(String(n))] }, n));
    const whole = Buffer.concat(frames);
    const torn = whole.subarray(0, whole.length - 10);
    const scan = scanSegment(torn);
    expect(scan.frames.map((f) => f.committedAt)).toEqual([1, 2]);
    expect(scan.validBytes).toBe(frames[0]!.length + frames[1]!.length);
    expect(scan.stopReason).toBe('truncated payload');
  });

  it('stops a segment scan at garbage after the last frame', () => {
    const buf = Buffer.concat([encodeFrame({ events: [event('x')] }, 9), Buffer.alloc(40)]);
    const scan = scanSegment(buf);
    expect(scan.frames).toHaveLength(1);
    expect(scan.stopReason).toBe('bad magic');
  });
});
