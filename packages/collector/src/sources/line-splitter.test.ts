import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';
import type { Line } from './line-splitter.js';

function split(splitter: LineSplitter, ...chunks: Array<string | Buffer>): Line[] {
  const lines = chunks.flatMap((chunk) => splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  return [...lines, ...splitter.end()];
}

const ok = (text: string): Line => ({ text, truncated: false });

describe('LineSplitter', () => {
  it.each([
    ['lines in one chunk, CRLF trimmed', ['a\nb\r\nc\n'], [ok('a'), ok('b'), ok('c')]],
    ['a line split across chunks', ['ab', 'c\nd', 'e\n'], [ok('abc'), ok('de')]],
    ['an unterminated last line', ['a\nlast'], [ok('a'), ok('last')]],
    ['empty lines dropped', ['\n\na\n\n'], [ok('a')]],
  ])('%s', (_name, chunks, expected) => {
    expect(split(new LineSplitter(100), ...chunks)).toEqual(expected);
  });

  it('keeps empty lines when asked (consolidated command output)', () => {
    expect(split(new LineSplitter(100, true), 'a\n\nb\n')).toEqual([ok('a'), ok(''), ok('b')]);
  });

  it('keeps a character split across chunks whole', () => {
    const bytes = Buffer.from('é\n');
    expect(split(new LineSplitter(100), bytes.subarray(0, 1), bytes.subarray(1))).toEqual([ok('é')]);
  });

  it('cuts a long line at the limit, marks it, skips its rest and goes on with the next line', () => {
    expect(split(new LineSplitter(4), 'abcdef', 'gh\nok\n')).toEqual([{ text: 'abcd', truncated: true }, ok('ok')]);
  });

  it('never cuts inside a character', () => {
    // 'aé' is 3 bytes; a 2-byte limit would end in the middle of é.
    expect(split(new LineSplitter(2), 'aéz\n')).toEqual([{ text: 'a', truncated: true }]);
  });
});
