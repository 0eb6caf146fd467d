import { describe, expect, it } from 'vitest';
import { crc32, crc32ByTables } from './crc32.js';

describe('crc32', () => {
  it.each([
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('computes the IEEE CRC-32 of %j, natively and by tables', (text, expected) => {
    expect(crc32(Buffer.from(text))).toBe(expected);
    expect(crc32ByTables(Buffer.from(text))).toBe(expected);
  });

  it('gives the same value natively and by tables, so logs written by either still check', () => {
    const data = Buffer.alloc(70_001);
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + (i >> 7)) & 255;
    for (const [start, end] of [[0, data.length], [1, 9], [5, 70_000], [17, 17]] as const) {
      expect(crc32(data, start, end)).toBe(crc32ByTables(data, start, end));
    }
  });

  it('checksums only the given range', () => {
    const buf = Buffer.from('xx123456789yy');
    expect(crc32(buf, 2, 11)).toBe(0xcbf43926);
  });

  it('agrees on long inputs whatever the alignment', () => {
    const data = Buffer.alloc(10_003);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) & 255;
    const shifted = Buffer.concat([Buffer.from([1, 2, 3]), data]);
    expect(crc32(shifted, 3)).toBe(crc32(data));
  });

  it('continues a CRC from the one of the bytes before, natively and by tables', () => {
    const whole = Buffer.from('header bytes, then the record that follows them');
    const previous = crc32(whole, 0, 12);
    expect(crc32(whole, 12, whole.length, previous)).toBe(crc32(whole));
    expect(crc32ByTables(whole, 12, whole.length, crc32ByTables(whole, 0, 12))).toBe(crc32(whole));
  });
});
