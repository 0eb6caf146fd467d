import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { EventIndexer } from './event-indexer.js';
import { encodeFrame } from './wal-frame.js';

const event = (id: string, extra: Partial<StoredEvent> = {}): StoredEvent => ({
  id,
  timestamp: 1_700_000_000_000,
  timestampNanos: 7,
  ingestTimestamp: 1_700_000_000_500,
  rawstring: `raw ${id}`,
  host: 'web-1',
  source: null,
  sourcetype: 'syslog',
  connector: 'conn',
  repo: 'main',
  type: 'kv',
  connectionId: 'cid',
  requestId: 'rid',
  tags: {},
  fields: {},
  ...extra,
});

async function count(indexer: EventIndexer): Promise<number> {
  const conn = await indexer.instance.connect();
  const reader = await conn.runAndReadAll('SELECT count(*) FROM events');
  conn.closeSync();
  return Number(reader.getRowsJS()[0]?.[0]);
}

describe('EventIndexer', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'hecate-indexer-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('maps an event to the columns of the events table, with NULL for empty tags and fields', async () => {
    const indexer = await EventIndexer.open(join(dir, 'e.duckdb'), { checkpointThreshold: '1GB' });
    const frames = Buffer.concat([
      encodeFrame({ events: [event('a', { tags: { '#env': 'prod' }, fields: { 'client.ip': '10.0.0.1' } })] }, 1),
      encodeFrame({ events: [event('b')] }, 2),
    ]);
    const done = await indexer.index([{ bytes: frames, start: 0 }]);
    expect(done).toEqual({ pos: frames.length, events: 2, bytes: frames.length, complete: true });
    const conn = await indexer.instance.connect();
    const rows = (await conn.runAndReadAll('SELECT * FROM events ORDER BY id')).getRowObjectsJS();
    conn.closeSync();
    expect(rows[0]).toMatchObject({
      id: 'a', ts: 1_700_000_000_000n, ts_nanos: 7, ingest_ts: 1_700_000_000_500n, raw: 'raw a', host: 'web-1',
      source: null, sourcetype: 'syslog', connector: 'conn', repo: 'main', type: 'kv', connection_id: 'cid',
      request_id: 'rid', tags: '{"#env":"prod"}', fields: '{"client.ip":"10.0.0.1"}', source_ip: null, tag_vendor: null,
    });
    expect(rows[1]).toMatchObject({ id: 'b', tags: null, fields: null });
    indexer.close();
  });

  it('writes promoted tags and fields to their columns and leaves them out of the JSON', async () => {
    const indexer = await EventIndexer.open(join(dir, 'e.duckdb'), { checkpointThreshold: '1GB' });
    const frames = Buffer.concat([
      encodeFrame({ events: [event('a', { tags: { '#Vendor': 'cisco', '#env': 'prod' }, fields: { 'source.ip': '10.0.0.1', 'source.port': '443', 'Vendor.x': 'y' } })] }, 1),
      encodeFrame({ events: [event('b', { tags: { '#event.kind': 'event' }, fields: JSON.parse('{"user.name":"alice","__proto__":"p"}') as Record<string, string> })] }, 2),
    ]);
    await indexer.index([{ bytes: frames, start: 0 }]);
    const conn = await indexer.instance.connect();
    const rows = (await conn.runAndReadAll('SELECT * FROM events ORDER BY id')).getRowObjectsJS();
    conn.closeSync();
    expect(rows[0]).toMatchObject({
      tags: '{"#env":"prod"}', fields: '{"Vendor.x":"y"}', tag_vendor: 'cisco', source_ip: '10.0.0.1', source_port: '443', user_name: null, tag_event_kind: null,
    });
    // A JSON left empty is NULL, as for an event without tags or fields.
    expect(rows[1]).toMatchObject({ tags: null, fields: '{"__proto__":"p"}', tag_event_kind: 'event', user_name: 'alice', source_ip: null });
    indexer.close();
  });

  it('appends a batch grouped by connector, type and event.action, and stores @id with ZSTD', async () => {
    const indexer = await EventIndexer.open(join(dir, 'e.duckdb'), { checkpointThreshold: '1GB' });
    const fw = (id: string, action: string): StoredEvent => event(id, { connector: 'fw', type: 'cisco-asa', fields: { 'event.action': action } });
    const frames = Buffer.concat([
      encodeFrame({ events: [fw('1', 'built'), fw('2', 'deny'), fw('3', 'built')] }, 1),
      encodeFrame({ events: [event('4', { connector: 'web', type: 'accesslog' })] }, 2),
      encodeFrame({ events: [fw('5', 'deny'), fw('6', 'built')] }, 3),
    ]);
    await indexer.index([{ bytes: frames, start: 0 }]);
    await indexer.checkpoint();
    const conn = await indexer.instance.connect();
    const order = (await conn.runAndReadAll('SELECT id FROM events ORDER BY rowid')).getRowsJS().map((r) => r[0]);
    const compression = (await conn.runAndReadAll(`SELECT DISTINCT compression FROM pragma_storage_info('events') WHERE column_name = 'id' AND segment_type = 'VARCHAR'`)).getRowsJS();
    conn.closeSync();
    expect(order).toEqual(['1', '3', '6', '2', '5', '4']);
    expect(compression).toEqual([['ZSTD']]);
    indexer.close();
  });

  it('lets a search of the latest 200 events read the other columns of those rows only', async () => {
    const indexer = await EventIndexer.open(join(dir, 'e.duckdb'), { checkpointThreshold: '1GB' });
    const conn = await indexer.instance.connect();
    const sql = `SELECT * FROM events WHERE contains(raw, 'x') ORDER BY ts DESC, id DESC LIMIT 201`;
    const plan = (await conn.runAndReadAll(`EXPLAIN ${sql}`)).getRowObjectsJS().map((r) => String(r['explain_value'])).join('\n');
    conn.closeSync();
    // The rows are found by a scan of the filtered columns, then fetched again by row id.
    expect(plan.match(/TABLE_SCAN|SEQ_SCAN/g)?.length).toBe(2);
    expect(plan).toMatch(/JOIN/);
    indexer.close();
  });

  it('skips frames at or before the indexed position, so a repeated hand-off adds no duplicate', async () => {
    const indexer = await EventIndexer.open(join(dir, 'e.duckdb'), { checkpointThreshold: '1GB' });
    const f1 = encodeFrame({ events: [event('1'), event('2')] }, 1);
    const f2 = encodeFrame({ events: [event('3')] }, 2);
    await indexer.index([{ bytes: f1, start: 0 }]);
    const again = await indexer.index([{ bytes: Buffer.concat([f1, f2]), start: 0 }]);
    expect(again.events).toBe(1);
    expect(await count(indexer)).toBe(3);
    indexer.close();
  });

  it('keeps the indexed position with the rows across a reopen', async () => {
    const path = join(dir, 'e.duckdb');
    const f1 = encodeFrame({ events: [event('1')] }, 1);
    let indexer = await EventIndexer.open(path, { checkpointThreshold: '1GB' });
    await indexer.index([{ bytes: f1, start: 100 }]);
    indexer.close();
    indexer = await EventIndexer.open(path, { checkpointThreshold: '1GB' });
    expect(indexer.indexedPos).toBe(100 + f1.length);
    expect(await count(indexer)).toBe(1);
    indexer.close();
  });

  it('splits frames across transactions of at most maxEvents, each event stored once, across a reopen', async () => {
    const path = join(dir, 'e.duckdb');
    const ids = (from: number, n: number): StoredEvent[] => Array.from({ length: n }, (_, i) => event(String(from + i).padStart(3, '0')));
    const f1 = encodeFrame({ events: ids(0, 25) }, 1);
    const f2 = encodeFrame({ events: ids(25, 3) }, 2);
    const f3 = encodeFrame({ events: ids(28, 15) }, 3);
    const chunks = [{ bytes: Buffer.concat([f1, f2]), start: 0 }, { bytes: f3, start: f1.length + f2.length }];
    let indexer = await EventIndexer.open(path, { checkpointThreshold: '1GB' });
    expect(await indexer.index(chunks, 10)).toEqual({ pos: 0, events: 10, bytes: 0, complete: false });
    expect(await indexer.index(chunks, 10)).toEqual({ pos: 0, events: 10, bytes: 0, complete: false });
    // The last 5 of f1, all 3 of f2 and 2 of f3.
    expect(await indexer.index(chunks, 10)).toEqual({ pos: f1.length + f2.length, events: 10, bytes: f1.length + f2.length, complete: false });
    expect(await indexer.index(chunks, 10)).toEqual({ pos: f1.length + f2.length, events: 10, bytes: 0, complete: false });
    indexer.close();
    // Three of f3's fifteen events are left; the partial position survives the reopen.
    indexer = await EventIndexer.open(path, { checkpointThreshold: '1GB' });
    expect(indexer.indexedPos).toBe(f1.length + f2.length);
    expect(await indexer.index(chunks, 10)).toEqual({ pos: f1.length + f2.length + f3.length, events: 3, bytes: f3.length, complete: true });
    expect(await indexer.index(chunks, 10)).toEqual({ pos: f1.length + f2.length + f3.length, events: 0, bytes: 0, complete: true });
    const conn = await indexer.instance.connect();
    const stored = (await conn.runAndReadAll('SELECT id FROM events ORDER BY id')).getRowsJS().map((r) => r[0]);
    conn.closeSync();
    expect(stored).toEqual(ids(0, 43).map((e) => e.id));
    indexer.close();
  });

  it('opens a data directory whose position table predates partly indexed frames', async () => {
    const path = join(dir, 'e.duckdb');
    const old = await DuckDBInstance.create(path);
    const conn = await old.connect();
    await conn.run('CREATE TABLE hecate_wal_position (id INTEGER PRIMARY KEY, position BIGINT NOT NULL)');
    await conn.run('INSERT INTO hecate_wal_position VALUES (1, 4096)');
    conn.closeSync();
    old.closeSync();
    const indexer = await EventIndexer.open(path, { checkpointThreshold: '1GB' });
    expect(indexer.indexedPos).toBe(4096);
    const f = encodeFrame({ events: [event('a'), event('b')] }, 1);
    expect(await indexer.index([{ bytes: f, start: 4096 }], 1)).toMatchObject({ events: 1, complete: false });
    expect(await indexer.index([{ bytes: f, start: 4096 }], 1)).toMatchObject({ events: 1, complete: true, pos: 4096 + f.length });
    expect(await count(indexer)).toBe(2);
    indexer.close();
  });

  it('rolls rows and position back together when a batch fails, and indexes the batch on retry', async () => {
    const indexer = await EventIndexer.open(join(dir, 'e.duckdb'), { checkpointThreshold: '1GB' });
    const good = encodeFrame({ events: [event('ok')] }, 1);
    const broken = Buffer.from(good);
    broken.writeUInt32LE(0xdeadbeef, 0); // bad magic: the batch throws after appending `good`
    await expect(indexer.index([{ bytes: Buffer.concat([good, broken]), start: 0 }])).rejects.toThrow(/invalid frame/);
    expect(indexer.indexedPos).toBe(0);
    expect(await count(indexer)).toBe(0);
    await indexer.index([{ bytes: good, start: 0 }]);
    expect(await count(indexer)).toBe(1);
    indexer.close();
  });

  it('indexes a batch in several transactions, reporting each once committed, in log order', async () => {
    const indexer = await EventIndexer.open(join(dir, 'e.duckdb'), { checkpointThreshold: '1GB' });
    const f1 = encodeFrame({ events: [event('1'), event('2'), event('3')] }, 1);
    const f2 = encodeFrame({ events: [event('4'), event('5')] }, 2);
    const reported: { pos: number; events: number }[] = [];
    const last = await indexer.indexAll(
      [{ bytes: Buffer.concat([f1, f2]), start: 0 }],
      (batch) => reported.push({ pos: batch.pos, events: batch.events }),
      2,
    );
    const end = f1.length + f2.length;
    expect(reported).toEqual([
      { pos: 0, events: 2 },
      { pos: f1.length, events: 2 },
      { pos: end, events: 1 },
    ]);
    expect(last).toEqual({ pos: end, events: 1, bytes: f2.length, complete: true });
    expect(indexer.indexedPos).toBe(end);
    expect(await count(indexer)).toBe(5);
    indexer.close();
  });

  it('keeps the transactions committed before a failure, and a retry stores each event once', async () => {
    const path = join(dir, 'e.duckdb');
    const frames = ['a', 'b', 'c'].map((id, i) => encodeFrame({ events: [event(id)] }, i));
    const [fa, fb, fc] = frames as [Buffer, Buffer, Buffer];
    const broken = Buffer.from(encodeFrame({ events: [event('d')] }, 3));
    broken.writeUInt32LE(0xdeadbeef, 0);
    let indexer = await EventIndexer.open(path, { checkpointThreshold: '1GB' });
    const reported: number[] = [];
    // One event per transaction: `b` is committing while the transaction of `c` fails on the bad frame after it.
    await expect(
      indexer.indexAll([{ bytes: Buffer.concat([fa, fb, fc, broken]), start: 0 }], (batch) => reported.push(batch.pos), 1),
    ).rejects.toThrow(/invalid frame/);
    expect(reported).toEqual([fa.length, fa.length + fb.length]);
    expect(indexer.indexedPos).toBe(fa.length + fb.length);
    expect(await count(indexer)).toBe(2);
    const all = { bytes: Buffer.concat(frames), start: 0 };
    expect(await indexer.indexAll([all], () => undefined, 1)).toMatchObject({ events: 1, complete: true });
    indexer.close();
    // Both lanes wrote their row of the position table; the furthest is where a reopen resumes.
    indexer = await EventIndexer.open(path, { checkpointThreshold: '1GB' });
    expect(indexer.indexedPos).toBe(all.bytes.length);
    expect(await indexer.indexAll([all], () => undefined)).toMatchObject({ events: 0, complete: true });
    const conn = await indexer.instance.connect();
    const ids = (await conn.runAndReadAll('SELECT id FROM events ORDER BY id')).getRowsJS().map((r) => r[0]);
    const positions = (await conn.runAndReadAll('SELECT id, position FROM hecate_wal_position ORDER BY id')).getRowsJS();
    conn.closeSync();
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(positions.map(([id]) => Number(id))).toEqual([1, 2]);
    indexer.close();
  });

  it('relies on DuckDB joining an Appender flush to the open transaction of its connection', async () => {
    const instance = await DuckDBInstance.create(join(dir, 'probe.duckdb'));
    const conn = await instance.connect();
    const other = await instance.connect();
    await conn.run('CREATE TABLE t (v INTEGER)');
    const appender = await conn.createAppender('t');
    const rows = async () => Number((await other.runAndReadAll('SELECT count(*) FROM t')).getRowsJS()[0]?.[0]);
    await conn.run('BEGIN TRANSACTION');
    appender.appendInteger(1);
    appender.endRow();
    appender.flushSync();
    expect(await rows()).toBe(0); // invisible to other connections before COMMIT
    await conn.run('ROLLBACK');
    expect(await rows()).toBe(0); // and gone after ROLLBACK
    await conn.run('BEGIN TRANSACTION');
    appender.appendInteger(2);
    appender.endRow();
    appender.flushSync();
    await conn.run('COMMIT');
    expect(await rows()).toBe(1);
    appender.closeSync();
    other.closeSync();
    conn.closeSync();
    instance.closeSync();
  });
});
