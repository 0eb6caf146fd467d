import { FIELD_COLUMNS, FIELDS_JSON_COLUMN, TAGS_JSON_COLUMN } from '../store/schema.js';

const COLUMN_TO_FIELD: ReadonlyArray<[string, string]> = Object.entries(FIELD_COLUMNS).map(([field, column]) => [column, field]);

function mergeJson(target: Record<string, unknown>, text: unknown): void {
  if (typeof text !== 'string' || text === '') return;
  try {
    Object.assign(target, JSON.parse(text) as Record<string, unknown>);
  } catch {
    target['@error_msg'] = 'stored fields could not be read';
  }
}

/** Turns a row of the events table back into an event as the API shows it (`@timestamp`, `#connector`, fields…). */
export function rowToEvent(row: Record<string, unknown>): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [column, field] of COLUMN_TO_FIELD) {
    const v = row[column];
    if (v === null || v === undefined) continue;
    event[field] = typeof v === 'bigint' ? Number(v) : v;
  }
  mergeJson(event, row[TAGS_JSON_COLUMN]);
  mergeJson(event, row[FIELDS_JSON_COLUMN]);
  return event;
}
