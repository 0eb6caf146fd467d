/**
 * Write-ahead-log frames: the unit the log writes, checks and replays.
 *
 * ## Format (all integers little-endian)
 *
 *     frame   = magic:u32 | length:u32 | crc32:u32 | payload[length]
 *     payload = committedAt:f64 (Unix ms) | eventCount:u32 | headLength:u32 | head[headLength] | events
 *     head    = UTF-8 JSON `{"requestKey":…,"response":…}`, or empty when the record has no requestKey
 *
 * `events` has two versions, told apart by the magic. Version 2 ("HCW2", written since the indexer
 * stopped re-parsing fields) carries index rows (index-row.ts):
 *
 *     events  = metaLength:u32 | meta[metaLength] | text
 *     meta    = UTF-8 JSON `{"c": [connector, type, connectionId, requestId, ingestTimestamp], "rows": [row, …]}`
 *     row     = [id, timestamp, timestampNanos, host, source, sourcetype, repo,
 *                rawLength, tagsLength, fieldsLength, promotedMask, …promoted values present]
 *               (+ connector, type, connectionId, requestId, ingestTimestamp when they differ from `c`)
 *     text    = UTF-8 of, for each row in order, its rawstring, tags JSON and fields JSON, concatenated
 *
 * Lengths are in UTF-16 code units of the decoded text (−1 for no tags / no fields JSON); bit i of
 * `promotedMask` says that PROMOTED_COLUMNS[i] has a value, and the values present follow in column
 * order. The text travels outside the JSON, so it is neither escaped nor parsed: the indexer slices
 * each row's strings out of one decoded string and appends them as they are. On the bench:search
 * firewall events (47 fields) this took the indexer thread from 19–22 to 8.5–10 µs per event.
 *
 * Version 1 ("HCW1"), still read so that a log written before the change replays:
 *
 *     events  = UTF-8 JSON `{"c": [connector, type, connectionId, requestId, ingestTimestamp], "rows": [row, …]}`
 *     row     = [id, timestamp, timestampNanos, rawstring, host, source, sourcetype, repo, tags, fields]
 *               (+ connector, type, connectionId, requestId, ingestTimestamp when they differ from `c`)
 *
 * Events of one request share their connector, parser, request id and ingest time, so those travel
 * once per record; rows are arrays, not objects, so no key is written per event.
 *
 * The CRC covers the payload only; the magic and a length bound reject garbage before the CRC is
 * computed. The head is kept apart from the events so that recovery reads the deduplication keys of
 * a record without parsing its events, and the indexer parses only the events.
 *
 * A frame's *position* is the global log offset of its first byte (segment base + offset in the
 * segment); a record is identified by the position just past its end.
 */
import type { CommitRecord, RecordedResponse, StoredEvent } from '../events.js';
import { utf8Text } from '@hecate/hec';
import { crc32 } from '@hecate/hec/crc32';
import { toIndexRow, toStoredEvent } from './index-row.js';
import type { IndexRow } from './index-row.js';
import { PROMOTED_COLUMNS } from './promoted-columns.js';

/** "HCW2": events as index rows with their text outside the JSON (written). */
export const FRAME_MAGIC = 0x32574348;
/** "HCW1": events as one JSON document (read only). */
export const FRAME_MAGIC_V1 = 0x31574348;
export const FRAME_HEADER_BYTES = 12;
const PAYLOAD_FIXED_BYTES = 16;
/** Larger lengths are treated as corruption (a request is capped far below this). */
export const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;
const PROMOTED_COUNT = PROMOTED_COLUMNS.length;

/** Serialises a record into one frame. */
export function encodeFrame(record: CommitRecord, committedAt: number): Buffer {
  const head =
    record.requestKey !== undefined
      ? Buffer.from(JSON.stringify({ requestKey: record.requestKey, response: record.response ?? null }))
      : undefined;
  const headBytes = head?.length ?? 0;
  const { meta, text } = encodeRows(record.events);
  // Buffer.from encodes in one native pass; byteLength + write into a larger buffer measured ~10× slower.
  const metaBytes = Buffer.from(meta);
  const textBytes = Buffer.from(text);
  const fixed = FRAME_HEADER_BYTES + PAYLOAD_FIXED_BYTES;
  const length = PAYLOAD_FIXED_BYTES + headBytes + 4 + metaBytes.length + textBytes.length;
  const frame = Buffer.allocUnsafeSlow(FRAME_HEADER_BYTES + length);
  frame.writeUInt32LE(FRAME_MAGIC, 0);
  frame.writeUInt32LE(length, 4);
  frame.writeDoubleLE(committedAt, 12);
  frame.writeUInt32LE(record.events.length, 20);
  frame.writeUInt32LE(headBytes, 24);
  head?.copy(frame, fixed);
  let at = fixed + headBytes;
  frame.writeUInt32LE(metaBytes.length, at);
  at += 4;
  metaBytes.copy(frame, at);
  textBytes.copy(frame, at + metaBytes.length);
  frame.writeUInt32LE(crc32(frame, FRAME_HEADER_BYTES), 8);
  return frame;
}

