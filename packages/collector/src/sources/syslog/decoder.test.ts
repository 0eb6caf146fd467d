import { describe, expect, it } from 'vitest';
import { SyslogDecoder } from './decoder.js';

const texts = (decoder: SyslogDecoder, ...chunks: string[]): string[] =>
  chunks.flatMap((chunk) => decoder.push(Buffer.from(chunk))).map((frame) => frame.text);

describe('SyslogDecoder', () => {
  it.each([
    ['newline framing, CRLF and NUL trimmed', ['<13>a\n<13>b\r\n<13>c\0\n'], ['<13>a', '<13>b', '<13>c']],
    ['octet counting', ['5 <13>a6 <13>bc'], ['<13>a', '<13>bc']],
    ['both framings mixed on one connection', ['5 <13>a<13>b\n7 <13>cde'], ['<13>a', '<13>b', '<13>cde']],
    ['a frame split across chunks, inside the length too', ['1', '0 <13>abc', 'def<13>x\n'], ['<13>abcdef', '<13>x']],
    ['a line starting with a digit but no count', ['2024-01-01 x\n'], ['2024-01-01 x']],
  ])('%s', (_name, chunks, expected) => {
    expect(texts(new SyslogDecoder(1000), ...chunks)).toEqual(expected);
  });

  it('truncates a newline-framed message over maxEventSize, marks it, and skips its rest', () => {
    const decoder = new SyslogDecoder(8);
    const frames = [...decoder.push(Buffer.from('<13>abcdefghij')), ...decoder.push(Buffer.from('klm\n<13>ok\n'))];
    expect(frames).toEqual([
      { text: '<13>abcd', truncated: true },
      { text: '<13>ok', truncated: false },
    ]);
  });

  it('truncates an octet-counted message over maxEventSize and skips exactly its length', () => {
    const decoder = new SyslogDecoder(8);
    const frames = [...decoder.push(Buffer.from('14 <13>abcdefgh')), ...decoder.push(Buffer.from('ij5 <13>z'))];
    expect(frames).toEqual([
      { text: '<13>abcd', truncated: true },
      { text: '<13>z', truncated: false },
    ]);
  });

  it('emits an unterminated last line when the sender closes', () => {
    const decoder = new SyslogDecoder(100);
    expect(decoder.push(Buffer.from('<13>last'))).toEqual([]);
    expect(decoder.end()).toEqual([{ text: '<13>last', truncated: false }]);
  });
});
