import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events.js';
import { groupSimilarEvents } from './group-similar-events.js';
import { toIndexRow } from './index-row.js';
import type { IndexRow } from './index-row.js';

const event = (id: string, connector: string, type: string, action?: string): StoredEvent => ({
  id, timestamp: 1_700_000_000_000, timestampNanos: 0, ingestTimestamp: 1_700_000_000_000, rawstring: id, host: null,
  source: null, sourcetype: null, connector, repo: 'main', type, connectionId: 'cid', requestId: 'rid', tags: {},
  fields: action === undefined ? {} : { 'event.action': action },
});
const ids = (rows: readonly IndexRow[]): string[] => rows.map((e) => e.id);
const rows = (events: readonly StoredEvent[]): IndexRow[] => events.map((e) => toIndexRow(e));

describe('groupSimilarEvents', () => {
  it('puts events of one connector, type and event.action together, groups in first-seen order, arrival order inside', () => {
    const events = [
      event('fw-built-1', 'fw', 'cisco-asa', 'connection-built'),
      event('web-1', 'web', 'accesslog'),
      event('fw-deny-1', 'fw', 'cisco-asa', 'deny'),
      event('fw-built-2', 'fw', 'cisco-asa', 'connection-built'),
      event('web-2', 'web', 'accesslog'),
      event('fw-raw-1', 'fw', 'raw'),
      event('fw-deny-2', 'fw', 'cisco-asa', 'deny'),
    ];
    expect(ids(groupSimilarEvents(rows(events)))).toEqual(['fw-built-1', 'fw-built-2', 'web-1', 'web-2', 'fw-deny-1', 'fw-deny-2', 'fw-raw-1']);
  });

  it('keeps every event exactly once', () => {
    const events = Array.from({ length: 1000 }, (_, i) => event(String(i), `c${i % 3}`, `t${i % 5}`, i % 7 === 0 ? undefined : `a${i % 4}`));
    const grouped = groupSimilarEvents(rows(events));
    expect(grouped).toHaveLength(1000);
    expect(new Set(ids(grouped)).size).toBe(1000);
  });

  it('treats a missing event.action, and missing fields, as no action, and a number as its text', () => {
    const odd = { ...event('no-fields', 'c', 't'), fields: null as unknown as Record<string, string> };
    const numeric = { ...event('numeric', 'c', 't'), fields: { 'event.action': 7 as unknown as string } };
    const events = [event('none', 'c', 't'), numeric, event('act', 'c', 't', 'x'), odd, event('seven', 'c', 't', '7')];
    expect(ids(groupSimilarEvents(rows(events)))).toEqual(['none', 'no-fields', 'numeric', 'seven', 'act']);
  });

  it('returns an empty list for an empty batch', () => {
    expect(groupSimilarEvents([])).toEqual([]);
  });
});
