/**
 * One index row → one row of the events table, in the column order of CREATE_EVENTS_TABLE.
 * Values are coerced rather than trusted: a row that fails half-way would poison the whole batch.
 * The tags and fields JSON arrive as text (index-row.ts); promoted values go to their columns.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import type { IndexRow } from './index-row.js';

export function appendEventRow(a: DuckDBAppender, row: IndexRow): void {
  a.appendVarchar(String(row.id));
  a.appendBigInt(toBigInt(row.timestamp));
  a.appendInteger(Number.isFinite(row.timestampNanos) ? row.timestampNanos | 0 : 0);
  a.appendBigInt(toBigInt(row.ingestTimestamp));
  a.appendVarchar(String(row.rawstring));
  appendNullable(a, row.host);
  appendNullable(a, row.source);
  appendNullable(a, row.sourcetype);
  a.appendVarchar(String(row.connector));
  a.appendVarchar(String(row.repo));
  a.appendVarchar(String(row.type));
  a.appendVarchar(String(row.connectionId));
  a.appendVarchar(String(row.requestId));
  appendNullable(a, row.tagsJson);
  appendNullable(a, row.fieldsJson);
  for (const value of row.promoted) appendNullable(a, value);
  a.endRow();
}

function toBigInt(ms: number): bigint {
  return BigInt(Number.isFinite(ms) ? Math.trunc(ms) : 0);
}

function appendNullable(a: DuckDBAppender, value: string | null | undefined): void {
  if (value === null || value === undefined) a.appendNull();
  else a.appendVarchar(String(value));
}
