import { describe, expect, it } from 'vitest';
import { bucketCount, chooseSpan } from './histogram.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
/** An instant on a day boundary (UTC), so aligned ranges are easy to write. */
const T = 1_700_006_400_000;

describe('bucketCount', () => {
  it.each([
    [T, T + H, M, 60],
    [T + 30 * S, T + H, M, 60],
    [T + 30 * S, T + H + 1, M, 61],
    [T, T + 1, D, 1],
  ])('[%i, %i) with span %i touches %i aligned buckets', (start, end, span, expected) => {
    expect(bucketCount(start, end, span)).toBe(expected);
  });
});

describe('chooseSpan', () => {
  it.each([
    ['1 minute, 60 buckets', T, T + M, 60, '1s'],
    ['5 minutes', T, T + 5 * M, 60, '5s'],
    ['1 hour', T, T + H, 60, '1m'],
    ['1 hour, unaligned (61 buckets of 1m)', T + 1, T + H + 1, 60, '5m'],
    ['24 hours', T, T + D, 60, '30m'],
    ['7 days', T, T + 7 * D, 60, '3h'],
    ['30 days', T, T + 30 * D, 60, '12h'],
    ['1 hour in 10 buckets', T, T + H, 10, '10m'],
    ['1 year', T, T + 365 * D, 60, '7d'],
  ])('picks the smallest human span for %s', (_name, start, end, buckets, expected) => {
    const { name, span } = chooseSpan(start, end, buckets);
    expect(name).toBe(expected);
    expect(bucketCount(start, end, span)).toBeLessThanOrEqual(buckets);
  });

  it('grows past a year in whole years when even a year per bucket is too fine', () => {
    const { span, name } = chooseSpan(0, 10 * 365 * D, 2);
    expect(name).toBe('1825d');
    expect(bucketCount(0, 10 * 365 * D, span)).toBeLessThanOrEqual(2);
  });
});
