/**
 * The indexer: turns synced write-ahead-log frames into rows of the DuckDB events table.
 *
 * ## Exactly-once
 * The table `hecate_wal_position` holds one row: the log position up to which frames are indexed.
 * Each batch is appended with the Appender *inside* an explicit `BEGIN … COMMIT` on the write
 * connection, and the position is updated in that same transaction. An Appender flush on a connection
 * that has an open transaction joins that transaction (verified with DuckDB 1.5: after `ROLLBACK` the
 * flushed rows are gone and another connection never sees them before `COMMIT`), so rows and
 * position become durable together or not at all. On restart the store replays every frame that ends
 * past the stored position; frames ending at or before it are skipped here too, so a repeated
 * hand-off can never duplicate rows.
 *
 * ## Row order
 * A batch's events are appended grouped by connector, parser and kind of message
 * (group-similar-events.ts), up to MAX_GROUPED_EVENTS at a time, so that similar text lands in the
 * same column segments and compresses better; the rows of one transaction are committed together
 * either way.
 *
 * ## Failure behaviour
 * A failed batch is rolled back (rows and position together), the Appender is recreated, and the
 * caller retries the same frames later; nothing is acknowledged until a COMMIT succeeds.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { EVENTS_TABLE } from './schema.js';
import { appendEventRow } from './append-event-row.js';
import { groupSimilarEvents, MAX_GROUPED_EVENTS } from './group-similar-events.js';
import type { IndexRow } from './index-row.js';
import { prepareEventsTable } from './migrate-events-table.js';
import { checkFrame, readFrameRows } from './wal-frame.js';

export const POSITION_TABLE = 'hecate_wal_position';
/** The longest LIMIT for which DuckDB reads the other columns only of the rows kept (see open()). */
export const LATE_MATERIALIZATION_ROWS = 10_001;

export interface FrameChunk {
  bytes: Buffer;
  /** Global log position of `bytes[0]`. */
  start: number;
}

export interface IndexedBatch {
  pos: number;
  events: number;
  bytes: number;
}

export class EventIndexer {
  private constructor(
    readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private appender: DuckDBAppender,
    private readonly setPosition: DuckDBPreparedStatement,
    /** Everything before this log position is in the table. */
    public indexedPos: number,
  ) {}

  static async open(
    dbPath: string,
    options: {
      checkpointThreshold: string;
      threads?: number | undefined;
      memoryLimit?: string | undefined;
      /** Progress of a layout migration of the events table (migrate-events-table.ts). */
      log?: ((message: string) => void) | undefined;
    },
  ) {
    const config: Record<string, string> = {
      checkpoint_threshold: options.checkpointThreshold,
      // Queries are generated SQL over one table; nothing here should read or write other files or fetch extensions.
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      // ZSTD for long text columns (CREATE_EVENTS_TABLE) needs the current storage format.
      storage_compatibility_version: 'latest',
      // "The latest N events matching …" (ORDER BY ts DESC LIMIT N) finds the N rows reading only the
      // filtered and sorted columns, then fetches every column of those N alone. DuckDB does it up to
      // 50 rows by default; searches list up to 10,000 (+1 to tell a cut answer), though DuckDB 1.5
      // plans a top-N (which this needs) only below ~10,000. 200 events matching a common word in
      // 10 M: 69 → 39 ms (docs/PERFORMANCE.md, "Storage layout").
      late_materialization_max_rows: String(LATE_MATERIALIZATION_ROWS),
    };
    if (options.memoryLimit !== undefined) config['memory_limit'] = options.memoryLimit;
    if (options.threads !== undefined) config['threads'] = String(options.threads);
    const instance = await DuckDBInstance.create(dbPath, config);
    const conn = await instance.connect();
    // Creates the table, or migrates an older layout, before anything is appended to it.
    await prepareEventsTable(conn, options.log ?? (() => undefined));
    await conn.run(`CREATE TABLE IF NOT EXISTS ${POSITION_TABLE} (id INTEGER PRIMARY KEY, position BIGINT NOT NULL)`);
    await conn.run(`INSERT INTO ${POSITION_TABLE} VALUES (1, 0) ON CONFLICT DO NOTHING`);
    const reader = await conn.runAndReadAll(`SELECT position FROM ${POSITION_TABLE} WHERE id = 1`);
    const pos = Number(reader.getRowsJS()[0]?.[0] ?? 0);
    const setPosition = await conn.prepare(`UPDATE ${POSITION_TABLE} SET position = $1 WHERE id = 1`);
    const appender = await conn.createAppender(EVENTS_TABLE);
    return new EventIndexer(instance, conn, appender, setPosition, pos);
  }

  /** Indexes the frames of `chunks` (in log order) that end past `indexedPos`, in one transaction. */
  async index(chunks: readonly FrameChunk[]): Promise<IndexedBatch> {
    let events = 0;
    let bytes = 0;
    let pos = this.indexedPos;
    let group: IndexRow[] = [];
    const appendGroup = (): void => {
      for (const row of groupSimilarEvents(group)) appendEventRow(this.appender, row);
      group = [];
    };
    await this.conn.run('BEGIN TRANSACTION');
    try {
      for (const chunk of chunks) {
        let offset = 0;
        while (offset < chunk.bytes.length) {
          // The frames were checked when written or recovered; the CRC is not recomputed here.
          const check = checkFrame(chunk.bytes, offset, false);
          if (!check.ok) throw new Error(`indexer received an invalid frame at ${chunk.start + offset}: ${check.reason}`);
          const end = chunk.start + check.end;
          if (end > this.indexedPos) {
            for (const row of readFrameRows(chunk.bytes, check)) {
              group.push(row);
              if (group.length >= MAX_GROUPED_EVENTS) appendGroup();
              events++;
            }
            bytes += check.end - offset;
            pos = Math.max(pos, end);
          }
          offset = check.end;
        }
      }
      appendGroup();
      this.appender.flushSync();
      this.setPosition.bindBigInt(1, BigInt(pos));
      await this.setPosition.run();
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.rollback();
      throw err;
    }
    this.indexedPos = pos;
    return { pos, events, bytes };
  }

  async checkpoint(): Promise<void> {
    await this.conn.run('CHECKPOINT');
  }

  close(): void {
    try {
      this.appender.closeSync();
    } finally {
      this.conn.closeSync();
      this.instance.closeSync();
    }
  }

  private async rollback(): Promise<void> {
    try {
      this.appender.clear();
    } catch {
      // The appender may already be unusable; it is replaced below.
    }
    await this.conn.run('ROLLBACK').catch(() => undefined);
    try {
      this.appender.closeSync();
    } catch {
      // Closing flushes; after a failure there is nothing valid left to flush.
    }
    this.appender = await this.conn.createAppender(EVENTS_TABLE);
  }
}
