import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { evaluateSearch, finishSearch, groupCutOf, planSearch } from '../search/plan-search.js';
import type { ResultRow } from '../search/sql-row.js';
import type { SqlValue } from '../sql/dialect.js';
import { EVENTS_SCHEMA } from '../sql/fixtures/events.fixture.js';
import { inRange, openConformanceDb, readBaseEvents } from './conformance-events.fixture.js';
import { CONFORMANCE_CASES } from './search-cases.js';

let db: DuckDBConnection;
let base: ResultRow[];
beforeAll(async () => {
  db = await openConformanceDb();
  base = await readBaseEvents(db);
});

const LIMIT = 1000;

describe('every query gives the same answer through DuckDB SQL and through the evaluator alone', () => {
  test('the suite has at least 150 cases', () => {
    expect(CONFORMANCE_CASES.length).toBeGreaterThanOrEqual(150);
  });

  test('no query is listed twice for the same time range', () => {
    const keys = CONFORMANCE_CASES.map(([query, , options]) => JSON.stringify([query, options?.start, options?.end]));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  // test.for, not test.each: each cannot type a tuple with an optional element (every argument would be
  // typed as the union of the three element types). Test names are formatted the same way.
  test.for(CONFORMANCE_CASES)('%s (%s) %j', async ([query, path, options = {}]) => {
    const range = { ...(options.start === undefined ? {} : { start: options.start }), ...(options.end === undefined ? {} : { end: options.end }) };
    const plan = planSearch(query, EVENTS_SCHEMA, { limit: LIMIT, ...range });
    if (path === 'sql') expect(plan.rest).toEqual([]);
    else expect(plan.rest.length).toBeGreaterThan(0);
    const reader = await db.runAndReadAll(plan.compiled.sql, [...plan.compiled.params]);
    const viaSql = finishSearch(plan, reader.getRowObjects(), EVENTS_SCHEMA);
    const viaEvaluator = evaluateSearch(plan.ir, inRange(base, range), LIMIT);
    // Every order is defined (time order, group order, stable sort), so results compare as sequences.
    expect(viaSql.results).toEqual(viaEvaluator.results);
    // And both say alike whether a groupBy dropped groups over its limit (the search's note).
    const engine = async (sql: string, params: readonly unknown[]) => (await db.runAndReadAll(sql, [...(params as SqlValue[])])).getRowObjects();
    expect(await groupCutOf(plan, viaSql, engine)).toBe(viaEvaluator.groupCut);
    if (options.empty === true) expect(viaSql.results.every((r) => Object.keys(r).length === 0)).toBe(true);
    else expect(viaSql.results.some((r) => Object.keys(r).length > 0)).toBe(true);
  });
});
