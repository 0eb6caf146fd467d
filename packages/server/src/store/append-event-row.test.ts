import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventRowWriter } from './append-event-row.js';
import type { IndexRow } from './index-row.js';
import { PROMOTED_COLUMNS } from './promoted-columns.js';
import { CREATE_EVENTS_TABLE, EVENTS_TABLE } from './schema.js';

const PROMOTED = PROMOTED_COLUMNS.length;

const row = (i: number, extra: Partial<IndexRow> = {}): IndexRow => ({
  id: `id-${i}`,
  timestamp: 1_700_000_000_000 + i,
  timestampNanos: i % 1000,
  ingestTimestamp: 1_700_000_000_500,
  rawstring: `line ${i}`,
  host: 'edge-1',
  source: null,
  sourcetype: 'syslog',
  connector: 'conn',
  repo: 'main',
  type: 'raw',
  connectionId: 'cid',
  requestId: 'rid',
  tagsJson: null,
  fieldsJson: `{"n":"${i}"}`,
  promoted: new Array<string | null>(PROMOTED).fill(null),
  ...extra,
});

/** What the table should hold for a row: the columns in table order, as JS values. */
function expected(r: IndexRow): unknown[] {
  const ms = (t: number) => {
    const v = Math.trunc(t);
    return BigInt(Number.isSafeInteger(v) ? v : 0);
  };
  return [
    String(r.id),
    ms(r.timestamp),
    Number.isFinite(r.timestampNanos) ? r.timestampNanos | 0 : 0,
    ms(r.ingestTimestamp),
    String(r.rawstring),
    r.host ?? null,
    r.source ?? null,
    r.sourcetype ?? null,
    String(r.connector),
    String(r.repo),
    String(r.type),
    String(r.connectionId),
    String(r.requestId),
    r.tagsJson,
    r.fieldsJson,
    ...r.promoted.map((v) => v ?? null),
  ];
}

describe('EventRowWriter', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeEach(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
    await conn.run(CREATE_EVENTS_TABLE);
  });
  afterEach(() => {
    conn.closeSync();
    instance.closeSync();
  });

  async function write(rows: IndexRow[], calls = 1): Promise<unknown[][]> {
    const appender = await conn.createAppender(EVENTS_TABLE);
    const writer = new EventRowWriter(appender);
    const per = Math.ceil(rows.length / calls);
    for (let i = 0; i < rows.length; i += per) writer.append(rows.slice(i, i + per));
    appender.closeSync();
    const reader = await conn.runAndReadAll(`SELECT * FROM ${EVENTS_TABLE} ORDER BY rowid`);
    return reader.getRowsJS();
  }

  it('writes every column of rows that differ in each column', async () => {
    const promoted = (i: number) => PROMOTED_COLUMNS.map((_, p) => ((i + p) % 3 === 0 ? null : `p${p}-${i}`));
    const rows = Array.from({ length: 10 }, (_, i) =>
      row(i, {
        host: i % 2 === 0 ? `h${i}` : null,
        source: i % 3 === 0 ? undefined : `/var/log/${i}`,
        sourcetype: i === 4 ? null : `st${i}`,
        connector: `c${i}`,
        repo: `r${i}`,
        type: `t${i}`,
        connectionId: `cid${i}`,
        requestId: `rid${i}`,
        tagsJson: i % 2 === 1 ? `{"#t":"${i}"}` : null,
        fieldsJson: i === 7 ? null : `{"f":"${i}"}`,
        promoted: promoted(i),
      }),
    );
    expect(await write(rows)).toEqual(rows.map(expected));
  });

  it('writes columns that hold one value, or none, in every row', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i, { source: '/same', tagsJson: '{"#a":"b"}' }));
    const stored = await write(rows);
    expect(stored).toEqual(rows.map(expected));
    // Constant and NULL columns of one chunk do not leak into the next.
    const more = Array.from({ length: 3 }, (_, i) => row(100 + i, { source: null, tagsJson: null, host: `x${i}`, promoted: PROMOTED_COLUMNS.map(() => 'v') }));
    const appender = await conn.createAppender(EVENTS_TABLE);
    new EventRowWriter(appender).append(more);
    appender.closeSync();
    const reader = await conn.runAndReadAll(`SELECT * FROM ${EVENTS_TABLE} ORDER BY rowid`);
    expect(reader.getRowsJS()).toEqual([...rows, ...more].map(expected));
  });

  it('keeps text as it is: empty, NUL, multi-byte, long', async () => {
    const long = 'é'.repeat(70_000) + '✓';
    const rows = [
      row(0, { rawstring: '', host: '', fieldsJson: '{}' }),
      row(1, { rawstring: 'a\u0000b', host: 'nul\u0000host' }),
      row(2, { rawstring: 'Straße 𝄞 日本', source: '短い' }),
      row(3, { rawstring: long }),
      row(4, { rawstring: 'twelve bytes', host: 'thirteen byte' }),
    ];
    expect(await write(rows)).toEqual(rows.map(expected));
  });

  it('writes timestamps across the 32-bit boundary, before 1970, and coerces what is not one', async () => {
    const rows = [
      row(0, { timestamp: 0, ingestTimestamp: 4_294_967_295 }),
      row(1, { timestamp: 4_294_967_296, ingestTimestamp: 4_294_967_297 }),
      row(2, { timestamp: -1, ingestTimestamp: -4_294_967_297 }),
      row(3, { timestamp: -86_400_000 * 365 * 10, ingestTimestamp: 4_102_444_800_000 }),
      row(4, { timestamp: 1_700_000_000_123.9, ingestTimestamp: -0.5 }),
      row(5, { timestamp: Number.NaN, ingestTimestamp: Number.POSITIVE_INFINITY, timestampNanos: Number.NaN }),
      row(6, { timestamp: 2 ** 60, timestampNanos: 999_999 }),
      row(7, { timestamp: Number.MAX_SAFE_INTEGER, ingestTimestamp: Number.MIN_SAFE_INTEGER }),
    ];
    const stored = await write(rows);
    expect(stored).toEqual(rows.map(expected));
    expect(stored.map((r) => r[1])).toEqual([0n, 4_294_967_296n, -1n, -315_360_000_000n, 1_700_000_000_123n, 0n, 0n, 9_007_199_254_740_991n]);
  });

  it('writes text that must not be NULL as the appender always did (String of the value)', async () => {
    const bad = row(0, { connector: null as unknown as string, requestId: undefined as unknown as string });
    const stored = await write([bad, row(1)]);
    expect(stored[0]?.[8]).toBe('null');
    expect(stored[0]?.[12]).toBe('undefined');
  });

  it('splits more rows than a chunk holds, in one call or several', async () => {
    const rows = Array.from({ length: 5_000 }, (_, i) =>
      row(i, { host: i < 2_048 ? 'same' : `h${i % 7}`, tagsJson: i >= 4_096 ? `{"#i":"${i}"}` : null, requestId: `r${Math.floor(i / 1_000)}` }),
    );
    expect(await write(rows)).toEqual(rows.map(expected));
    await conn.run(`DELETE FROM ${EVENTS_TABLE}`);
    expect(await write(rows, 7)).toEqual(rows.map(expected));
  });

  it('refuses a table whose columns are not the expected ones', async () => {
    await conn.run('CREATE TABLE other (id VARCHAR, ts VARCHAR)');
    const appender = await conn.createAppender('other');
    expect(() => new EventRowWriter(appender)).toThrow(/events table columns \(VARCHAR, VARCHAR\) are not the expected ones/);
    appender.closeSync();
  });
});
