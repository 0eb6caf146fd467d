import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events.js';
import { jsonWithout, toIndexRow, toStoredEvent } from './index-row.js';
import { PROMOTED_COLUMNS } from './promoted-columns.js';

const PROMOTED_FIELDS = PROMOTED_COLUMNS.filter((c) => c.json === 'fields').map((c) => c.key);

describe('jsonWithout', () => {
  it('cuts promoted pairs wherever they sit, and gives null when nothing is left', () => {
    expect(jsonWithout({ 'source.ip': '1', a: 'x' }, PROMOTED_FIELDS)).toBe('{"a":"x"}');
    expect(jsonWithout({ a: 'x', 'source.ip': '1' }, PROMOTED_FIELDS)).toBe('{"a":"x"}');
    expect(jsonWithout({ a: 'x', 'source.ip': '1', b: 'y' }, PROMOTED_FIELDS)).toBe('{"a":"x","b":"y"}');
    expect(jsonWithout({ 'source.ip': '1', 'user.name': 'u' }, PROMOTED_FIELDS)).toBeNull();
    expect(jsonWithout({}, PROMOTED_FIELDS)).toBeNull();
    expect(jsonWithout({ a: 'x' }, PROMOTED_FIELDS)).toBe('{"a":"x"}');
  });

  it('is not fooled by a key or value that contains a promoted key, quotes or backslashes', () => {
    const tricky = {
      'a"source.ip': 'x',
      b: '","source.ip":"',
      'source.ip': 'ends with \\',
      c: '\\"',
      'user.name': '"quoted"',
      'event.action': 'ünï😀',
    };
    expect(JSON.parse(jsonWithout(tricky, PROMOTED_FIELDS) ?? 'null')).toEqual({ 'a"source.ip': 'x', b: '","source.ip":"', c: '\\"' });
  });

  it('leaves out promoted keys whatever their values', () => {
    const odd = { a: 'x', 'source.ip': 7, 'user.name': null } as unknown as Record<string, string>;
    expect(jsonWithout(odd, PROMOTED_FIELDS)).toBe('{"a":"x"}');
  });
});

describe('index rows', () => {
  it('move promoted tags and fields to their columns and back', () => {
    const event: StoredEvent = {
      id: 'i', timestamp: 1, timestampNanos: 2, ingestTimestamp: 3, rawstring: 'r', host: null, source: 's', sourcetype: null,
      connector: 'c', repo: 'main', type: 'cisco-asa', connectionId: 'cid', requestId: 'rid',
      tags: { '#Vendor': 'cisco', '#env': 'prod' }, fields: { 'source.ip': '10.0.0.1', 'Vendor.x': 'y' },
    };
    const row = toIndexRow(event);
    expect(row).toMatchObject({ tagsJson: '{"#env":"prod"}', fieldsJson: '{"Vendor.x":"y"}' });
    expect(row.promoted.filter((v) => v !== null)).toEqual(['cisco', '10.0.0.1']);
    expect(toStoredEvent(row)).toEqual(event);
  });
});
