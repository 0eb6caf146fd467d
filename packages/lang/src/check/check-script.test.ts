import { describe, expect, test } from 'vitest';
import { compileParser } from '../eval/compile-parser.js';
import { FUNCTION_REGISTRY } from './function-registry.js';
import { IMPLEMENTATIONS } from '../eval/functions/implementations.js';

const diagnostics = (script: string) => {
  const compiled = compileParser(script);
  return compiled.diagnostics;
};

describe('checkScript', () => {
  test('an unknown function is refused with its range and a suggestion', () => {
    const [d] = diagnostics('parseJsn(prefix="x")');
    expect(d).toMatchObject({ code: 'UNKNOWN_FUNCTION', start: 0, end: 8, line: 1, column: 1 });
    expect(d?.message).toContain("did you mean 'parseJson()'");
  });

  test('an unknown argument suggests the closest parameter', () => {
    const [d] = diagnostics('parseJson(prefx="x")');
    expect(d?.code).toBe('UNKNOWN_ARGUMENT');
    expect(d?.message).toContain("'prefix'");
  });

  test.each([
    ['groupBy(source.ip)', 'AGGREGATE_IN_PARSER'],
    ['a=1 | count()', 'AGGREGATE_IN_PARSER'],
    ['parseTimestamp("yyyy")', 'MISSING_ARGUMENT'],
    ['parseJson(excludeEmpty=maybe)', 'INVALID_ARGUMENT'],
    ['parseJson(handleNull=drop)', 'INVALID_ARGUMENT'],
    ['lower(a, b)', 'TOO_MANY_ARGUMENTS'],
    ['parseJson(prefix="a", prefix="b")', 'DUPLICATE_ARGUMENT'],
    ['regex("(unclosed")', 'INVALID_REGEX'],
    ['x := parseJson()', 'NOT_AN_EXPRESSION'],
    ['case { a=1 | split(x); * }', 'FANOUT_IN_BRANCH'],
  ])('%s → %s', (script, code) => {
    expect(diagnostics(script).map((d) => d.code)).toContain(code);
  });

  test('every stage with a problem is reported, not only the first', () => {
    expect(diagnostics('nope() | count() | parseJson()').map((d) => d.code)).toEqual(['UNKNOWN_FUNCTION', 'AGGREGATE_IN_PARSER']);
  });

  test('function names are case-insensitive, as in LogScale', () => {
    expect(diagnostics('parsejson() | KVPARSE()')).toEqual([]);
  });

  test('every parser-safe function in the registry is implemented and every implementation is declared', () => {
    const safe = FUNCTION_REGISTRY.filter((f) => f.parserSafe).map((f) => f.name).sort();
    expect(Object.keys(IMPLEMENTATIONS).sort()).toEqual(safe);
  });
});
