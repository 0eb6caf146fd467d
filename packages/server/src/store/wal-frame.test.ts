import { describe, expect, it } from 'vitest';
import type { CommitRecord, StoredEvent } from '../events.js';
import { crc32 } from '@hecate/hec/crc32';
import { toIndexRow } from './index-row.js';
import { PROMOTED_COLUMNS } from './promoted-columns.js';
import { checkFrame, encodeFrame, FRAME_HEADER_BYTES, FRAME_MAGIC_V1, readFrameEventCount, readFrameEvents, readFrameHead, readFrameRows } from './wal-frame.js';
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

  describe('version 2: index rows with their text outside the JSON', () => {
    const rich = (id: string, extra: Partial<StoredEvent> = {}): StoredEvent => ({
      ...event(id),
      rawstring: `<13>1 "quoted" \\ back\nslash ${id} 😀 é \u0000 end`,
      tags: { '#Vendor': 'cisco', '#env': 'prod "x"' },
      fields: { 'source.ip': '10.0.0.1', 'event.action': 'deny', 'Vendor.message': 'a "b" 😀', 'x[0]': '' },
      ...extra,
    });
    const events = [
      rich('a'),
      rich('b', { tags: {}, fields: {}, host: null, sourcetype: null }),
      rich('c', { connector: 'other', requestId: 'r2', ingestTimestamp: 5 }),
      rich('d', { tags: { '#Vendor': 'v' }, fields: { 'user.name': 'root' } }),
      rich('e', { rawstring: '' }),
    ];

    it('round-trips events through rows: text, promoted keys, per-row connector and request', () => {
      const frame = encodeFrame({ events }, 1);
      const check = checkFrame(frame, 0);
      if (!check.ok) throw new Error(check.reason);
      expect(check.version).toBe(2);
      expect(readFrameEvents(frame, check.payloadStart, check.end)).toEqual(events);
      expect(readFrameRows(frame, check)).toEqual(events.map((e) => toIndexRow(e)));
    });

    it('serialises tags and fields shared by consecutive events once, each row as if alone', () => {
      const tags = { '#Vendor': 'cisco', '#env': 'prod' };
      const fields = { 'source.ip': '10.0.0.1', '@collect.host': 'edge-1' };
      const shared = [rich('s1', { tags, fields }), rich('s2', { tags, fields }), rich('s3', { tags: { ...tags }, fields }), rich('s4', { tags, fields })];
      const frame = encodeFrame({ events: shared }, 1);
      const check = checkFrame(frame, 0);
      if (!check.ok) throw new Error(check.reason);
      expect(readFrameEvents(frame, check.payloadStart, check.end)).toEqual(shared);
      expect(readFrameRows(frame, check)).toEqual(shared.map((e) => toIndexRow(e)));
    });

    it('keeps promoted keys out of the JSON text and in their columns', () => {
      const frame = encodeFrame({ events }, 1);
      const check = checkFrame(frame, 0);
      if (!check.ok) throw new Error(check.reason);
      const [a, b, , d] = readFrameRows(frame, check);
      const column = (key: string): number => PROMOTED_COLUMNS.findIndex((c) => c.key === key);
      expect(a?.tagsJson).toBe('{"#env":"prod \\"x\\""}');
      expect(JSON.parse(a?.fieldsJson ?? 'null')).toEqual({ 'Vendor.message': 'a "b" 😀', 'x[0]': '' });
      expect(a?.promoted[column('#Vendor')]).toBe('cisco');
      expect(a?.promoted[column('source.ip')]).toBe('10.0.0.1');
      expect(a?.promoted[column('event.action')]).toBe('deny');
      expect(a?.promoted[column('user.name')]).toBeNull();
      expect(b).toMatchObject({ tagsJson: null, fieldsJson: null, host: null, sourcetype: null });
      expect(d).toMatchObject({ tagsJson: null, fieldsJson: null });
      expect(d?.promoted[column('user.name')]).toBe('root');
    });

    it('reads a version-1 frame (a log written before version 2) into the same rows', () => {
      const v1 = encodeFrameV1({ events, requestKey: 'k', response: { status: 200, body: '{}' } }, 7);
      const check = checkFrame(v1, 0);
      if (!check.ok) throw new Error(check.reason);
      expect(check.version).toBe(1);
      expect(readFrameHead(v1, check.payloadStart)).toEqual({ committedAt: 7, requestKey: 'k', response: { status: 200, body: '{}' } });
      expect(readFrameEventCount(v1, check.payloadStart)).toBe(events.length);
      expect(readFrameRows(v1, check)).toEqual(events.map((e) => toIndexRow(e)));
      expect(scanSegment(Buffer.concat([v1, encodeFrame({ events }, 8)])).frames.map((f) => f.committedAt)).toEqual([7, 8]);
    });
  });
});

/** A version-1 frame as the log wrote them before version 2 (the events as one JSON document). */
function encodeFrameV1(record: CommitRecord, committedAt: number): Buffer {
  const first = record.events[0];
  const shared = (e: StoredEvent): unknown[] => [e.connector, e.type, e.connectionId, e.requestId, e.ingestTimestamp];
  const rows = record.events.map((e) => {
    const row: unknown[] = [e.id, e.timestamp, e.timestampNanos, e.rawstring, e.host, e.source, e.sourcetype, e.repo, e.tags, e.fields];
    if (first !== undefined && JSON.stringify(shared(e)) !== JSON.stringify(shared(first))) row.push(...shared(e));
    return row;
  });
  const head = Buffer.from(record.requestKey === undefined ? '' : JSON.stringify({ requestKey: record.requestKey, response: record.response ?? null }));
  const body = Buffer.from(JSON.stringify({ c: first === undefined ? null : shared(first), rows }));
  const payload = Buffer.alloc(16 + head.length + body.length);
  payload.writeDoubleLE(committedAt, 0);
  payload.writeUInt32LE(record.events.length, 8);
  payload.writeUInt32LE(head.length, 12);
  head.copy(payload, 16);
  body.copy(payload, 16 + head.length);
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUInt32LE(FRAME_MAGIC_V1, 0);
  header.writeUInt32LE(payload.length, 4);
  header.writeUInt32LE(crc32(payload, 0), 8);
  return Buffer.concat([header, payload]);
}
