/**
 * Layout migration of the events table. The first tests run prepareEventsTable on a DuckDB file;
 * the last opens a data directory written with the old layout through the compiled store (its
 * indexer runs in a worker: `npx tsc -b packages/server` first when run alone) and searches it.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventStore } from '../../dist/store/event-store.js';
import { SearchService } from '../query/search-service.js';
import type { PipelineResult, SearchResult } from '../query/search-service.js';
import { EVENTS_LAYOUT_VERSION, LAYOUT_TABLE, prepareEventsTable } from './migrate-events-table.js';
import { PROMOTED_COLUMNS } from './promoted-columns.js';

/** The events table as Hecate created it before promoted columns (layout 1). */
const LAYOUT_1_TABLE = `CREATE TABLE events (
  id VARCHAR NOT NULL, ts BIGINT NOT NULL, ts_nanos INTEGER NOT NULL, ingest_ts BIGINT NOT NULL,
  raw VARCHAR NOT NULL USING COMPRESSION zstd, host VARCHAR, source VARCHAR, sourcetype VARCHAR,
  connector VARCHAR NOT NULL, repo VARCHAR NOT NULL, type VARCHAR NOT NULL, connection_id VARCHAR NOT NULL,
  request_id VARCHAR NOT NULL, tags VARCHAR, fields VARCHAR USING COMPRESSION zstd)`;

interface OldRow {
  id: string;
  ts: number;
  raw: string;
  connector: string;
  tags?: Record<string, string>;
  fields?: Record<string, string>;
}

const T0 = 1_700_000_000_000;
const OLD_ROWS: OldRow[] = [
  { id: 'e1', ts: T0 + 1, raw: 'Deny tcp 10.0.0.1', connector: 'fw', tags: { '#Vendor': 'cisco', '#event.kind': 'event', '#Cps.version': '1.1.0' }, fields: { 'source.ip': '10.0.0.1', 'source.port': '1024', 'destination.ip': '10.9.9.9', 'Vendor.message': 'Deny tcp' } },
  { id: 'e2', ts: T0 + 2, raw: 'Built tcp 10.0.0.2', connector: 'fw', tags: { '#Vendor': 'cisco' }, fields: { 'source.ip': '10.0.0.2', 'user.name': 'alice', 'event.action': 'connection-built' } },
  { id: 'e3', ts: T0 + 3, raw: 'Deny udp 10.0.0.1', connector: 'fw', tags: { '#Vendor': 'cisco' }, fields: { 'source.ip': '10.0.0.1', 'destination.port': '53' } },
  { id: 'e4', ts: T0 + 4, raw: 'sshd accepted for bob', connector: 'linux', tags: { '#event.outcome': 'success', '#event.module': 'linux', '#event.dataset': 'linux.syslog' }, fields: { 'user.name': 'bob', 'host.hostname': 'web05', 'host.name': 'web05.example', 'event.outcome': 'success' } },
  { id: 'e5', ts: T0 + 5, raw: '{"level":"info"}', connector: 'app', fields: { level: 'info', 'we"ird /key~': 'v' } },
  { id: 'e6', ts: T0 + 6, raw: 'plain line', connector: 'raw' },
];

/** The event search returns for an old row: metadata, then every tag and field it had. */
function expectedEvent(row: OldRow): Record<string, unknown> {
  return {
    '@id': row.id, '@timestamp': row.ts, '@timestamp.nanos': 0, '@ingesttimestamp': row.ts, '@rawstring': row.raw,
    '@host': 'h', '#connector': row.connector, '#repo': 'main', '#type': 'kv', '@dataConnectionID': 'cid', '@requestId': 'rid',
    ...row.tags,
    ...row.fields,
  };
}

