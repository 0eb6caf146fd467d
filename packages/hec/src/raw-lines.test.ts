import { describe, expect, it } from 'vitest';
import { splitRawLines } from './raw-lines.js';

describe('splitRawLines', () => {
  it.each([
    ['one', ['one']],
    ['a\nb', ['a', 'b']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['a\rb', ['a', 'b']],
    ['a\n\n\r\n\rb', ['a', 'b']],
    ['\n\r\n', []],
    ['', []],
    ['  \nx', ['  ', 'x']],
    ['{"event":"json is not parsed"}\n', ['{"event":"json is not parsed"}']],
  ])('splits %j into %j', (text, lines) => {
    expect(splitRawLines(text)).toEqual(lines);
  });
});
