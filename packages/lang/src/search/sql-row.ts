/**
 * SQL result rows → search results: events or aggregate rows as field → string maps (LogScale fields
 * are strings; numbers are formatted as the evaluator formats them).
 */
import type { SqlOutput } from '../sql/compile-pipeline.js';
import type { SearchSchema } from '../sql/search-schema.js';

export type ResultRow = Record<string, string>;

function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Sets an own field; plain assignment would turn "__proto__" into the object's prototype. */
function setField(target: ResultRow, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mergeJson(target: ResultRow, json: unknown): void {
  if (typeof json !== 'string' || json === '') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return;
  }
  if (typeof parsed !== 'object' || parsed === null) return;
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    // As json_extract_string reads them: JSON null is missing, objects stay JSON text.
    const v = typeof value === 'object' && value !== null ? JSON.stringify(value) : text(value);
    if (v !== undefined) setField(target, key, v);
  }
}

/** A row of the events table as an event: columns by field name, then tags and fields JSON. */
export function baseEventFromRow(row: Readonly<Record<string, unknown>>, schema: SearchSchema): ResultRow {
  const event: ResultRow = {};
  const raw = text(row[schema.rawColumn]);
  if (raw !== undefined) setField(event, '@rawstring', raw);
  for (const [field, column] of Object.entries(schema.columns)) {
    const v = text(row[column]);
    if (v !== undefined) setField(event, field, v);
  }
  mergeJson(event, row[schema.tagsJsonColumn]);
  mergeJson(event, row[schema.fieldsJsonColumn]);
  return event;
}

export function resultFromRow(row: Readonly<Record<string, unknown>>, output: SqlOutput, schema: SearchSchema): ResultRow {
  if (output.kind === 'rows') {
    const out: ResultRow = {};
    for (const [field, alias] of output.columns) {
      const v = text(row[alias]);
      if (v !== undefined) setField(out, field, v);
    }
    return out;
  }
  const base = baseEventFromRow(row, schema);
  const event: ResultRow = {};
  const only = output.only === null ? null : new Set(output.only);
  for (const [k, v] of Object.entries(base)) if (only === null || only.has(k)) setField(event, k, v);
  for (const [field, alias] of output.overrides) {
    const v = alias === null ? undefined : text(row[alias]);
    if (v === undefined) delete event[field];
    else setField(event, field, v);
  }
  return event;
}
