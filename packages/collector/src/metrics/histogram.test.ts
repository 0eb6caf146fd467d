import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';

describe('Histogram', () => {
  it('counts each value in the first bucket whose bound is at least the value, cumulatively', () => {
    const histogram = new Histogram([1, 2, 4]);
    for (const value of [0, 1, 1.5, 3, 4, 100]) histogram.observe(value);
    expect(histogram.snapshot()).toEqual({
      buckets: [
        { le: 1, count: 2 },
        { le: 2, count: 3 },
        { le: 4, count: 5 },
      ],
      sum: 109.5,
      count: 6,
    });
  });
});