async function writeLayout1(conn: DuckDBConnection, rows: readonly OldRow[]): Promise<void> {
  await conn.run(LAYOUT_1_TABLE);
  for (const r of rows) {
    await conn.run(`INSERT INTO events VALUES ($1, $2, 0, $2, $3, 'h', NULL, NULL, $4, 'main', 'kv', 'cid', 'rid', $5, $6)`, [
      r.id, BigInt(r.ts), r.raw, r.connector, r.tags ? JSON.stringify(r.tags) : null, r.fields ? JSON.stringify(r.fields) : null,
    ]);
  }
}

async function selectAll(conn: DuckDBConnection): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll('SELECT * FROM events ORDER BY id')).getRowObjectsJS();
}

async function layout(conn: DuckDBConnection): Promise<Record<string, unknown> | undefined> {
  return (await conn.runAndReadAll(`SELECT version, migrated_rows, rows_to_migrate FROM ${LAYOUT_TABLE}`)).getRowObjectsJS()[0];
}

describe('prepareEventsTable', () => {
  let dir: string;
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hecate-migrate-'));
    instance = await DuckDBInstance.create(join(dir, 'events.duckdb'), { storage_compatibility_version: 'latest' });
    conn = await instance.connect();
  });
  afterEach(async () => {
    conn.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the current layout in a new database and records it', async () => {
    await prepareEventsTable(conn, () => undefined);
    const columns = (await conn.runAndReadAll("SELECT column_name FROM duckdb_columns() WHERE table_name = 'events' ORDER BY column_index")).getRowObjectsJS().map((r) => r['column_name']);
    expect(columns.slice(-PROMOTED_COLUMNS.length - 1)).toEqual(['fields', ...PROMOTED_COLUMNS.map((c) => c.column)]);
    expect(await layout(conn)).toEqual({ version: EVENTS_LAYOUT_VERSION, migrated_rows: 0n, rows_to_migrate: 0n });
  });

  it('moves the promoted values of an old table into their columns and out of the JSON, batch by batch with progress', async () => {
    await writeLayout1(conn, OLD_ROWS);
    const log: string[] = [];
    await prepareEventsTable(conn, (m) => log.push(m), 2);
    const rows = await selectAll(conn);
    expect(rows[0]).toMatchObject({
      tag_vendor: 'cisco', tag_event_kind: 'event', tags: '{"#Cps.version":"1.1.0"}',
      source_ip: '10.0.0.1', source_port: '1024', destination_ip: '10.9.9.9', fields: '{"Vendor.message":"Deny tcp"}', user_name: null,
    });
    // Nothing left in the JSON: NULL, as the Appender writes an empty object.
    expect(rows[1]).toMatchObject({ tags: null, fields: null, source_ip: '10.0.0.2', user_name: 'alice', event_action: 'connection-built' });
    expect(rows[3]).toMatchObject({
      tags: null, fields: null, tag_event_outcome: 'success', tag_event_module: 'linux', tag_event_dataset: 'linux.syslog',
      user_name: 'bob', host_hostname: 'web05', host_name: 'web05.example', event_outcome: 'success',
    });
    expect(rows[4]).toMatchObject({ tags: null, fields: JSON.stringify(OLD_ROWS[4]?.fields), source_ip: null });
    expect(rows[5]).toMatchObject({ tags: null, fields: null, source_ip: null, tag_vendor: null });
    expect(await layout(conn)).toEqual({ version: EVENTS_LAYOUT_VERSION, migrated_rows: 6n, rows_to_migrate: 6n });
    // The first batch and the last are reported (and others at most every 10 s).
    expect(log.filter((m) => / of 6 rows moved/.test(m)).map((m) => /(\d) of 6/.exec(m)?.[1])).toEqual(['2', '6']);
    expect(log.at(-1)).toMatch(/6 of 6 rows moved \(100 %/);
  });

  it('resumes a move that stopped between batches without moving a row twice', async () => {
    await writeLayout1(conn, OLD_ROWS);
    // The progress report after the first committed batch throws: the process "dies" there.
    await expect(prepareEventsTable(conn, (m) => {
      if (/2 of 6 rows moved/.test(m)) throw new Error('killed');
    }, 2)).rejects.toThrow('killed');
    expect(await layout(conn)).toEqual({ version: EVENTS_LAYOUT_VERSION, migrated_rows: 2n, rows_to_migrate: 6n });
    const log: string[] = [];
    await prepareEventsTable(conn, (m) => log.push(m), 2);
    expect(log[0]).toMatch(/rows 2 to 6/);
    const rows = await selectAll(conn);
    expect(rows.map((r) => r['source_ip'])).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.1', null, null, null]);
    expect(rows[0]?.['fields']).toBe('{"Vendor.message":"Deny tcp"}');
    // A second open has nothing to do.
    await prepareEventsTable(conn, () => expect.fail('no migration expected'), 2);
  });

  it('leaves rows appended after the columns were added as they were written', async () => {
    await writeLayout1(conn, OLD_ROWS.slice(0, 2));
    await expect(prepareEventsTable(conn, (m) => {
      if (/moving/.test(m)) throw new Error('killed');
    }, 2)).rejects.toThrow('killed');
    // A row in the new layout that happens to carry a promoted key in its JSON is not touched.
    await conn.run(`INSERT INTO events (id, ts, ts_nanos, ingest_ts, raw, connector, repo, type, connection_id, request_id, fields, source_ip)
      VALUES ('n1', 1, 0, 1, 'new', 'c', 'main', 'kv', 'cid', 'rid', '{"source.ip":"json"}', 'column')`);
    await prepareEventsTable(conn, () => undefined, 2);
    const rows = await selectAll(conn);
    expect(rows.find((r) => r['id'] === 'n1')).toMatchObject({ source_ip: 'column', fields: '{"source.ip":"json"}' });
    expect(rows.find((r) => r['id'] === 'e1')).toMatchObject({ source_ip: '10.0.0.1' });
  });

  it('sizes its batches to the engine memory: 1 row per 16 KiB, so 4,096 rows under 64 MiB', async () => {
    conn.closeSync();
    instance.closeSync();
    instance = await DuckDBInstance.create(join(dir, 'small.duckdb'), { storage_compatibility_version: 'latest', memory_limit: '64MiB' });
    conn = await instance.connect();
    await writeLayout1(conn, OLD_ROWS);
    const log: string[] = [];
    await prepareEventsTable(conn, (m) => log.push(m));
    expect(log[0]).toMatch(/rows 0 to 6, 4,096 at a time$/);
    expect((await selectAll(conn)).map((r) => r['source_ip'])).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.1', null, null, null]);
  });

  it('refuses a table written by a newer Hecate', async () => {
    await prepareEventsTable(conn, () => undefined);
    await conn.run(`UPDATE ${LAYOUT_TABLE} SET version = ${EVENTS_LAYOUT_VERSION + 1}`);
    await expect(prepareEventsTable(conn, () => undefined)).rejects.toThrow(/newer Hecate/);
  });

  it('refuses a table whose promoted columns are not last and in order, since the Appender writes by position', async () => {
    await writeLayout1(conn, []);
    await conn.run('ALTER TABLE events ADD COLUMN extra VARCHAR');
    await expect(prepareEventsTable(conn, () => undefined)).rejects.toThrow(/last columns are/);
  });
});

