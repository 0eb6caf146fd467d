import { describe, expect, test } from 'vitest';
import { QueryOptionError } from '../errors/query-option-error.js';
import { compileSearch } from './compile-search.js';
import { EVENTS_SCHEMA } from './fixtures/events.fixture.js';

const compile = (query: string) => compileSearch(query, EVENTS_SCHEMA, { limit: 50 });

describe('compileSearch', () => {
  test('compiles free text to a case-insensitive RE2 search of the raw column, the text escaped and bound', () => {
    expect(compile('"error (x.y)"')).toEqual({
      sql: 'SELECT * FROM "events" WHERE regexp_matches("raw", $1) ORDER BY "ts" DESC, "id" DESC LIMIT $2',
      params: ['(?is)error \\(x\\.y\\)', 50],
    });
    expect(compile('fire*deny').params).toEqual(['(?is)fire.*deny', 50]);
  });

  test('reads other fields and tags through bound JSON pointers, never pasted into the SQL', () => {
    const { sql, params } = compile('#env=prod client.ip!=10.* @host=web-1');
    expect(sql).toBe(
      'SELECT * FROM "events" WHERE (json_extract_string("tags", $1) = $2' +
        ' AND (NOT COALESCE(json_extract_string("fields", $3) LIKE $4 ESCAPE \'\\\', FALSE))' +
        ' AND "host" = $5) ORDER BY "ts" DESC, "id" DESC LIMIT $6',
    );
    expect(params).toEqual(['/#env', 'prod', '/client.ip', '10.%', 'web-1', 50]);
  });

  test('reads promoted tags and fields from their own columns, not the JSON', () => {
    const { sql, params } = compile('#Vendor=acme source.ip!=10.*');
    expect(sql).toBe(
      'SELECT * FROM "events" WHERE ("tag_vendor" = $1' +
        ' AND (NOT COALESCE("source_ip" LIKE $2 ESCAPE \'\\\', FALSE))) ORDER BY "ts" DESC, "id" DESC LIMIT $3',
    );
    expect(params).toEqual(['acme', '10.%', 50]);
  });

  test('leaves tests bare outside NOT, where NULL already drops the row, and two-valued under NOT', () => {
    expect(compile('a=1 (b=2 or not c=3)').sql).toBe(
      'SELECT * FROM "events" WHERE (json_extract_string("fields", $1) = $2 AND (json_extract_string("fields", $3) = $4' +
        ' OR (NOT COALESCE(json_extract_string("fields", $5) = $6, FALSE)))) ORDER BY "ts" DESC, "id" DESC LIMIT $7',
    );
    expect(compile('not (a=1 or not b=2)').sql).toContain('(NOT (COALESCE(json_extract_string("fields", $1) = $2, FALSE) OR (NOT COALESCE(');
  });

  test('escapes LIKE metacharacters in wildcard values', () => {
    expect(compile('f=50%_\\*').params).toEqual(['/f', '50\\%\\_\\\\%', 50]);
  });

  test('compiles numeric comparisons with TRY_CAST and a number parameter', () => {
    expect(compile('status>=500')).toMatchObject({ sql: expect.stringContaining('WHERE TRY_CAST(json_extract_string("fields", $1) AS DOUBLE) >= $2 ORDER BY'), params: ['/status', 500, 50] });
  });

  test('puts regex flags inside the pattern as RE2 flags', () => {
    expect(compile('user=/^adm/is').params).toEqual(['/user', '(?is)^adm', 50]);
  });

  test('casts numeric columns to text for string matching', () => {
    expect(compile('@timestamp=5').sql).toContain('WHERE CAST("ts" AS VARCHAR) = $1 ORDER BY');
  });

  test('binds the time range as BIGINT before the filter', () => {
    const compiled = compileSearch('a', EVENTS_SCHEMA, { start: '1h', end: 'now', now: 10_000_000, limit: 5 });
    expect(compiled.sql).toBe('SELECT * FROM "events" WHERE "ts" >= $1 AND "ts" < $2 AND regexp_matches("raw", $3) ORDER BY "ts" DESC, "id" DESC LIMIT $4');
    expect(compiled.params).toEqual([6_400_000n, 10_000_000n, '(?is)a', 5]);
  });

  test('with limit null, lists every matching event with no ORDER BY or LIMIT, for a caller to wrap', () => {
    const compiled = compileSearch('a', EVENTS_SCHEMA, { start: 5, end: 9, limit: null });
    expect(compiled).toEqual({ sql: 'SELECT * FROM "events" WHERE "ts" >= $1 AND "ts" < $2 AND regexp_matches("raw", $3)', params: [5n, 9n, '(?is)a'] });
  });

  test('returns a frozen result', () => {
    const compiled = compile('a');
    expect(Object.isFrozen(compiled)).toBe(true);
    expect(Object.isFrozen(compiled.params)).toBe(true);
  });

  test.each([0, -1, 1.5, 100_001, Number.NaN])('refuses limit %s with INVALID_LIMIT', (limit) => {
    expect(() => compileSearch('a', EVENTS_SCHEMA, { limit })).toThrow(expect.objectContaining({ code: 'INVALID_LIMIT' }));
  });

  test('refuses a start after the end with INVALID_TIME_RANGE', () => {
    const run = () => compileSearch('a', EVENTS_SCHEMA, { limit: 1, start: 10, end: 5 });
    expect(run).toThrow(QueryOptionError);
    expect(run).toThrow(expect.objectContaining({ code: 'INVALID_TIME_RANGE' }));
  });
});
