import { describe, expect, test } from 'vitest';
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import { duckdbDialect } from '../sql/duckdb-dialect.js';
import { parseQuery } from '../syntax/parse-query.js';
import { lowerQuery } from './lower-filter.js';
import { toPortableRegex } from './portable-regex.js';

const lower = (text: string) => lowerQuery(parseQuery(text), text);

describe('lowerQuery gives each filter its meaning', () => {
  test.each([
    ['', { kind: 'all' }],
    ['*', { kind: 'all' }],
    ['err*or', { kind: 'text', pattern: ['err', 'or'] }],
    ['x=*', { kind: 'exists', field: 'x' }],
    ['x!=*', { kind: 'not', operand: { kind: 'exists', field: 'x' } }],
    ['x="a*"', { kind: 'equals', field: 'x', pattern: ['a', ''] }],
    ['x!=v', { kind: 'not', operand: { kind: 'equals', field: 'x', pattern: ['v'] } }],
    ['x>=2', { kind: 'compare', field: 'x', op: '>=', value: 2 }],
    ['/a/i', { kind: 'regex', field: '@rawstring', regex: { source: 'a', caseInsensitive: true, multiline: false, dotAll: false } }],
    ['a (b and c)', { kind: 'and', operands: [{ kind: 'text', pattern: ['a'] }, { kind: 'text', pattern: ['b'] }, { kind: 'text', pattern: ['c'] }] }],
  ])('%j', (text, expected) => {
    expect(lower(text)).toEqual(expected);
  });

  test('produces frozen plain data that survives a JSON round trip', () => {
    const ir = lower('a or (b x!=/y/m) c<3');
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
    expect(Object.isFrozen(ir)).toBe(true);
  });

  test('points a regex error at the construct inside the query', () => {
    const text = 'user=/ab(?<!x)c/';
    try {
      lower(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(QuerySyntaxError);
      expect(error).toMatchObject({ code: 'UNSUPPORTED_REGEX', start: 8, end: 12 });
    }
  });
});

describe('toPortableRegex rewrites JS regexes for RE2 or refuses them', () => {
  test.each([
    ['a(?<name>b)', 'a(?P<name>b)'],
    ['\\u00e9', '\\x{00e9}'],
    ['\\u{1F600}', '\\x{1F600}'],
    ['a\\0', 'a\\x00'],
    ['[\\b]', '[\\x08]'],
    ['[^]', '[\\s\\S]'],
    ['[(?=]x', '[(?=]x'],
    ['\\d+\\.\\w*\\/', '\\d+\\.\\w*\\/'],
  ])('%s → %s', (input, expected) => {
    expect(toPortableRegex(input, '')).toEqual({ ok: true, regex: { source: expected, caseInsensitive: false, multiline: false, dotAll: false } });
  });

  test.each([
    ['(?i)a(?<n>b)', '', { source: 'a(?P<n>b)', caseInsensitive: true, multiline: false, dotAll: false }],
    ['(?is)a.b', '', { source: 'a.b', caseInsensitive: true, multiline: false, dotAll: true }],
    ['(?m)^a', 'i', { source: '^a', caseInsensitive: true, multiline: true, dotAll: false }],
    ['a.b', 'd', { source: 'a.b', caseInsensitive: false, multiline: false, dotAll: true }],
  ])('a leading inline flag group %s (flags %j) becomes flags', (input, flags, regex) => {
    expect(toPortableRegex(input, flags)).toEqual({ ok: true, regex });
  });

  test.each([
    ['a(?i)b', 1, 4],
    ['(?i)a(?s:.)', 5, 4],
    ['(?x)a', 0, 4],
  ])('refuses the inline flags in %s that the evaluator cannot run, pointing at them', (input, offset, length) => {
    expect(toPortableRegex(input, '')).toMatchObject({ ok: false, problem: { code: 'INVALID_REGEX', offset, length } });
  });

  test('keeps offsets of later problems relative to the whole pattern', () => {
    expect(toPortableRegex('(?i)ab(?=c)', '')).toMatchObject({ ok: false, problem: { code: 'UNSUPPORTED_REGEX', offset: 6 } });
  });

  test.each([
    ['a(?=b)', 'UNSUPPORTED_REGEX'],
    ['a(?!b)', 'UNSUPPORTED_REGEX'],
    ['(?<=a)b', 'UNSUPPORTED_REGEX'],
    ['(?<!a)b', 'UNSUPPORTED_REGEX'],
    ['(a)\\1', 'UNSUPPORTED_REGEX'],
    ['(?<n>a)\\k<n>', 'UNSUPPORTED_REGEX'],
    ['\\cA', 'UNSUPPORTED_REGEX'],
    ['[]', 'UNSUPPORTED_REGEX'],
    ['a(', 'INVALID_REGEX'],
    ['*a', 'INVALID_REGEX'],
  ])('%s → %s', (input, code) => {
    const result = toPortableRegex(input, '');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.code).toBe(code);
  });
});

describe('every regex toPortableRegex accepts runs on DuckDB', () => {
  test.each([
    'a\\qb', '\\e', '\\p', '\\xZ', '\\x41', 'a{2,}', 'a{,3}', 'a{1000}', '\\é', '[\\d-z]', '\\/', '(?:a|b)+?', '\\B\\b', '\\v\\f', 'a{3}?',
  ])('%s', async (pattern) => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const result = toPortableRegex(pattern, 'i');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [row] = (await db.runAndReadAll('SELECT regexp_matches($1, $2) AS m', ['text', result.regex.source])).getRows();
    const js = new RegExp(pattern, 'i').test('text');
    expect(row?.[0]).toBe(js);
  });

  test('a leading (?i) reaches DuckDB as an RE2 flag and matches as JS does', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const result = toPortableRegex('(?is)^ERROR.x', '');
    if (!result.ok) throw new Error(result.problem.message);
    const pattern = duckdbDialect.regexValue(result.regex);
    expect(pattern).toBe('(?is)^ERROR.x');
    const [row] = (await db.runAndReadAll('SELECT regexp_matches($1, $2) AS m', ['error\nx', pattern])).getRows();
    expect(row?.[0]).toBe(true);
  });

  test('refuses repetition counts RE2 cannot run', () => {
    expect(toPortableRegex('a{1001}', '')).toMatchObject({ ok: false, problem: { code: 'UNSUPPORTED_REGEX' } });
  });
});
