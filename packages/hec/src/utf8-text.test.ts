import { describe, expect, it } from 'vitest';
import { utf8Text } from './utf8-text.js';

describe('utf8Text', () => {
  it.each([
    ['plain ASCII', Buffer.from('{"event":"hello"}')],
    ['UTF-8', Buffer.from('héllo ✓ 😀')],
    ['invalid UTF-8', Buffer.from([0x61, 0xff, 0xfe, 0x62, 0xc3])],
    ['Latin-1 bytes that are not UTF-8', Buffer.from([0x63, 0x61, 0x66, 0xe9])],
    ['empty', Buffer.alloc(0)],
    ['NUL and DEL', Buffer.from([0, 0x7f, 0x41])],
  ])('decodes %s exactly as Buffer#toString("utf8")', (_, bytes) => {
    expect(utf8Text(bytes)).toBe(bytes.toString('utf8'));
  });

  it('decodes a range of a larger buffer', () => {
    const bytes = Buffer.from('xx héllo yy');
    expect(utf8Text(bytes, 2, bytes.length - 2)).toBe(bytes.toString('utf8', 2, bytes.length - 2));
    expect(utf8Text(bytes.subarray(1), 1, 4)).toBe(bytes.toString('utf8', 2, 5));
  });
});
