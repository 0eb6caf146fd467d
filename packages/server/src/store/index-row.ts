/**
 * An event as the indexer appends it: the columns of the events table, with the tags and fields that
 * are not promoted already serialised as the JSON text the `tags` / `fields` columns hold, and the
 * promoted ones (promoted-columns.ts) as plain values.
 *
 * The HTTP thread builds these rows when it writes an event to the log (wal-frame.ts), so the JSON
 * of an event's fields is made once, where the fields already are objects, and the indexer appends
 * the text as it reads it from the log: parsing 47 fields of a firewall event back into an object in
 * the indexer and serialising them again cost ~10 µs per event (docs/PERFORMANCE.md, "Parsing at
 * ingest").
 */
import type { StoredEvent } from '../events.js';
import { PROMOTED_COLUMNS } from './promoted-columns.js';

/** A stored event with its tags and fields as the table holds them. */
export interface IndexRow extends Omit<StoredEvent, 'tags' | 'fields'> {
  /** JSON object text of the tags that are not promoted; null when there are none. */
  tagsJson: string | null;
  /** JSON object text of the fields that are not promoted; null when there are none. */
  fieldsJson: string | null;
  /** The value of each PROMOTED_COLUMNS key, in that order; null when the event has none. */
  promoted: (string | null)[];
}

const PROMOTED_KEYS: readonly string[] = PROMOTED_COLUMNS.map((c) => c.key);
const PROMOTED_IN_TAGS: readonly boolean[] = PROMOTED_COLUMNS.map((c) => c.json === 'tags');
const TAG_KEYS: readonly string[] = PROMOTED_COLUMNS.filter((c) => c.json === 'tags').map((c) => c.key);
const FIELD_KEYS: readonly string[] = PROMOTED_COLUMNS.filter((c) => c.json === 'fields').map((c) => c.key);
/** Where `event.action` sits in `promoted` (the indexer groups rows by it). */
export const EVENT_ACTION_INDEX = PROMOTED_KEYS.indexOf('event.action');
const NONE: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The row of a stored event: promoted keys moved to their columns, the rest serialised. `previous` is
 * the row of another event: when `e` has the very same tags and fields objects (event-builder.ts shares
 * them between events of a request with the same HEC metadata), its serialised parts are reused.
 */
export function toIndexRow(e: StoredEvent, previous?: { event: StoredEvent; row: IndexRow }): IndexRow {
  if (previous !== undefined && previous.event.tags === e.tags && previous.event.fields === e.fields) {
    return indexRow(e, previous.row.tagsJson, previous.row.fieldsJson, previous.row.promoted);
  }
  const tags = asObject(e.tags);
  const fields = asObject(e.fields);
  const promoted: (string | null)[] = new Array<string | null>(PROMOTED_KEYS.length);
  for (let i = 0; i < PROMOTED_KEYS.length; i++) {
    const value = (PROMOTED_IN_TAGS[i] === true ? tags : fields)[PROMOTED_KEYS[i] as string];
    promoted[i] = value === undefined || value === null ? null : String(value);
  }
  return indexRow(e, jsonWithout(tags, TAG_KEYS), jsonWithout(fields, FIELD_KEYS), promoted);
}

function indexRow(e: StoredEvent, tagsJson: string | null, fieldsJson: string | null, promoted: (string | null)[]): IndexRow {
  return {
    id: e.id,
    timestamp: e.timestamp,
    timestampNanos: e.timestampNanos,
    ingestTimestamp: e.ingestTimestamp,
    rawstring: e.rawstring,
    host: e.host,
    source: e.source,
    sourcetype: e.sourcetype,
    connector: e.connector,
    repo: e.repo,
    type: e.type,
    connectionId: e.connectionId,
    requestId: e.requestId,
    tagsJson,
    fieldsJson,
    promoted,
  };
}

/** The stored event a row came from (tags and fields with the promoted keys back in them). */
export function toStoredEvent(row: IndexRow): StoredEvent {
  const tags = row.tagsJson === null ? {} : (JSON.parse(row.tagsJson) as Record<string, string>);
  const fields = row.fieldsJson === null ? {} : (JSON.parse(row.fieldsJson) as Record<string, string>);
  for (let i = 0; i < PROMOTED_KEYS.length; i++) {
    const value = row.promoted[i];
    if (value !== null && value !== undefined) (PROMOTED_IN_TAGS[i] === true ? tags : fields)[PROMOTED_KEYS[i] as string] = value;
  }
  return {
    id: row.id,
    timestamp: row.timestamp,
    timestampNanos: row.timestampNanos,
    ingestTimestamp: row.ingestTimestamp,
    rawstring: row.rawstring,
    host: row.host,
    source: row.source,
    sourcetype: row.sourcetype,
    connector: row.connector,
    repo: row.repo,
    type: row.type,
    connectionId: row.connectionId,
    requestId: row.requestId,
    tags,
    fields,
  };
}

function asObject(value: Record<string, string> | null | undefined): Readonly<Record<string, string>> {
  return value !== null && typeof value === 'object' ? value : NONE;
}

/** JSON object text of the keys of `obj` other than `promoted`, or null when none are left. */
export function jsonWithout(obj: Readonly<Record<string, string>>, promoted: readonly string[]): string | null {
  if (!hasAny(obj, promoted)) {
    for (const _ in obj) return JSON.stringify(obj);
    return null;
  }
  // A copy with the promoted keys set to undefined (which JSON.stringify leaves out). Cutting their
  // pairs out of the serialised text with one regex pass looked cheaper in isolation (5.4 against
  // 9.8 µs for the 47 fields of a cisco-asa event) but cost the server's HTTP thread 5–7 µs per
  // event more (parser-cost: 34.3–36.9 against 28.0–30.4 µs): it leaves two copies of the text
  // per event for the young-generation collector.
  const rest: Record<string, string | undefined> = { ...obj };
  for (const key of promoted) if (rest[key] !== undefined) rest[key] = undefined;
  const text = JSON.stringify(rest);
  return text === '{}' ? null : text;
}

function hasAny(obj: Readonly<Record<string, string>>, keys: readonly string[]): boolean {
  for (const key of keys) if (obj[key] !== undefined) return true;
  return false;
}
