import { describe, expect, it } from 'vitest';
import { hasTopLevelPipe, tokenize } from './highlight.js';

/** The tokens as `text:kind`, without whitespace. */
function classes(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.kind !== 'space')
    .map((t) => `${text.slice(t.start, t.end)}:${t.kind}`);
}

describe('tokenize', () => {
  it.each([
    ['a filter with a tag, a field and free text', '#connector=fw user="Ann Lee" error', ['#connector:tag', '=:operator', 'fw:text', 'user:field', '=:operator', '"Ann Lee":string', 'error:text']],
    ['a pipeline with a call and a named parameter', 'x | groupBy(user, function=count())', ['x:text', '|:operator', 'groupBy:function', '(:punct', 'user:text', ',:punct', 'function:param', '=:operator', 'count:function', '(:punct', '):punct', '):punct']],
    ['keywords, a regex and a comparison', 'not a or url=/login/i status>=500', ['not:keyword', 'a:text', 'or:keyword', 'url:field', '=:operator', '/login/i:regex', 'status:field', '>=:operator', '500:number']],
    ['an assignment with division', 'x := bytes / 2 // half', ['x:field', ':=:operator', 'bytes:text', '/:operator', '2:number', '// half:comment']],
    ['array suffixes, wildcards and metadata', 'event.category[0]=auth* @host=web-1', ['event.category[0]:field', '=:operator', 'auth*:text', '@host:field', '=:operator', 'web-1:text']],
    ['case blocks', 'case { a=1 | b := 2; * }', ['case:keyword', '{:punct', 'a:field', '=:operator', '1:number', '|:operator', 'b:field', ':=:operator', '2:number', ';:punct', '*:operator', '}:punct']],
  ])('colours %s', (_name, text, expected) => {
    expect(classes(text)).toEqual(expected);
  });

  it.each(['user="unfinished', 'a /* open comment', 'x=/unclosed', '"\\', '', '(((', ')]}', 'a!=b!'])('covers every character of %j, unfinished or not', (text) => {
    const tokens = tokenize(text);
    expect(tokens.map((t) => text.slice(t.start, t.end)).join('')).toBe(text);
    for (const [i, t] of tokens.entries()) {
      expect(t.end).toBeGreaterThan(t.start);
      if (i > 0) expect(t.start).toBe(tokens[i - 1]?.end);
    }
  });
});

describe('hasTopLevelPipe', () => {
  it.each([
    ['#connector=fw', false],
    ['a | count()', true],
    ['"a | b"', false],
    ['/a|b/', false],
    ['case { a | b; * }', false],
    ['// a | b', false],
    ['a /* | */ b', false],
  ])('%j → %s', (query, expected) => {
    expect(hasTopLevelPipe(query)).toBe(expected);
  });
});