/** A data directory as the previous Hecate left it: the layout-1 table, its log position, no log. */
async function writeOldDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const old = await DuckDBInstance.create(join(dataDir, 'events.duckdb'), { storage_compatibility_version: 'latest' });
  const conn = await old.connect();
  await writeLayout1(conn, OLD_ROWS);
  await conn.run('CREATE TABLE hecate_wal_position (id INTEGER PRIMARY KEY, position BIGINT NOT NULL)');
  await conn.run('INSERT INTO hecate_wal_position VALUES (1, 0)');
  conn.closeSync();
  old.closeSync();
}

describe('a data directory written with the old layout', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hecate-migrate-store-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const QUERIES = ['*', 'source.ip=10.0.0.1', '#Vendor=cisco source.ip!=10.0.0.2', 'groupBy(source.ip)', 'groupBy([#Vendor, user.name])',
    'timeChart(#Vendor, span=1h)', 'user.name=* | table([user.name, host.hostname, #event.outcome])', 'top(source.ip)', 'level=info'];

  async function answers(store: ReturnType<typeof createEventStore>): Promise<unknown[]> {
    const search = new SearchService(store);
    const out: unknown[] = [];
    for (const query of QUERIES) {
      const answer = await search.search({ query, start: T0, end: T0 + 10 });
      out.push('rows' in answer && answer.rows !== undefined ? answer.rows : answer.events);
    }
    return out;
  }

  it('answers every search as a store written in the new layout does', async () => {
    const oldDir = join(dir, 'old');
    await writeOldDataDir(oldDir);
    const migrated = createEventStore({ dataDir: oldDir, log: { warn: () => undefined } });
    const fresh = createEventStore({ dataDir: join(dir, 'new'), log: { warn: () => undefined } });
    await migrated.open();
    await fresh.open();
    try {
      await fresh.commit({
        events: OLD_ROWS.map((r) => ({
          id: r.id, timestamp: r.ts, timestampNanos: 0, ingestTimestamp: r.ts, rawstring: r.raw, host: 'h', source: null, sourcetype: null,
          connector: r.connector, repo: 'main', type: 'kv', connectionId: 'cid', requestId: 'rid', tags: r.tags ?? {}, fields: r.fields ?? {},
        })),
      });
      await fresh.waitIndexed();
      const expected = await answers(fresh);
      expect(await answers(migrated)).toEqual(expected);
      expect(expected.every((a) => Array.isArray(a) && a.length > 0)).toBe(true);
    } finally {
      await migrated.close();
      await fresh.close();
    }
  }, 30_000);

  it('opens with the new code, and every value is found through search and in the event returned', async () => {
    await writeOldDataDir(dir);
    const notices: string[] = [];
    const store = createEventStore({ dataDir: dir, log: { warn: (m) => notices.push(m), info: (m) => notices.push(m) } });
    await store.open();
    try {
      expect(notices.some((m) => /6 of 6 rows moved/.test(m))).toBe(true);
      const search = new SearchService(store);
      const run = (query: string): Promise<SearchResult | PipelineResult> => search.search({ query, start: T0, end: T0 + 10 });
      const ids = async (query: string): Promise<string[]> => ((await run(query)).events ?? []).map((e) => String(e['@id']));

      // Every event comes back with every tag and field it was stored with.
      const all = await run('*');
      expect(all.events).toEqual([...OLD_ROWS].reverse().map(expectedEvent));

      // Filters on promoted fields and tags find the same events as before the move.
      expect(await ids('source.ip=10.0.0.1')).toEqual(['e3', 'e1']);
      expect(await ids('source.ip=10.0.0.*')).toEqual(['e3', 'e2', 'e1']);
      expect(await ids('#Vendor=cisco user.name=alice')).toEqual(['e2']);
      expect(await ids('#event.outcome=success host.hostname=web05')).toEqual(['e4']);
      expect(await ids('source.ip!=*')).toEqual(['e6', 'e5', 'e4']);
      expect(await ids('"we\\"ird /key~"=v level=info')).toEqual(['e5']);

      const grouped = await run('groupBy(source.ip) | sort(_count)');
      expect(grouped).toMatchObject({ rows: [{ 'source.ip': '10.0.0.1', _count: '2' }, { 'source.ip': '10.0.0.2', _count: '1' }] });
      const byVendor = await run('groupBy([#Vendor, user.name])');
      expect(byVendor).toMatchObject({ rows: [{ '#Vendor': 'cisco', 'user.name': 'alice', _count: '1' }] });
      const table = await run('source.ip=* | table([source.ip, destination.port])');
      expect(table).toMatchObject({ rows: [{ 'source.ip': '10.0.0.1', 'destination.port': '53' }, { 'source.ip': '10.0.0.2' }, { 'source.ip': '10.0.0.1' }] });
    } finally {
      await store.close();
    }
  }, 30_000);
});
