import { describe, expect, it } from 'vitest';
import { rangeFromDrag, zoomOut } from './zoom-range.js';

describe('rangeFromDrag', () => {
  it('maps the dragged pixels to the times under them, either direction', () => {
    expect(rangeFromDrag(100, 300, 400, 0, 4_000_000)).toEqual({ start: 1_000_000, end: 3_000_000 });
    expect(rangeFromDrag(300, 100, 400, 0, 4_000_000)).toEqual({ start: 1_000_000, end: 3_000_000 });
  });

  it('clamps a drag that leaves the chart to the range', () => {
    expect(rangeFromDrag(-50, 500, 400, 1000, 5000)).toEqual({ start: 1000, end: 5000 });
  });

  it('keeps at least a second', () => {
    const range = rangeFromDrag(200, 200.5, 400, 0, 60_000);
    expect(range.end - range.start).toBe(1000);
  });
});

describe('zoomOut', () => {
  it('doubles the range around its middle', () => {
    expect(zoomOut(10_000, 20_000, 100_000)).toEqual({ start: 5_000, end: 25_000 });
  });

  it('never goes past now', () => {
    expect(zoomOut(80_000, 100_000, 100_000)).toEqual({ start: 60_000, end: 100_000 });
  });
});
