import { describe, expect, it } from 'vitest';
import { rowOffsets, visibleRows } from './virtual-window.js';

describe('the virtual window', () => {
  const offsets = rowOffsets(1000, (i) => (i === 10 ? 300 : 30));

  it('adds up the row heights', () => {
    expect(offsets[10]).toBe(300);
    expect(offsets[11]).toBe(600);
    expect(offsets[1000]).toBe(999 * 30 + 300);
  });

  it('renders the rows in view and a few either side', () => {
    expect(visibleRows(offsets, 0, 300, 2)).toEqual({ first: 0, last: 12 });
    expect(visibleRows(offsets, 600, 90, 2)).toEqual({ first: 9, last: 16 });
  });

  it('stays inside the list at both ends', () => {
    expect(visibleRows(offsets, 1e9, 600, 8)).toEqual({ first: 991, last: 1000 });
    expect(visibleRows(rowOffsets(0, () => 30), 0, 600)).toEqual({ first: 0, last: 0 });
  });
});
