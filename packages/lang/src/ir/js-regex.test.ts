import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { openConformanceDb, readBaseEvents } from '../conformance/conformance-events.fixture.js';
import { codes, one, parse } from '../eval/test-helpers.fixture.js';
import { evaluateSearch, finishSearch, planSearch } from '../search/plan-search.js';
import type { ResultRow } from '../search/sql-row.js';
import { EVENTS_SCHEMA } from '../sql/fixtures/events.fixture.js';
import { splitInlineFlags, toJsRegex } from './js-regex.js';

describe('a leading inline flag group becomes flags', () => {
  test.each([
    ['(?i)error', 'error', 'i'],
    ['(?is)a.b', 'a.b', 'is'],
    ['(?m)(?s)^a', '^a', 'ms'],
    ['(?i)(?<user>\\S+)', '(?<user>\\S+)', 'i'],
    ['a(?:b)(?<n>c)(?=d)', 'a(?:b)(?<n>c)(?=d)', ''],
    ['\\(?i)x', '\\(?i)x', ''],
    ['[(?i)]x', '[(?i)]x', ''],
  ])('%s → %s with flags %j', (pattern, source, flags) => {
    expect(splitInlineFlags(pattern)).toMatchObject({ ok: true, source, flags });
  });

  test.each([
    ['(?x)a', 'not supported', 0],
    ['(?-i)a', 'not supported', 0],
    ['user=(?i)bob', 'move (?i) to the start', 5],
    ['(?i:bob)', 'put (?i) at the start', 0],
    ['a(?s:.)', 'put (?s) at the start', 1],
  ])('refuses %s with a message saying where to put it', (pattern, message, offset) => {
    const result = splitInlineFlags(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.offset).toBe(offset);
    }
  });

  test('toJsRegex adds the flags to the given ones (s is dot-matches-newline)', () => {
    const result = toJsRegex('(?is)user=(?<user.name>.+)', 'm');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.regex.flags).toBe('ims');
    expect(result.value.regex.source).toBe('user=(?<g0>.+)');
    expect(result.value.groups).toEqual([['g0', 'user.name']]);
  });
});

describe('parsers accept a leading (?i) and refuse other inline flags', () => {
  test('regex() with (?i) matches any case', () => {
    expect(one('regex("(?i)user=(?<user>\\\\S+)")', 'login USER=alice')).toMatchObject({ user: 'alice' });
  });

  test('a /(?i)…/ filter matches any case', () => {
    expect(parse('/(?i)error/', 'an ERROR happened')).toHaveLength(1);
    expect(parse('/error/', 'an ERROR happened')).toHaveLength(0);
    expect(parse('msg=/(?i)^fail/', '', { msg: 'FAILED' })).toHaveLength(1);
  });

  test('(?s) lets . match a newline', () => {
    expect(one('regex("(?s)a(?<mid>.)b")', 'a\nb').mid).toBe('\n');
  });

  test.each([['regex("a(?i)b")'], ['/(?i:x)y/'], ['regex("(?x)a b")']])('%s is an INVALID_REGEX diagnostic', (script) => {
    expect(codes(script)).toEqual(['INVALID_REGEX']);
  });
});

describe('a (?i) search filter gives the same answer through DuckDB SQL and the evaluator', () => {
  let db: DuckDBConnection;
  let base: ResultRow[];
  beforeAll(async () => {
    db = await openConformanceDb();
    base = await readBaseEvents(db);
  });

  test.each([['user=/(?i)^carol$/'], ['/(?i)USER=CAROL/'], ['user=/(?i)^CAROL$/ | count()'], ['/(?i)DENY/ | table([action])']])('%s', async (query) => {
    const plan = planSearch(query, EVENTS_SCHEMA, { limit: 100 });
    expect(plan.rest).toEqual([]);
    const viaSql = finishSearch(plan, (await db.runAndReadAll(plan.compiled.sql, [...plan.compiled.params])).getRowObjects(), EVENTS_SCHEMA);
    const viaEvaluator = evaluateSearch(plan.ir, base, 100);
    expect(viaSql.results).toEqual(viaEvaluator.results);
    expect(viaSql.results.length).toBeGreaterThan(0);
  });

  test('both carol and Carol match case-insensitively', async () => {
    const plan = planSearch('user=/(?i)^carol$/ | table([user])', EVENTS_SCHEMA, { limit: 100 });
    const users = evaluateSearch(plan.ir, base, 100).results.map((r) => r.user);
    expect(new Set(users)).toEqual(new Set(['carol', 'Carol']));
  });
});
