import { FIELD_COLUMNS, FIELDS_JSON_COLUMN, TAGS_JSON_COLUMN } from '../store/schema.js';
import { PROMOTED_FIELDS, PROMOTED_TAGS } from '../store/promoted-columns.js';

const PROMOTED = new Set([...PROMOTED_TAGS, ...PROMOTED_FIELDS].map((c) => c.column));
const COLUMN_TO_FIELD: ReadonlyArray<[string, string]> = Object.entries(FIELD_COLUMNS)
  .filter(([, column]) => !PROMOTED.has(column))
  .map(([field, column]) => [column, field]);

function mergeJson(target: Record<string, unknown>, text: unknown): void {
  if (typeof text !== 'string' || text === '') return;
  try {
    Object.assign(target, JSON.parse(text) as Record<string, unknown>);
  } catch {
    target['@error_msg'] = 'stored fields could not be read';
  }
}

function mergeColumns(target: Record<string, unknown>, row: Record<string, unknown>, promoted: typeof PROMOTED_TAGS): void {
  for (const { key, column } of promoted) {
    const v = row[column];
    if (v !== null && v !== undefined) target[key] = v;
  }
}

/**
 * Turns a row of the events table back into an event as the API shows it (`@timestamp`, `#connector`,
 * fields…): the metadata columns, then the tags, then the fields; promoted tags and fields (their own
 * columns, promoted-columns.ts) join the JSON members they were taken from.
 */
export function rowToEvent(row: Record<string, unknown>): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [column, field] of COLUMN_TO_FIELD) {
    const v = row[column];
    if (v === null || v === undefined) continue;
    event[field] = typeof v === 'bigint' ? Number(v) : v;
  }
  mergeJson(event, row[TAGS_JSON_COLUMN]);
  mergeColumns(event, row, PROMOTED_TAGS);
  mergeJson(event, row[FIELDS_JSON_COLUMN]);
  mergeColumns(event, row, PROMOTED_FIELDS);
  return event;
}
