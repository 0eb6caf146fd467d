/**
 * A search v0 query → one SELECT: the filter, the time range (`start <= time < end`, Unix ms),
 * newest first with the id as tie-break (a stable order for paging), and a LIMIT. With `limit: null`
 * the statement is every matching event in no particular order, for callers that wrap it (a histogram
 * counts them per bucket): sorting rows nobody reads cost 4× on a cheap tag filter.
 */
import { QueryOptionError } from '../errors/query-option-error.js';
import { lowerQuery } from '../ir/lower-filter.js';
import { parseQuery } from '../syntax/parse-query.js';
import { parseTime } from '../time/parse-time.js';
import { compileFilter } from './compile-filter.js';
import type { Dialect, SqlValue } from './dialect.js';
import { duckdbDialect } from './duckdb-dialect.js';
import type { SearchSchema } from './search-schema.js';
import { SqlParams } from './sql-params.js';

export const MAX_SEARCH_LIMIT = 100_000;

export interface SearchOptions {
  /** Inclusive lower bound: epoch ms, `now`, or relative (`24h` = 24 hours before now). */
  readonly start?: string | number;
  /** Exclusive upper bound, same forms. */
  readonly end?: string | number;
  /** Maximum rows, 1 … MAX_SEARCH_LIMIT, newest first; null for every matching row, unordered. */
  readonly limit: number | null;
  /** The clock for relative times; defaults to Date.now(). */
  readonly now?: number;
  readonly dialect?: Dialect;
}

export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

export function compileSearch(query: string, schema: SearchSchema, options: SearchOptions): CompiledQuery {
  const dialect = options.dialect ?? duckdbDialect;
  const now = options.now ?? Date.now();
  if (options.limit !== null && (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_SEARCH_LIMIT)) {
    throw new QueryOptionError('INVALID_LIMIT', `The limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}, got ${String(options.limit)}`);
  }
  const start = options.start === undefined ? undefined : parseTime(options.start, now);
  const end = options.end === undefined ? undefined : parseTime(options.end, now);
  if (start !== undefined && end !== undefined && start > end) {
    throw new QueryOptionError('INVALID_TIME_RANGE', `The start (${start}) is after the end (${end})`);
  }
  const ir = lowerQuery(parseQuery(query), query);

  const params = new SqlParams(dialect);
  const time = dialect.quoteIdentifier(schema.timeColumn);
  const conditions: string[] = [];
  // Time bounds go first: the engine prunes row groups on them before evaluating the filter.
  // BigInt binds as BIGINT, the column's type, so no per-row cast is needed.
  if (start !== undefined) conditions.push(`${time} >= ${params.add(BigInt(start))}`);
  if (end !== undefined) conditions.push(`${time} < ${params.add(BigInt(end))}`);
  // A WHERE clause: leaves outside NOT need not be two-valued (compile-filter.ts).
  if (ir.kind !== 'all') conditions.push(compileFilter(ir, { dialect, schema, params }, false));

  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  const table = `SELECT * FROM ${dialect.quoteIdentifier(schema.table)}${where}`;
  if (options.limit === null) return Object.freeze(params.finish(table));
  const order = ` ORDER BY ${time} DESC, ${dialect.quoteIdentifier(schema.idColumn)} DESC`;
  const limit = ` LIMIT ${dialect.capabilities.limitParameter ? params.add(options.limit) : String(options.limit)}`;
  const sql = `${table}${order}${limit}`;
  return Object.freeze(params.finish(sql));
}
