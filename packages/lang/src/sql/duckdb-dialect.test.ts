/**
 * The DuckDB dialect's fragments against their JavaScript references on the real engine: numbers
 * spelled as String(n) spells them, and nearest-rank percentiles as the evaluator computes them.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { runAggregate } from '../search/run-aggregate.js';
import { duckdbDialect } from './duckdb-dialect.js';

let db: DuckDBConnection;
beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
});

/** A small deterministic generator (mulberry32), so a failure names a reproducible input. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('numberToText spells numbers as JavaScript does', () => {
  const next = random(7);
  const generated = Array.from({ length: 300 }, (_, i) => {
    const magnitude = 10 ** Math.floor(next() * 50 - 25);
    const n = next() * magnitude * (next() < 0.5 ? -1 : 1);
    return i % 3 === 0 ? Math.round(n) : n;
  });
  const edges = [0, -0, 1, -1, 0.1, 1e-6, 1e-7, 1.2e-6, 123e-9, 1e15, 1e15 + 0.5, 2 ** 53, 2 ** 53 + 2, 1.2345678901234568e20, 1e21, -1e21, 1e300, 5e-324,
    Number.MAX_VALUE, 0.1 + 0.2, 999999999999999.9, 4.35, 100, 1e16, -1.2345678901234568e16];

  test.each([...edges, ...generated].map((n) => [n]))('%s', async (n) => {
    // Bound as text and cast, since the client binds whole numbers as BIGINT.
    const reader = await db.runAndReadAll(`SELECT ${duckdbDialect.numberToText('CAST($1 AS DOUBLE)')} AS t`, [String(n)]);
    expect(reader.getRowObjects()[0]?.['t']).toBe(String(n));
  });

  test.each(['inf', '-inf', 'nan'])('%s is missing, as the evaluator leaves non-finite numbers', async (text) => {
    const reader = await db.runAndReadAll(`SELECT ${duckdbDialect.numberToText('CAST($1 AS DOUBLE)')} AS t`, [text]);
    expect(reader.getRowObjects()[0]?.['t']).toBeNull();
  });
});

describe('percentile is the evaluator nearest rank', () => {
  const next = random(11);
  const samples = Array.from({ length: 40 }, (_, i) => {
    const size = 1 + Math.floor(next() * (i < 20 ? 12 : 400));
    // Few distinct values in some samples, so ranks fall on ties.
    const spread = i % 4 === 0 ? 3 : 1000;
    return Array.from({ length: size }, () => String(Math.floor(next() * spread) - spread / 4 + (i % 2 === 0 ? 0.25 : 0)));
  });
  const percentiles = [0, 1, 10, 25, 33.3, 50, 66.7, 75, 90, 95, 99, 99.9, 100];

  test.each(samples.map((values, i) => [i, values]))('sample %i', async (_, values) => {
    const functions = percentiles.map((p) => ({ kind: 'percentile' as const, field: 'v', percentile: p, as: `_${p}` }));
    const stage = { kind: 'aggregate' as const, groupBy: [], bucketSpan: null, functions, limit: null, byCountDesc: false, seriesLimit: null };
    const [row] = runAggregate(stage, values.map((v) => ({ fields: new Map([['v', v]]) }))).events;
    const expected = percentiles.map((p) => row?.fields.get(`_${p}`));
    // The same binding as the pipeline compiler: p / 100 as a JavaScript number.
    const columns = percentiles.map((_p, i) => `${duckdbDialect.numberToText(duckdbDialect.percentile('TRY_CAST(v AS DOUBLE)', `$${i + 2}`))} AS p${i}`);
    const sql = `SELECT ${columns.join(', ')} FROM (SELECT unnest(string_split($1, ',')) AS v)`;
    const reader = await db.runAndReadAll(sql, [values.join(','), ...percentiles.map((p) => p / 100)]);
    const got = percentiles.map((_p, i) => reader.getRowObjects()[0]?.[`p${i}`]);
    expect(got).toEqual(expected);
    expect(expected.every((v) => v !== undefined)).toBe(true);
  });
});

describe('timeBucket floors times to their span, before 1970 too', () => {
  const spans = [1, 1000, 3_600_000, 86_400_000 * 7];
  const times = [0, 1, -1, 999, -999, 1000, -1000, 3_599_999, -3_600_001, 1_795_704_431_423, -86_400_000 * 365 * 30 - 17];
  test.each(spans.flatMap((span) => [true, false].map((integral) => [span, integral] as const)))('span %i, integral %s', async (span, integral) => {
    const bucket = duckdbDialect.timeBucket('t', '$2', integral);
    const reader = await db.runAndReadAll(`SELECT ${bucket} AS b FROM (SELECT unnest(CAST(string_split($1, ',') AS BIGINT[])) AS t)`, [times.join(','), span]);
    expect(reader.getRowObjects().map((r) => Number(r['b']))).toEqual(times.map((t) => Math.floor(t / span) * span));
  });
});
