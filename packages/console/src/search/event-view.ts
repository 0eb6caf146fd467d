/** How an event of a search result is shown: its time, its one-line summary and its fields in order. */
import type { ResultRecord } from '../api/search-types.js';

/** Fields every event has: listed after the event's own fields. */
const METADATA = /^[@#]/;
/** Shown on the row itself or not meaningful to filter on. */
const HIDDEN = new Set(['@rawstring', '@timestamp.nanos']);

export function eventKey(event: ResultRecord, index: number): string {
  const id = event['@id'];
  return typeof id === 'string' && id !== '' ? id : `#${index}`;
}

/** `@timestamp` as epoch ms (the API sends a number; older answers a numeric string). */
export function eventTime(event: ResultRecord): number | undefined {
  const t = event['@timestamp'];
  if (typeof t === 'number') return t;
  if (typeof t === 'string' && /^\d+$/.test(t)) return Number(t);
  return undefined;
}

export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The raw line; for events a pipeline reshaped (select, drop), their fields as `name=value`. */
export function eventSummary(event: ResultRecord): string {
  const raw = event['@rawstring'];
  if (typeof raw === 'string') return raw;
  return Object.entries(event)
    .filter(([name]) => name !== '@timestamp')
    .map(([name, value]) => `${name}=${valueText(value)}`)
    .join(' ');
}

/** [name, value] pairs: the event's own fields by name, then tags and metadata by name. */
export function eventFields(event: ResultRecord): Array<[string, string]> {
  return Object.entries(event)
    .filter(([name]) => !HIDDEN.has(name))
    .map(([name, value]): [string, string] => [name, valueText(value)])
    .sort(([a], [b]) => Number(METADATA.test(a)) - Number(METADATA.test(b)) || (a < b ? -1 : a > b ? 1 : 0));
}
