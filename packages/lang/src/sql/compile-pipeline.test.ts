import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSearch, finishSearch, groupCutOf, planSearch } from '../search/plan-search.js';
import { baseEventFromRow } from '../search/sql-row.js';
import { checkSearch } from '../search/check-search.js';
import { compilePipeline } from './compile-pipeline.js';
import type { SqlValue } from './dialect.js';
import { EVENTS_SCHEMA, openFixtureDb } from './fixtures/events.fixture.js';

let db: DuckDBConnection;
beforeAll(async () => {
  db = await openFixtureDb([
    { id: 'a', ts: 1, raw: 'x', fields: { 'we"ird': 'q\'"; DROP TABLE events; --', n: '1' } },
    { id: 'b', ts: 2, raw: 'y', fields: { 'we"ird': 'z', n: '2' } },
    { id: 'c', ts: 3, raw: 'z', fields: { n: '3' } },
  ]);
});

async function run(query: string, rowCap?: number) {
  const plan = planSearch(query, EVENTS_SCHEMA, { limit: 100, ...(rowCap === undefined ? {} : { rowCap }) });
  const reader = await db.runAndReadAll(plan.compiled.sql, [...plan.compiled.params]);
  return { plan, outcome: finishSearch(plan, reader.getRowObjects(), EVENTS_SCHEMA) };
}

describe('pipeline SQL', () => {
  it('binds every value and quotes hostile field names through the one identifier function', async () => {
    const { plan, outcome } = await run('groupBy("we\\"ird", function=count(as="c\\"; DROP TABLE events; --")) | rename("we\\"ird", as="x]`\'")');
    expect(plan.rest).toEqual([]);
    expect(plan.compiled.sql).not.toContain('DROP TABLE events; --\'');
    expect(plan.compiled.params).not.toContain('DROP');
    expect(outcome.results).toEqual([
      { 'x]`\'': 'q\'"; DROP TABLE events; --', 'c"; DROP TABLE events; --': '1' },
      { 'x]`\'': 'z', 'c"; DROP TABLE events; --': '1' },
    ]);
    const count = await db.runAndReadAll('SELECT count(*) AS n FROM events');
    expect(Number(count.getRowObjects()[0]?.n)).toBe(3);
  });

  it('compiles a filter value with SQL syntax as a parameter', async () => {
    const { plan, outcome } = await run(`n := "1' OR '1'='1" | n="1' OR '1'='1" | count()`);
    expect(plan.compiled.params).toContain("1' OR '1'='1");
    expect(outcome.results).toEqual([{ _count: '3' }]);
  });

  it('stops SQL at the first stage it cannot express and pushes the filters before it down', async () => {
    const { plan } = await run('n>1 | regex("(?<w>.)") | count()');
    expect(plan.compiled.consumed).toBe(1);
    expect(plan.rest.map((s) => s.kind)).toEqual(['event', 'aggregate']);
    expect(plan.compiled.sql).toContain('WHERE');
  });

  it('caps the rows streamed into the evaluator and says so', async () => {
    const { outcome } = await run('regex("(?<w>.)") | count()', 2);
    expect(outcome.rowCapReached).toBe(true);
    expect(outcome.results).toEqual([{ _count: '2' }]);
    const full = await run('regex("(?<w>.)") | count()', 3);
    expect(full.outcome).toMatchObject({ rowCapReached: false, results: [{ _count: '3' }] });
  });

  it('reports a truncated answer when more results than the limit match', async () => {
    const plan = planSearch('n=*', EVENTS_SCHEMA, { limit: 2 });
    const reader = await db.runAndReadAll(plan.compiled.sql, [...plan.compiled.params]);
    const outcome = finishSearch(plan, reader.getRowObjects(), EVENTS_SCHEMA);
    expect(outcome.truncated).toBe(true);
    expect(outcome.results.map((r) => r['@id'])).toEqual(['c', 'b']);
    const all = (await db.runAndReadAll('SELECT * FROM events ORDER BY ts')).getRowObjects().map((r) => baseEventFromRow(r, EVENTS_SCHEMA));
    expect(evaluateSearch(plan.ir, all, 2)).toMatchObject({ truncated: true, results: outcome.results });
  });
});

