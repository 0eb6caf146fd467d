import { describe, expect, test } from 'vitest';
import { QueryOptionError } from '../errors/query-option-error.js';
import { parseTime } from './parse-time.js';

const NOW = 1_700_000_000_000;

describe('parseTime', () => {
  test.each([
    ['now', NOW],
    ['NOW', NOW],
    ['30s', NOW - 30_000],
    ['15m', NOW - 15 * 60_000],
    ['15min', NOW - 15 * 60_000],
    ['24h', NOW - 24 * 3_600_000],
    ['2 hours', NOW - 2 * 3_600_000],
    ['7d', NOW - 7 * 86_400_000],
    ['2w', NOW - 14 * 86_400_000],
    ['1y', NOW - 365 * 86_400_000],
    ['1700000000000', 1_700_000_000_000],
    [' 0 ', 0],
    ['15', 15],
    [1_600_000_000_000, 1_600_000_000_000],
  ])('%j → %i', (input, expected) => {
    expect(parseTime(input, NOW)).toBe(expected);
  });

  test.each<string | number>(['', 'yesterday', '-5m', '1.5h', '5x', '99999999999999999999', '1e3', 'now-1h', -1, 1.5, Number.NaN, Infinity])(
    'rejects %j with INVALID_TIME',
    (input) => {
      expect(() => parseTime(input, NOW)).toThrow(QueryOptionError);
      expect(() => parseTime(input, NOW)).toThrow(expect.objectContaining({ code: 'INVALID_TIME' }));
    },
  );
});
