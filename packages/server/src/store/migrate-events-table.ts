/**
 * Creates the events table, or brings an existing one to the current layout, before the indexer
 * appends anything (EventIndexer.open).
 *
 * ## Layouts
 * 1. Every tag and field a parser wrote is in the `tags` / `fields` JSON.
 * 2. The promoted tags and fields (promoted-columns.ts) are in their own columns, not in the JSON.
 *
 * `hecate_events_layout` holds one row: the layout version, and for a table being moved, how many
 * rows are to be moved and how many are done.
 *
 * ## Moving a layout-1 table
 * The columns are added (one transaction each; the last also records the row count,
 * `rows_to_migrate`); rows appended after that are written in layout 2 by the Appender. The old
 * rows are then rewritten by rowid in batches sized to the engine's memory — each promoted value
 * into its column, its key out of the JSON — and each batch commits together with its progress
 * (`migrated_rows`), then is checkpointed (DuckDB keeps committed updates in memory until then). A
 * crash resumes at the first batch not committed and never moves a row twice. Rowids are 0 … n-1
 * and stable because nothing deletes from the events table. The store answers neither ingest nor
 * search until the move is done; progress is logged, and running out of engine memory stops the
 * start with a message to raise it. The rewritten columns are written as new blocks and the old
 * ones freed, so the file grows by about that much once (later rows reuse the free blocks).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbDialect } from '@hecate/lang';
import { PROMOTED_COLUMNS } from './promoted-columns.js';
import type { PromotedColumn } from './promoted-columns.js';
import { CREATE_EVENTS_TABLE, EVENTS_TABLE, FIELDS_JSON_COLUMN, TAGS_JSON_COLUMN } from './schema.js';

export const LAYOUT_TABLE = 'hecate_events_layout';
export const EVENTS_LAYOUT_VERSION = 2;
/**
 * Rows per batch: the JSON of a batch is held in memory twice (old and new) until its checkpoint, at
 * up to ~1.2 KB a row (firewall events of the bench corpus), so a batch gets 1 KB of row per 16 KB of
 * engine memory — 31,244 rows with 512 MB, 28,672 with the default 448 MB — between 2,048 rows and one row group.
 * Row-group-sized batches under 512 MiB ran out of memory after 8.7 M of 10 M rows, and a DuckDB
 * instance that ran out of memory in an UPDATE did not get it back after the rollback.
 */
const BYTES_OF_MEMORY_PER_ROW = 16 * 1024;
const MIN_BATCH_ROWS = 2_048;
const MAX_BATCH_ROWS = 122_880;
/** Progress is logged for the first batch, the last, and at most this often in between. */
const PROGRESS_SECONDS = 10;

interface LayoutState {
  version: number;
  migratedRows: number;
  rowsToMigrate: number;
}

export async function prepareEventsTable(conn: DuckDBConnection, log: (message: string) => void, batchRows?: number): Promise<void> {
  await conn.run(`CREATE TABLE IF NOT EXISTS ${LAYOUT_TABLE} (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, migrated_rows BIGINT NOT NULL, rows_to_migrate BIGINT NOT NULL)`);
  const columns = await eventColumns(conn);
  if (columns.length === 0) {
    await inTransaction(conn, async () => {
      await conn.run(CREATE_EVENTS_TABLE);
      await conn.run(`INSERT OR REPLACE INTO ${LAYOUT_TABLE} VALUES (1, ${EVENTS_LAYOUT_VERSION}, 0, 0)`);
    });
    return;
  }
  const missing = PROMOTED_COLUMNS.filter((c) => !columns.includes(c.column));
  for (const [i, c] of missing.entries()) {
    // One column per transaction, each checkpointed: several in one transaction kept every added
    // column's NULLs in memory (244 MiB for 3.6 M rows). Nothing is appended before this returns, so
    // a restart half-way adds the rest and counts the same rows.
    await inTransaction(conn, async () => {
      await conn.run(`ALTER TABLE ${EVENTS_TABLE} ADD COLUMN ${q(c.column)} VARCHAR`);
      if (i === missing.length - 1) {
        await conn.run(`INSERT OR REPLACE INTO ${LAYOUT_TABLE} SELECT 1, ${EVENTS_LAYOUT_VERSION}, 0, COALESCE(max(rowid) + 1, 0) FROM ${EVENTS_TABLE}`);
      }
    });
    await conn.run('CHECKPOINT');
  }
  checkColumnOrder(await eventColumns(conn));
  let state = await readState(conn);
  if (state === undefined) {
    // A layout-2 table from before the layout table existed has nothing to move.
    await conn.run(`INSERT INTO ${LAYOUT_TABLE} VALUES (1, ${EVENTS_LAYOUT_VERSION}, 0, 0)`);
    state = { version: EVENTS_LAYOUT_VERSION, migratedRows: 0, rowsToMigrate: 0 };
  }
  if (state.version > EVENTS_LAYOUT_VERSION) {
    throw new Error(`the events table has layout ${state.version}, written by a newer Hecate (this one knows layout ${EVENTS_LAYOUT_VERSION}); upgrade Hecate`);
  }
  if (state.migratedRows < state.rowsToMigrate) await moveRows(conn, state, log, batchRows ?? (await batchRowsFor(conn)));
}

/** The batch size for the engine's memory limit (see BYTES_OF_MEMORY_PER_ROW). */
async function batchRowsFor(conn: DuckDBConnection): Promise<number> {
  const reader = await conn.runAndReadAll(`SELECT current_setting('memory_limit') AS m`);
  // DuckDB spells it like "488.2 MiB" or "1.8 GiB".
  const match = /^([\d.]+)\s*(bytes|KiB|MiB|GiB|TiB)$/.exec(String(reader.getRowObjectsJS()[0]?.['m']));
  const unit = { bytes: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 }[match?.[2] ?? 'bytes'] ?? 1;
  const bytes = match === null ? 0 : Number(match[1]) * unit;
  return Math.min(MAX_BATCH_ROWS, Math.max(MIN_BATCH_ROWS, Math.floor(bytes / BYTES_OF_MEMORY_PER_ROW)));
}

