import { describe, expect, test } from 'vitest';
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import { tokenize } from './lexer.js';

const kinds = (text: string) => tokenize(text).map((t) => t.kind);
const values = (text: string) => tokenize(text).filter((t) => t.kind !== 'eof').map((t) => t.value);

describe('lexer', () => {
  test.each([
    ['a!=b', ['word', 'neq', 'word', 'eof']],
    ['a<=1 b>=2 c<3 d>4', ['word', 'le', 'word', 'word', 'ge', 'word', 'word', 'lt', 'word', 'word', 'gt', 'word', 'eof']],
    ['!a', ['bang', 'word', 'eof']],
    ['(a|b)', ['lparen', 'word', 'pipe', 'word', 'rparen', 'eof']],
    ['x:=1', ['word', 'assign', 'word', 'eof']],
    ['ip =~ y', ['word', 'match', 'word', 'eof']],
    ['/re/i', ['regex', 'eof']],
    ['a // comment', ['word', 'eof']],
    ['a /* c */ b', ['word', 'word', 'eof']],
  ])('splits %s into %j', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  test('keeps field-name characters . @ # [n] : and / inside one word', () => {
    expect(values('@timestamp #Vendor event.category[0] a:b http://x/y')).toEqual(['@timestamp', '#Vendor', 'event.category[0]', 'a:b', 'http://x/y']);
  });

  test('resolves string escapes and keeps unknown escapes as written', () => {
    expect(values('"a\\"b\\\\c\\nd\\Windows"')).toEqual(['a"b\\c\nd\\Windows']);
  });

  test('records offsets of every token, end exclusive', () => {
    expect(tokenize('ab  "c"').map((t) => [t.start, t.end])).toEqual([[0, 2], [4, 7], [7, 7]]);
  });

  test('ends a regex at the first unescaped slash outside a class', () => {
    const [t] = tokenize('/a\\/b[/]c/ims');
    expect(t).toMatchObject({ kind: 'regex', value: 'a\\/b[/]c', flags: 'ims', start: 0, end: 13 });
  });

  test.each([
    ['"abc', 'UNTERMINATED_STRING', 0, 4],
    ['"abc\\', 'UNTERMINATED_STRING', 0, 5],
    ['x /abc', 'UNTERMINATED_REGEX', 2, 6],
    ['/ab\nc/', 'UNTERMINATED_REGEX', 0, 3],
    ['a /* b', 'UNTERMINATED_COMMENT', 2, 6],
    ['/a/x', 'INVALID_REGEX_FLAG', 3, 4],
    ['/a/ii', 'INVALID_REGEX_FLAG', 4, 5],
  ])('rejects %j with %s at %i..%i', (text, code, start, end) => {
    const error = (() => {
      try {
        tokenize(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(QuerySyntaxError);
    expect(error).toMatchObject({ code, start, end });
  });
});
