import { describe, expect, it } from 'vitest';
import { addFilter } from './add-filter.js';

describe('addFilter', () => {
  it.each([
    ['an empty query', '', 'user', 'ann', 'user="ann"'],
    ['everything', '*', 'user', 'ann', 'user="ann"'],
    ['a filter query', '#connector=fw', 'user', 'ann', '#connector=fw user="ann"'],
    ['a pipeline', '#connector=fw | parseJson()', 'p.user', 'ann', '#connector=fw | parseJson() | p.user="ann"'],
    ['a pipe inside a string only', 'msg="a | b"', 'user', 'ann', 'msg="a | b" user="ann"'],
    ['a value with quotes', 'x', 'msg', 'say "hi" \\o/', 'x msg="say \\"hi\\" \\\\o/"'],
    ['a field that needs quoting', 'x', 'odd name', 'v', 'x "odd name"="v"'],
    ['a tag', '', '#connector', 'fw', '#connector="fw"'],
    ['a trailing comment', 'x // note', 'user', 'ann', 'x // note\nuser="ann"'],
  ])('to %s', (_name, query, field, value, expected) => {
    expect(addFilter(query, field, value)).toBe(expected);
  });
});
