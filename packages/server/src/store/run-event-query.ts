/**
 * Runs one read-only query on its own DuckDB connection, so that `interrupt()` stops exactly that
 * query and indexing on the write connection carries on. Only SELECT (and EXPLAIN) statements are
 * accepted; a single prepared statement also rules out stacked statements.
 */
import { StatementType } from '@duckdb/node-api';
import type { DuckDBInstance, DuckDBPreparedStatement } from '@duckdb/node-api';

export type QueryFailureReason = 'timeout' | 'cancelled' | 'failed';

export class QueryFailure extends Error {
  constructor(
    message: string,
    readonly reason: QueryFailureReason,
  ) {
    super(message);
  }
}

/** A running query: `cancel()` interrupts it; `result` settles with rows or a QueryFailure. */
export interface RunningQuery {
  cancel(): void;
  result: Promise<Record<string, unknown>[]>;
}

export function runEventQuery(
  instance: DuckDBInstance,
  sql: string,
  params: readonly unknown[],
  timeoutMs: number,
  maxRows: number,
): RunningQuery {
  let stop: QueryFailureReason | undefined;
  let interrupt = (): void => undefined;
  const halt = (reason: QueryFailureReason): void => {
    stop ??= reason;
    interrupt();
  };
  const result = (async () => {
    const conn = await instance.connect();
    interrupt = () => conn.interrupt();
    const timer = setTimeout(() => halt('timeout'), timeoutMs);
    try {
      if (stop) throw new Error('stopped before it started');
      const stmt = await conn.prepare(sql);
      if (stmt.statementType !== StatementType.SELECT && stmt.statementType !== StatementType.EXPLAIN) {
        throw new QueryFailure('only SELECT statements may be run against the event store', 'failed');
      }
      params.forEach((v, i) => bindParam(stmt, i + 1, v));
      const reader = await stmt.streamAndReadUntil(maxRows);
      if (stop) throw new Error('interrupted');
      return reader.getRowObjectsJS().slice(0, maxRows).map(plainRow);
    } catch (err) {
      if (err instanceof QueryFailure) throw err;
      const message = err instanceof Error ? err.message : String(err);
      if (stop === 'timeout') throw new QueryFailure(`query timed out after ${timeoutMs} ms`, 'timeout');
      if (stop === 'cancelled') throw new QueryFailure('query cancelled', 'cancelled');
      throw new QueryFailure(message, 'failed');
    } finally {
      clearTimeout(timer);
      conn.closeSync();
    }
  })();
  return { cancel: () => halt('cancelled'), result };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Integers bind as BIGINT (a JS bigint would otherwise bind as HUGEINT, which few functions take). */
function bindParam(stmt: DuckDBPreparedStatement, index: number, v: unknown): void {
  if (v === null || v === undefined) stmt.bindNull(index);
  else if (typeof v === 'string') stmt.bindVarchar(index, v);
  else if (typeof v === 'boolean') stmt.bindBoolean(index, v);
  else if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) stmt.bindBigInt(index, BigInt(v));
    else stmt.bindDouble(index, v);
  } else if (typeof v === 'bigint') {
    if (v >= INT64_MIN && v <= INT64_MAX) stmt.bindBigInt(index, v);
    else stmt.bindHugeInt(index, v);
  } else throw new QueryFailure(`unsupported query parameter type: ${typeof v}`, 'failed');
}

/** BIGINT and HUGEINT come back as bigint; turn them into numbers when no precision is lost. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const key in row) {
    const v = row[key];
    if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) {
      row[key] = Number(v);
    } else if (typeof v === 'bigint') {
      row[key] = v.toString();
    }
  }
  return row;
}
