/**
 * Conformance fixture: the search v0 events plus events with numbers, IPs, JSON and key=value raw
 * text, so every function has something to find. Timestamps are unique, so time order is total.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { EVENTS_SCHEMA, FIXTURE_EVENTS, openFixtureDb } from '../sql/fixtures/events.fixture.js';
import type { FixtureEvent } from '../sql/fixtures/events.fixture.js';
import { baseEventFromRow } from '../search/sql-row.js';
import type { ResultRow } from '../search/sql-row.js';

const HOUR = 3_600_000;

export const CONFORMANCE_EVENTS: readonly FixtureEvent[] = [
  ...FIXTURE_EVENTS,
  { id: 'f01', ts: HOUR + 100, raw: '{"user":"carol","bytes":1200,"ok":true,"tags":["a","b"]}', repo: 'web', tags: { '#Vendor': 'acme' }, fields: { user: 'carol', bytes: '1200', 'source.ip': '10.1.2.3', action: 'login', status: '200' } },
  { id: 'f02', ts: HOUR + 200, raw: 'user=dave bytes=300 action=logout', repo: 'web', tags: { '#Vendor': 'acme' }, fields: { user: 'dave', bytes: '300', 'source.ip': '10.1.2.4', action: 'logout', status: '200' } },
  { id: 'f03', ts: 2 * HOUR + 5, raw: 'user=carol bytes=50 action=login', repo: 'web', tags: { '#Vendor': 'acme' }, fields: { user: 'carol', bytes: '50', 'source.ip': '172.16.0.1', action: 'login', status: '401' } },
  { id: 'f04', ts: 2 * HOUR + 6, raw: 'deny from 2001:db8::1 size=7', repo: 'fw', tags: { '#Vendor': 'fw' }, fields: { bytes: '7.5', 'source.ip': '2001:db8::1', action: 'deny', 'dest.port': '22' } },
  { id: 'f05', ts: 3 * HOUR + 1, raw: '{"user":"erin","bytes":-20}', repo: 'web', fields: { user: 'erin', bytes: '-20', action: 'login', status: '500', 'source.ip': '300.1.1.1' } },
  { id: 'f06', ts: 3 * HOUR + 2, raw: 'user=Carol bytes=n/a', repo: 'web', fields: { user: 'Carol', bytes: 'n/a', action: 'Login' } },
];

export async function openConformanceDb(): Promise<DuckDBConnection> {
  return openFixtureDb(CONFORMANCE_EVENTS);
}

/** Every stored event as the evaluator sees it, oldest first. */
export async function readBaseEvents(db: DuckDBConnection): Promise<ResultRow[]> {
  const reader = await db.runAndReadAll(`SELECT * FROM events ORDER BY ts, id`);
  return reader.getRowObjects().map((row) => baseEventFromRow(row, EVENTS_SCHEMA));
}
