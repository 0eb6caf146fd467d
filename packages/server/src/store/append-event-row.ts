/**
 * One StoredEvent → one row of the events table, in the column order of CREATE_EVENTS_TABLE.
 * Values are coerced rather than trusted: a row that fails half-way would poison the whole batch.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import type { StoredEvent } from '../events.js';

export function appendEventRow(a: DuckDBAppender, e: StoredEvent): void {
  a.appendVarchar(String(e.id));
  a.appendBigInt(toBigInt(e.timestamp));
  a.appendInteger(Number.isFinite(e.timestampNanos) ? e.timestampNanos | 0 : 0);
  a.appendBigInt(toBigInt(e.ingestTimestamp));
  a.appendVarchar(String(e.rawstring));
  appendNullable(a, e.host);
  appendNullable(a, e.source);
  appendNullable(a, e.sourcetype);
  a.appendVarchar(String(e.connector));
  a.appendVarchar(String(e.repo));
  a.appendVarchar(String(e.type));
  a.appendVarchar(String(e.connectionId));
  a.appendVarchar(String(e.requestId));
  appendJsonObject(a, e.tags);
  appendJsonObject(a, e.fields);
  a.endRow();
}

function toBigInt(ms: number): bigint {
  return BigInt(Number.isFinite(ms) ? Math.trunc(ms) : 0);
}

function appendNullable(a: DuckDBAppender, value: string | null | undefined): void {
  if (value === null || value === undefined) a.appendNull();
  else a.appendVarchar(String(value));
}

/** JSON object text, or NULL for a missing or empty object. */
function appendJsonObject(a: DuckDBAppender, obj: Record<string, string> | undefined): void {
  if (obj !== null && typeof obj === 'object') {
    for (const _ in obj) {
      a.appendVarchar(JSON.stringify(obj));
      return;
    }
  }
  a.appendNull();
}
