/**
 * Conformance fixture: the search v0 events plus events with numbers, IPs, JSON, key=value, CEF,
 * LEEF, CSV and XML raw text, so every function has something to find. Timestamps are unique, so time
 * order is total.
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
  // Raw formats for the parsing functions, and values at the edges of formatTime.
  { id: 'g01', ts: 4 * HOUR + 1, raw: 'CEF:0|Acme|Firewall|1.0|100|Blocked connection|5|src=10.9.8.7 dst=10.0.0.2 act=block', repo: 'feeds' },
  { id: 'g02', ts: 4 * HOUR + 2, raw: 'erin,logout,204', repo: 'feeds', fields: { huge: '9e15' } },
  { id: 'g03', ts: 4 * HOUR + 3, raw: '{"records":[{"a":"1","b":"x"},{"a":"2","b":"y"}],"owner":"frank"}', repo: 'feeds', fields: { huge: '1e300' } },
  { id: 'g04', ts: 4 * HOUR + 4, raw: 'LEEF:1.0|Acme|IDS|2.0|4001|src=10.9.8.7\tdst=10.0.0.2\tsev=7', repo: 'feeds' },
  { id: 'g05', ts: 4 * HOUR + 5, raw: '<Event><System><EventID>4625</EventID><Computer>dc1</Computer></System></Event>', repo: 'feeds' },
  { id: 'g06', ts: 4 * HOUR + 6, raw: '2024-03-10T12:34:56Z sshd: accepted key for frank', repo: 'feeds', fields: { when: '2024-03-10 12:34:56', owner: 'frank' } },
  // Summer 2024 (12:00:00.123 UTC): named zones are on daylight saving time.
  { id: 'g07', ts: 1_719_835_200_123, raw: 'user=grace uploaded 4096 bytes', repo: 'web', fields: { user: 'grace', bytes: '4096', action: 'upload', huge: '-8.64e15' } },
];

export async function openConformanceDb(): Promise<DuckDBConnection> {
  return openFixtureDb(CONFORMANCE_EVENTS);
}

/** Every stored event as the evaluator sees it, oldest first. */
export async function readBaseEvents(db: DuckDBConnection): Promise<ResultRow[]> {
  const reader = await db.runAndReadAll(`SELECT * FROM events ORDER BY ts, id`);
  return reader.getRowObjects().map((row) => baseEventFromRow(row, EVENTS_SCHEMA));
}

/** The events of a search's time range (start inclusive, end exclusive), as the SQL bounds select them. */
export function inRange(events: readonly ResultRow[], range: { readonly start?: number; readonly end?: number }): ResultRow[] {
  return events.filter((e) => {
    const ts = Number(e['@timestamp']);
    return (range.start === undefined || ts >= range.start) && (range.end === undefined || ts < range.end);
  });
}
