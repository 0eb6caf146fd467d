import { describe, expect, it } from 'vitest';
import { convertTime, TIME_ABSENT, TIME_INVALID, TIME_OK, type TimeParts } from './hec-time.js';

function convert(value: unknown): { outcome: number; parts: TimeParts } {
  const parts = { ms: -1, nanos: -1 };
  return { outcome: convertTime(value, parts), parts };
}

describe('convertTime', () => {
  it.each([
    [1433188255, 1433188255000, 0],
    [1433188255.5, 1433188255500, 0],
    [1700000000.123, 1700000000123, 0],
    [1700000000.123456, 1700000000123, 456000],
    [1700000000 + 0.9999997, 1700000001000, 0],
    ['1700000000', 1700000000000, 0],
    ['1700000000.5', 1700000000500, 0],
    ['1700000000.123456789', 1700000000123, 456789],
    [' 1700000000.25 ', 1700000000250, 0],
    ['1.7e9', 1700000000000, 0],
    [0, 0, 0],
  ])('reads %j as %i ms and %i ns', (value, ms, nanos) => {
    expect(convert(value)).toEqual({ outcome: TIME_OK, parts: { ms, nanos } });
  });

  it.each([null, true, false, {}, [], undefined])('treats %j as absent', (value) => {
    expect(convert(value).outcome).toBe(TIME_ABSENT);
  });

  it.each(['yesterday', '2026-01-01T00:00:00Z', '', '12abc', '0x10', 'Infinity', -5, '-5'])(
    'rejects %j as invalid',
    (value) => {
      expect(convert(value).outcome).toBe(TIME_INVALID);
    },
  );
});
