import { describe, expect, it } from 'vitest';
import { MAX_SLICES, timeSlices } from './time-slices.js';

const MINUTE = 60_000;

describe('timeSlices', () => {
  it('splits one hour into 1m, 4m, 16m and the remaining 39m, newest first', () => {
    const end = 10 * 60 * MINUTE;
    const slices = timeSlices(end - 60 * MINUTE, end);
    expect(slices.map((s) => (s.end - s.start) / MINUTE)).toEqual([1, 4, 16, 39]);
    expect(slices[0]?.end).toBe(end);
  });

  it.each([
    ['one millisecond', 1],
    ['30 seconds', 30_000],
    ['7 days', 7 * 24 * 60 * MINUTE],
    ['ten years', 3650 * 24 * 60 * MINUTE],
  ])('covers %s exactly, without gaps or overlaps, in at most MAX_SLICES slices', (_name, width) => {
    const start = 1_700_000_000_000;
    const slices = timeSlices(start, start + width);
    expect(slices.length).toBeGreaterThan(0);
    expect(slices.length).toBeLessThanOrEqual(MAX_SLICES);
    expect(slices[0]?.end).toBe(start + width);
    expect(slices[slices.length - 1]?.start).toBe(start);
    for (let i = 1; i < slices.length; i++) {
      expect(slices[i]?.end).toBe(slices[i - 1]?.start);
      expect(slices[i]!.end - slices[i]!.start).toBeGreaterThan(0);
    }
  });

  it('makes each slice four times the one before, except the last, which is cut to the range', () => {
    const start = 0;
    const slices = timeSlices(start, 7 * 24 * 60 * MINUTE);
    const widths = slices.map((s) => s.end - s.start);
    for (let i = 1; i < widths.length - 1; i++) expect(widths[i]).toBe(widths[i - 1]! * 4);
    expect(widths[widths.length - 1]).toBeLessThanOrEqual(widths[widths.length - 2]! * 4);
  });

  it('gives nothing for an empty range', () => {
    expect(timeSlices(5, 5)).toEqual([]);
  });
});