async function moveRows(conn: DuckDBConnection, state: LayoutState, log: (message: string) => void, batchRows: number): Promise<void> {
  // One thread: under 256 MiB, UPDATEs of this table ran out of memory after 0.25 M rows on two threads, 2.3 M on one.
  const threads = String((await conn.runAndReadAll(`SELECT current_setting('threads') AS t`)).getRowObjectsJS()[0]?.['t'] ?? '1');
  await conn.run('SET threads = 1');
  try {
    await moveBatches(conn, state, log, batchRows);
  } finally {
    await conn.run(`SET threads = ${Number.parseInt(threads, 10) || 1}`);
  }
}

async function moveBatches(conn: DuckDBConnection, state: LayoutState, log: (message: string) => void, batchRows: number): Promise<void> {
  const { sql, params } = moveSql();
  const total = state.rowsToMigrate;
  const started = performance.now();
  let logged = 0;
  log(`events table: moving ${PROMOTED_COLUMNS.length} promoted tags and fields out of the JSON into their own columns, rows ${state.migratedRows.toLocaleString('en-US')} to ${total.toLocaleString('en-US')}, ${batchRows.toLocaleString('en-US')} at a time`);
  for (let from = state.migratedRows; from < total; ) {
    const to = Math.min(total, from + batchRows);
    try {
      await inTransaction(conn, async () => {
        await conn.run(sql, [...params, BigInt(from), BigInt(to)]);
        await conn.run(`UPDATE ${LAYOUT_TABLE} SET migrated_rows = $1 WHERE id = 1`, [BigInt(to)]);
      });
    } catch (err) {
      if (!/out of memory/i.test(String(err))) throw err;
      throw new Error(
        `moving rows ${from.toLocaleString('en-US')} to ${to.toLocaleString('en-US')} of the events table ran out of the engine's memory; ` +
          `raise engineMemoryMB and start again (the move resumes at that row): ${String(err)}`,
      );
    }
    // Committed updates stay in memory until a checkpoint writes them to the file.
    await conn.run('CHECKPOINT');
    const first = from === state.migratedRows;
    from = to;
    const seconds = (performance.now() - started) / 1000;
    if (first || to === total || seconds - logged >= PROGRESS_SECONDS) {
      logged = seconds;
      log(`events table: ${to.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows moved (${((100 * to) / total).toFixed(0)} %, ${seconds.toFixed(0)} s)`);
    }
  }
}

/** The UPDATE that moves the rows with rowid in [$n-1, $n): values into columns, keys out of the JSON. */
function moveSql(): { sql: string; params: string[] } {
  const params: string[] = [];
  const bind = (value: string): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const jsonOf = (c: PromotedColumn): string => (c.json === 'tags' ? TAGS_JSON_COLUMN : FIELDS_JSON_COLUMN);
  const sets = PROMOTED_COLUMNS.map((c) => `${q(c.column)} = ${duckdbDialect.jsonText(q(jsonOf(c)), bind(duckdbDialect.jsonPathFor(c.key)))}`);
  // A JSON merge patch with null members deletes those keys (applied to NULL it would return the
  // patch itself, hence the '{}'); an object left empty becomes NULL, as the Appender writes it.
  for (const json of [TAGS_JSON_COLUMN, FIELDS_JSON_COLUMN]) {
    const patch = JSON.stringify(Object.fromEntries(PROMOTED_COLUMNS.filter((c) => jsonOf(c) === json).map((c) => [c.key, null])));
    sets.push(`${q(json)} = nullif(CAST(json_merge_patch(COALESCE(${q(json)}, '{}'), CAST(${bind(patch)} AS JSON)) AS VARCHAR), '{}')`);
  }
  const sql = `UPDATE ${q(EVENTS_TABLE)} SET ${sets.join(', ')} WHERE rowid >= $${params.length + 1} AND rowid < $${params.length + 2}`;
  return { sql, params };
}

/** The promoted columns must come last, in PROMOTED_COLUMNS order: the Appender writes by position. */
function checkColumnOrder(columns: readonly string[]): void {
  const expected = [FIELDS_JSON_COLUMN, ...PROMOTED_COLUMNS.map((c) => c.column)];
  const actual = columns.slice(-expected.length);
  if (actual.join(',') !== expected.join(',')) {
    throw new Error(`the events table's last columns are (${actual.join(', ')}), expected (${expected.join(', ')}); the table was changed outside Hecate`);
  }
}

async function eventColumns(conn: DuckDBConnection): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    `SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1 ORDER BY column_index`,
    [EVENTS_TABLE],
  );
  return reader.getRowObjectsJS().map((row) => String(row['column_name']));
}

async function readState(conn: DuckDBConnection): Promise<LayoutState | undefined> {
  const reader = await conn.runAndReadAll(`SELECT version, migrated_rows, rows_to_migrate FROM ${LAYOUT_TABLE} WHERE id = 1`);
  const row = reader.getRowObjectsJS()[0];
  if (row === undefined) return undefined;
  return { version: Number(row['version']), migratedRows: Number(row['migrated_rows']), rowsToMigrate: Number(row['rows_to_migrate']) };
}

async function inTransaction(conn: DuckDBConnection, work: () => Promise<void>): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    await work();
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

function q(name: string): string {
  return duckdbDialect.quoteIdentifier(name);
}
