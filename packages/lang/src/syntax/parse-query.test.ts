import { describe, expect, test } from 'vitest';
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import type { FilterNode } from './ast.js';
import { MAX_QUERY_LENGTH, parseQuery } from './parse-query.js';

/** A compact S-expression of the tree, to assert structure without positions. */
function shape(node: FilterNode | null): string {
  if (node === null) return '<all>';
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.kind} ${node.operands.map(shape).join(' ')})`;
    case 'not':
      return `(not ${shape(node.operand)})`;
    case 'group':
      return `[${shape(node.inner)}]`;
    case 'freeText':
      return node.pattern.quoted ? JSON.stringify(node.pattern.text) : node.pattern.text;
    case 'regexFilter':
      return `/${node.regex.pattern}/${node.regex.flags}`;
    case 'equalityFilter':
      return `${node.field.name}${node.operator}${node.value.kind === 'regex' ? `/${node.value.pattern}/${node.value.flags}` : node.value.text}`;
    case 'comparisonFilter':
      return `${node.field.name}${node.operator}${node.value.value}`;
  }
}

const parsed = (text: string) => shape(parseQuery(text).filter);

function syntaxError(text: string): QuerySyntaxError {
  try {
    parseQuery(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseQuery builds the tree', () => {
  test.each([
    ['a b c', '(and a b c)'],
    ['a or b c', '(and (or a b) c)'],
    ['a b or c', '(and a (or b c))'],
    ['a and b or c and d', '(and a (or b c) d)'],
    ['a OR b AND c', '(and (or a b) c)'],
    ['not a or b', '(or (not a) b)'],
    ['!a b', '(and (not a) b)'],
    ['not not a', '(not (not a))'],
    ['(a b) or c', '(or [(and a b)] c)'],
    ['"and" or', '<error>'],
    ['"a phrase" word', '(and "a phrase" word)'],
    ['user=adm* #repo=main', '(and user=adm* #repo=main)'],
    ['x != *', 'x!=*'],
    ['f=/a.b/i', 'f=/a.b/i'],
    ['/bare/', '/bare/'],
    ['n>=-1.5e3', 'n>=-1500'],
    ['n<"7"', 'n<7'],
    ['or=1 not=2', '(and or=1 not=2)'],
    ['"quoted field"=v', 'quoted field=v'],
    ['a=and', 'a=and'],
    ['// only a comment', '<all>'],
    ['   ', '<all>'],
  ])('%j → %s', (text, expected) => {
    if (expected === '<error>') expect(() => parseQuery(text)).toThrow(QuerySyntaxError);
    else expect(parsed(text)).toBe(expected);
  });

  test('gives every node its source range', () => {
    const query = parseQuery('foo  user!="x y"');
    expect(query.filter).toMatchObject({
      kind: 'and',
      start: 0,
      end: 16,
      operands: [
        { kind: 'freeText', start: 0, end: 3 },
        { kind: 'equalityFilter', start: 5, end: 16, field: { start: 5, end: 9 }, value: { start: 11, end: 16, text: 'x y', quoted: true } },
      ],
    });
  });

  test('returns frozen nodes', () => {
    const query = parseQuery('a b');
    expect(Object.isFrozen(query)).toBe(true);
    expect(Object.isFrozen(query.filter)).toBe(true);
  });
});

describe('parseQuery rejects invalid queries with a code and a range', () => {
  test.each([
    ['a | count()', 'PIPE_NOT_SUPPORTED', 2, 3],
    ['count()', 'FUNCTION_NOT_SUPPORTED', 0, 6],
    ['(a', 'MISSING_CLOSE_PAREN', 0, 1],
    ['a)', 'UNMATCHED_PAREN', 1, 2],
    ['()', 'UNEXPECTED_TOKEN', 0, 2],
    ['a and', 'UNEXPECTED_END', 5, 5],
    ['or b', 'UNEXPECTED_TOKEN', 0, 2],
    ['=x', 'UNEXPECTED_TOKEN', 0, 1],
    ['a=', 'EXPECTED_VALUE', 1, 2],
    ['a= )', 'EXPECTED_VALUE', 1, 4],
    ['a<b', 'EXPECTED_NUMBER', 2, 3],
    ['a>/x/', 'EXPECTED_NUMBER', 2, 5],
    ['a<', 'EXPECTED_VALUE', 1, 2],
    ['x := 1', 'UNSUPPORTED_OPERATOR', 2, 4],
    ['ip =~ cidr("10.0.0.0/8")', 'UNSUPPORTED_OPERATOR', 3, 5],
    ['""=v', 'EMPTY_FIELD_NAME', 0, 2],
    ['a, b', 'UNEXPECTED_TOKEN', 1, 2],
    ['a\n  | b', 'PIPE_NOT_SUPPORTED', 4, 5],
  ])('%j → %s at %i..%i', (text, code, start, end) => {
    expect(syntaxError(text)).toMatchObject({ code, start, end });
  });

  test('reports line and column of the start, 1-based', () => {
    expect(syntaxError('a\nb\n  c)')).toMatchObject({ code: 'UNMATCHED_PAREN', line: 3, column: 4, start: 7 });
  });

  test('names the offending token in the pipe message', () => {
    expect(syntaxError('a | b').message).toContain("'|'");
  });

  test(`refuses more than ${MAX_QUERY_LENGTH} characters`, () => {
    expect(syntaxError('a'.repeat(MAX_QUERY_LENGTH + 1)).code).toBe('QUERY_TOO_LONG');
  });

  test('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    expect(syntaxError(`${'('.repeat(20_000)}a${')'.repeat(20_000)}`).code).toBe('NESTING_TOO_DEEP');
    expect(syntaxError(`${'!'.repeat(60_000)}a`).code).toBe('NESTING_TOO_DEEP');
  });

  test('refuses more terms than the limit', () => {
    expect(syntaxError('a '.repeat(30_000)).code).toBe('TOO_MANY_TERMS');
  });
});
