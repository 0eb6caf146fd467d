/**
 * Random input: every string must either compile or raise a QuerySyntaxError — never another error,
 * a hang or a stack overflow — and every query that compiles must run on DuckDB.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import { compileSearch } from '../sql/compile-search.js';
import { EVENTS_SCHEMA, openFixtureDb, runIds } from '../sql/fixtures/events.fixture.js';
import { parseQuery } from './parse-query.js';

/** Deterministic PRNG (mulberry32): a failure reproduces from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a', 'B', '1', '-2.5', ' ', ' ', '\n', '"', '\\', '/', '*', '=', '!', '!=', '<', '<=', '>', '>=', '(', ')', '|',
  ':=', '=~', ',', '[0]', '#', '@', '.', 'and ', ' or ', 'not ', '//', '/*', '*/', '/x/i', '(?<=', '(?<n>', '\\1',
  '[', ']', '^', '$', '{', '}', '%', '_', "'", '\0', 'é', '🙂', 'user', '#Vendor', 'status', 'error', '\\u00e9',
];

function randomQuery(next: () => number): string {
  const length = Math.floor(next() * 14);
  let text = '';
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)] ?? '';
  return text;
}

let db: DuckDBConnection;
beforeAll(async () => {
  db = await openFixtureDb();
});

describe('fuzzing parseQuery and compileSearch', () => {
  test('5,000 random queries yield a result or a QuerySyntaxError, and compiled SQL runs', async () => {
    const next = random(20_240_601);
    const started = performance.now();
    let compiled = 0;
    for (let i = 0; i < 5000; i++) {
      const query = randomQuery(next);
      let sql: ReturnType<typeof compileSearch> | undefined;
      try {
        parseQuery(query);
        sql = compileSearch(query, EVENTS_SCHEMA, { limit: 5 });
      } catch (error) {
        if (!(error instanceof QuerySyntaxError)) throw new Error(`query ${JSON.stringify(query)} threw ${String(error)}`);
        expect(error.start).toBeGreaterThanOrEqual(0);
        expect(error.end).toBeLessThanOrEqual(query.length);
        continue;
      }
      compiled++;
      await runIds(db, sql).catch((error: unknown) => {
        throw new Error(`query ${JSON.stringify(query)} compiled to SQL that failed: ${String(error)}`);
      });
    }
    expect(compiled).toBeGreaterThan(500); // the generator must reach the back end, not only errors
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  test('pathological inputs finish quickly with a coded error or a result', () => {
    const inputs = [
      '('.repeat(60_000),
      '!'.repeat(65_000),
      `/${'a'.repeat(65_000)}`,
      `"${'\\'.repeat(65_000)}`,
      '/*'.repeat(30_000),
      'a or '.repeat(13_000),
      `x=${'*'.repeat(65_000)}`,
      '\u0000'.repeat(65_000),
    ];
    for (const query of inputs) {
      const started = performance.now();
      try {
        compileSearch(query, EVENTS_SCHEMA, { limit: 1 });
      } catch (error) {
        expect(error).toBeInstanceOf(QuerySyntaxError);
      }
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