/** Where a frame sits inside a buffer, its end offset and format version; or why there is no valid frame. */
export type FrameCheck = { ok: true; payloadStart: number; end: number; version: 1 | 2 } | { ok: false; reason: string };

/** Validates the frame starting at `offset` (magic, length within the buffer, CRC). */
export function checkFrame(buf: Uint8Array, offset: number, verifyCrc = true): FrameCheck {
  if (offset + FRAME_HEADER_BYTES > buf.length) return { ok: false, reason: 'truncated header' };
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = view.getUint32(offset, true);
  const version = magic === FRAME_MAGIC ? 2 : magic === FRAME_MAGIC_V1 ? 1 : 0;
  if (version === 0) return { ok: false, reason: 'bad magic' };
  const length = view.getUint32(offset + 4, true);
  if (length < PAYLOAD_FIXED_BYTES || length > MAX_PAYLOAD_BYTES) return { ok: false, reason: 'bad length' };
  const payloadStart = offset + FRAME_HEADER_BYTES;
  const end = payloadStart + length;
  if (end > buf.length) return { ok: false, reason: 'truncated payload' };
  if (verifyCrc && crc32(buf, payloadStart, end) !== view.getUint32(offset + 8, true)) {
    return { ok: false, reason: 'crc mismatch' };
  }
  return { ok: true, payloadStart, end, version };
}

export interface FrameHead {
  committedAt: number;
  requestKey: string | undefined;
  response: RecordedResponse | undefined;
}

/** Reads the committedAt and deduplication head of a checked frame. */
export function readFrameHead(buf: Buffer, payloadStart: number): FrameHead {
  const committedAt = buf.readDoubleLE(payloadStart);
  const headBytes = buf.readUInt32LE(payloadStart + 12);
  if (headBytes === 0) return { committedAt, requestKey: undefined, response: undefined };
  const start = payloadStart + PAYLOAD_FIXED_BYTES;
  const head = JSON.parse(buf.toString('utf8', start, start + headBytes)) as {
    requestKey: string;
    response: RecordedResponse | null;
  };
  return { committedAt, requestKey: head.requestKey, response: head.response ?? undefined };
}

/** The number of events in a checked frame, without parsing them. */
export function readFrameEventCount(buf: Buffer, payloadStart: number): number {
  return buf.readUInt32LE(payloadStart + 8);
}

/** The index rows of a checked frame (either version). */
export function readFrameRows(buf: Buffer, frame: { payloadStart: number; end: number; version: 1 | 2 }): IndexRow[] {
  const eventsStart = frame.payloadStart + PAYLOAD_FIXED_BYTES + buf.readUInt32LE(frame.payloadStart + 12);
  if (frame.version === 1) {
    const compact = JSON.parse(buf.toString('utf8', eventsStart, frame.end)) as CompactEvents;
    return expandEvents(compact).map((e) => toIndexRow(e));
  }
  const metaStart = eventsStart + 4;
  const textStart = metaStart + buf.readUInt32LE(eventsStart);
  const meta = JSON.parse(utf8Text(buf, metaStart, textStart)) as RowsMeta;
  return decodeRows(meta, utf8Text(buf, textStart, frame.end));
}

/** The events of a checked frame as they were committed (tools and tests; the indexer reads rows). */
export function readFrameEvents(buf: Buffer, payloadStart: number, end: number): StoredEvent[] {
  const check = checkFrame(buf, payloadStart - FRAME_HEADER_BYTES, false);
  if (!check.ok) throw new Error(`not a frame: ${check.reason}`);
  return readFrameRows(buf, { payloadStart, end, version: check.version }).map(toStoredEvent);
}

type Shared = [connector: string, type: string, connectionId: string, requestId: string, ingestTimestamp: number];

function sharedOf(e: { connector: string; type: string; connectionId: string; requestId: string; ingestTimestamp: number }): Shared {
  return [e.connector, e.type, e.connectionId, e.requestId, e.ingestTimestamp];
}

function sameShared(e: StoredEvent, shared: Shared): boolean {
  return (
    e.connector === shared[0] &&
    e.type === shared[1] &&
    e.connectionId === shared[2] &&
    e.requestId === shared[3] &&
    e.ingestTimestamp === shared[4]
  );
}

