import { describe, expect, it } from 'vitest';
import { eventFields, eventKey, eventSummary, eventTime } from './event-view.js';

const EVENT = { '@id': 'e1', '@timestamp': 1700000000000, '@timestamp.nanos': 0, '@rawstring': '{"user":"ann"}', '#connector': 'fw', user: 'ann', action: 'deny' };

describe('an event as the search view shows it', () => {
  it('is keyed by @id, or by its place when it has none', () => {
    expect(eventKey(EVENT, 3)).toBe('e1');
    expect(eventKey({ user: 'ann' }, 3)).toBe('#3');
  });

  it('reads @timestamp as a number or a numeric string', () => {
    expect(eventTime(EVENT)).toBe(1700000000000);
    expect(eventTime({ '@timestamp': '1700000000000' })).toBe(1700000000000);
    expect(eventTime({})).toBeUndefined();
  });

  it('sums up as its raw line, or as its fields when a pipeline dropped it', () => {
    expect(eventSummary(EVENT)).toBe('{"user":"ann"}');
    expect(eventSummary({ '@timestamp': 1, user: 'ann', n: 2 })).toBe('user=ann n=2');
  });

  it('lists its own fields first, then tags and metadata, without the raw line', () => {
    expect(eventFields(EVENT).map(([name]) => name)).toEqual(['action', 'user', '#connector', '@id', '@timestamp']);
  });
});