describe('the shape of aggregate SQL', () => {
  /** Operators of the engine's physical plan for a compiled pipeline. */
  async function planOperators(query: string): Promise<string> {
    const plan = planSearch(query, EVENTS_SCHEMA, { limit: 100 });
    const reader = await db.runAndReadAll(`EXPLAIN ${plan.compiled.sql}`, [...plan.compiled.params]);
    return reader.getRowObjects().map((r) => String(r['explain_value'])).join('\n');
  }

  it('computes each group key and aggregate input once, in a projection under the GROUP BY', () => {
    const { sql } = planSearch('groupBy(f, function=[avg(n), max(n), percentile(n, percentiles=[50]), count(n)])', EVENTS_SCHEMA, { limit: 10 }).compiled;
    // f once as the key, n once as a number (avg, max, percentile share it), n once as text (count).
    expect(sql.match(/json_extract_string/g)).toHaveLength(3);
    expect(sql).toContain('HAVING COUNT("__k0") > 0');
  });

  it('drops the group of events without the key, as the evaluator does', async () => {
    const { outcome } = await run('groupBy("we\\"ird")');
    expect(outcome.results.map((r) => r['we"ird'])).toEqual(['q\'"; DROP TABLE events; --', 'z']);
  });

  it('scans the table once for a timeChart whose series are limited, with no join back to itself', async () => {
    const plan = await planOperators('timeChart(n, span=1h, limit=2)');
    expect(plan.match(/TABLE_SCAN|SEQ_SCAN/g)).toHaveLength(1);
    expect(plan).not.toMatch(/JOIN/);
  });

  describe('compilePipeline, for callers that wrap the events a query lists', () => {
    const irOf = (query: string) => {
      const checked = checkSearch(query, {});
      if (!checked.ok) throw new Error(checked.diagnostics[0]?.message);
      return checked.ir;
    };
    const rows = async (sql: string, params: readonly SqlValue[]) => (await db.runAndReadAll(sql, [...params])).getRowObjects().map((r) => String(r['id']));

    it('with limit null ends in no ORDER BY or LIMIT, and lists every matching event', async () => {
      const compiled = compilePipeline(irOf('n>1 | m := n'), EVENTS_SCHEMA, { start: 0, end: 10, limit: null });
      expect(compiled.consumed).toBe(2);
      expect(compiled.sql).not.toMatch(/ORDER BY|LIMIT/);
      expect((await rows(`SELECT * FROM (${compiled.sql}) AS e`, compiled.params)).sort()).toEqual(['b', 'c']);
    });

    it('keeps the limits of the stages themselves when the statement has none', async () => {
      const compiled = compilePipeline(irOf('tail(1)'), EVENTS_SCHEMA, { limit: null });
      expect(await rows(compiled.sql, compiled.params)).toEqual(['c']);
    });

    it('with a limit lists the newest that many, newest first', async () => {
      const compiled = compilePipeline(irOf('n=*'), EVENTS_SCHEMA, { limit: 2 });
      expect(await rows(compiled.sql, compiled.params)).toEqual(['c', 'b']);
    });

    it('says how far SQL got when a stage needs the evaluator', () => {
      expect(compilePipeline(irOf('n>1 | regex("(?<w>.)")'), EVENTS_SCHEMA, { limit: null }).consumed).toBe(1);
    });
  });

  describe('groupBy limit', () => {
    /** The cut as the search service reports it: off the rows, else by the plan's checks. */
    const cutOf = async (query: string): Promise<number | null> => {
      const { plan, outcome } = await run(query);
      return groupCutOf(plan, outcome, async (sql, params) => (await db.runAndReadAll(sql, [...(params as SqlValue[])])).getRowObjects());
    };

    // n has three values: limit=2 drops one group, limit=3 none.
    it.each([
      ['groupBy(n, limit=2)', 2],
      ['groupBy(n, limit=3)', null],
      ['groupBy(n, limit=2) | sort(_count, limit=1)', 2],
      ['groupBy(n, limit=2) | table([n, _count])', 2],
      ['groupBy(n, limit=2) | count()', 2],
      ['groupBy(n, limit=2) | groupBy(_count, function=count(as=c))', 2],
      ['groupBy(n, limit=2) | top(_count)', 2],
      ['groupBy(n, limit=2) | timeChart(n, span=1h, limit=1)', 2],
      ['groupBy(n, limit=2) | _count > 5', 2],
      ['groupBy(n, limit=2) | _count > 5 | count()', 2],
      ['groupBy(n, limit=3) | _count > 5', null],
      ['groupBy(n, limit=3) | groupBy(n, function=count(as=c), limit=1)', 1],
      ['groupBy(n, limit=1) | groupBy(n, function=count(as=c), limit=5)', 1],
      ['groupBy(n, limit=2) | groupBy(n, function=count(as=c), limit=1)', 2],
      ['groupBy(n, limit=1) | _count > 5 | groupBy(n, function=count(as=c), limit=1)', 1],
      ['groupBy(n, limit=2) | regex("(?<w>.)", field=n) | table([w])', 2],
      ['regex("(?<w>.)") | groupBy(n, limit=2)', 2],
      ['regex("(?<w>.)") | groupBy(n, limit=2) | table([n])', 2],
      ['regex("(?<w>.)") | groupBy(n, limit=3)', null],
      ['top(n, limit=1)', null],
      ['timeChart(n, span=1h, limit=1)', null],
    ])('%s reports the limit of a groupBy that dropped groups: %s', async (query, cut) => {
      expect(await cutOf(query)).toBe(cut);
      const all = (await db.runAndReadAll('SELECT * FROM events ORDER BY ts')).getRowObjects().map((r) => baseEventFromRow(r, EVENTS_SCHEMA));
      expect(evaluateSearch(planSearch(query, EVENTS_SCHEMA, { limit: 100 }).ir, all, 100).groupCut).toBe(cut);
    });

    it('asks the engine again only when the rows cannot tell', async () => {
      expect((await run('groupBy(n, limit=2) | table([n])')).outcome.groupCut).toBe(2);
      expect((await run('groupBy(n, limit=3) | count()')).outcome.groupCut).toBeNull();
      expect((await run('groupBy(n, limit=2) | _count > 5')).outcome.groupCut).toBe('unknown');
      expect(planSearch('n=* | groupBy(n, limit=2) | _count > 5', EVENTS_SCHEMA, { limit: 10 }).groupChecks).toHaveLength(1);
      expect(planSearch('n=* | count()', EVENTS_SCHEMA, { limit: 10 }).groupChecks).toHaveLength(0);
    });
  });

  describe('names a user picks', () => {
    // The compiler's own columns and relation aliases, spelled as fields, outputs and table columns.
    it.each([
      'groupBy(n, function=count(as=__group_cut), limit=2)',
      'groupBy(n, function=count(as=__group_total), limit=2) | table([n, __group_total])',
      'groupBy(n, function=count(as=__group_cut_before), limit=2)',
      '__ord := n | table([__ord, n])',
      'groupBy(n, function=count(as=__ord)) | table([n, __ord])',
      'timeChart(n, span=1h, function=count(as=__series_score))',
      'timeChart(n, span=1h, function=count(as=__series_rank), limit=1)',
      'groupBy(n, function=[count(as=__k0), sum(n, as=__a0)])',
      '__k0 := n | groupBy([__k0, n])',
      't0 := n | groupBy(t0) | groupBy(t0, function=count(as=t1)) | table([t0, t1])',
      'f0 := n | groupBy([n, f0], function=count(as=f1)) | table([f1, f0, n])',
      '__c0 := n | groupBy(__c0, function=count(as=__c1))',
    ])('%s answers as the evaluator does', async (query) => {
      const { plan, outcome } = await run(query);
      expect(plan.rest).toEqual([]);
      const all = (await db.runAndReadAll('SELECT * FROM events ORDER BY ts')).getRowObjects().map((r) => baseEventFromRow(r, EVENTS_SCHEMA));
      const reference = evaluateSearch(plan.ir, all, 100);
      expect(outcome.results).toEqual(reference.results);
      expect(outcome.results.length).toBeGreaterThan(0);
      expect(outcome.groupCut === 'unknown' ? 'unknown' : outcome.groupCut).toBe(reference.groupCut);
    });
  });
});
