import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDateTime, formatRelative } from './format.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [10 * 1024, '10 KB'],
    [5 * 1024 * 1024 * 1024, '5.0 GB'],
  ])('shows %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-26T12:00:00.000Z');
  it.each([
    [null, 'never'],
    ['2026-11-26T11:59:55.000Z', 'just now'],
    ['2026-11-26T11:59:30.000Z', '30 s ago'],
    ['2026-11-26T11:57:00.000Z', '3 min ago'],
    ['2026-11-26T10:00:00.000Z', '2 h ago'],
    ['2026-11-24T12:00:00.000Z', '2 d ago'],
    ['2026-11-26T13:00:00.000Z', 'in 1 h'],
  ])('shows %s as %s', (iso, text) => {
    expect(formatRelative(iso, now)).toBe(text);
  });
});

describe('formatCount and formatDateTime', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('shows a missing time as a dash and a time with seconds', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('2026-11-26T12:00:00.000Z')).toMatch(/^2026-11-2\d \d\d:00:00$/);
  });
});