// ---- version 2 ----

/** Fixed entries of a version-2 row before the promoted values. */
const V2_FIXED = 11;

interface RowsMeta {
  c: Shared | null;
  rows: (string | number | null)[][];
}

function encodeRows(events: readonly StoredEvent[]): { meta: string; text: string } {
  const first = events[0];
  const shared = first === undefined ? null : sharedOf(first);
  const rows: (string | number | null)[][] = new Array<(string | number | null)[]>(events.length);
  const text: string[] = [];
  let previous: { event: StoredEvent; row: IndexRow } | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as StoredEvent;
    const r = toIndexRow(e, previous);
    previous = { event: e, row: r };
    const rawstring = String(r.rawstring);
    const row: (string | number | null)[] = [
      r.id,
      r.timestamp,
      r.timestampNanos,
      r.host,
      r.source,
      r.sourcetype,
      r.repo,
      rawstring.length,
      r.tagsJson === null ? -1 : r.tagsJson.length,
      r.fieldsJson === null ? -1 : r.fieldsJson.length,
      0,
    ];
    let mask = 0;
    for (let p = 0; p < PROMOTED_COUNT; p++) {
      const value = r.promoted[p];
      if (value === null || value === undefined) continue;
      mask |= 1 << p;
      row.push(value);
    }
    row[10] = mask;
    if (shared !== null && !sameShared(e, shared)) row.push(...sharedOf(e));
    rows[i] = row;
    text.push(rawstring);
    if (r.tagsJson !== null) text.push(r.tagsJson);
    if (r.fieldsJson !== null) text.push(r.fieldsJson);
  }
  return { meta: JSON.stringify({ c: shared, rows }), text: text.join('') };
}

function decodeRows(meta: RowsMeta, text: string): IndexRow[] {
  const out: IndexRow[] = new Array<IndexRow>(meta.rows.length);
  let at = 0;
  const take = (length: number): string | null => {
    if (length < 0) return null;
    const s = text.slice(at, at + length);
    at += length;
    return s;
  };
  for (let i = 0; i < meta.rows.length; i++) {
    const r = meta.rows[i] as (string | number | null)[];
    const mask = r[10] as number;
    const promoted: (string | null)[] = new Array<string | null>(PROMOTED_COUNT);
    let next = V2_FIXED;
    for (let p = 0; p < PROMOTED_COUNT; p++) promoted[p] = (mask & (1 << p)) === 0 ? null : (r[next++] as string);
    const shared = (r.length > next ? r.slice(next, next + 5) : meta.c) as Shared;
    const rawstring = take(r[7] as number) ?? '';
    const tagsJson = take(r[8] as number);
    const fieldsJson = take(r[9] as number);
    out[i] = {
      id: r[0] as string,
      timestamp: r[1] as number,
      timestampNanos: r[2] as number,
      ingestTimestamp: shared[4],
      rawstring,
      host: r[3] as string | null,
      source: r[4] as string | null,
      sourcetype: r[5] as string | null,
      connector: shared[0],
      repo: r[6] as string,
      type: shared[1],
      connectionId: shared[2],
      requestId: shared[3],
      tagsJson,
      fieldsJson,
      promoted,
    };
  }
  if (at !== text.length) throw new Error(`frame text has ${text.length - at} code units past its rows`);
  return out;
}

// ---- version 1 (read only) ----

type RowV1 = [
  id: string,
  timestamp: number,
  timestampNanos: number,
  rawstring: string,
  host: string | null,
  source: string | null,
  sourcetype: string | null,
  repo: string,
  tags: Record<string, string>,
  fields: Record<string, string>,
  ...own: Shared | [],
];
interface CompactEvents {
  c: Shared | null;
  rows: RowV1[];
}

function expandEvents(compact: CompactEvents): StoredEvent[] {
  const out: StoredEvent[] = new Array<StoredEvent>(compact.rows.length);
  for (let i = 0; i < compact.rows.length; i++) {
    const r = compact.rows[i] as RowV1;
    const shared = (r.length > 10 ? r.slice(10) : compact.c) as Shared;
    out[i] = {
      id: r[0],
      timestamp: r[1],
      timestampNanos: r[2],
      ingestTimestamp: shared[4],
      rawstring: r[3],
      host: r[4],
      source: r[5],
      sourcetype: r[6],
      connector: shared[0],
      repo: r[7],
      type: shared[1],
      connectionId: shared[2],
      requestId: shared[3],
      tags: r[8],
      fields: r[9],
    };
  }
  return out;
}
