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
 * ## Transactions of bounded size
 * A transaction appends at most MAX_TRANSACTION_EVENTS events. DuckDB's CPU per event grows with the
 * size of the transaction: 10,000-event transactions cost 6.4–7.1 µs per event (all threads) on
 * collector-shaped events and 22–24 on cisco-asa ones, 20,000–80,000-event ones 10.5–12.8 and 29–30.
 * The shippers' big requests (the LogScale Collector sends up to 16 MB, ~30,000 events, in one) make
 * frames larger than that, so a frame may be indexed over several transactions: the position row
 * then also holds how many events of the frame that starts at `position` are already in the table
 * (`partial_events`), updated in the same transaction as those rows.
 *
 * ## Row order
 * A transaction's rows are appended grouped by connector, parser and kind of message
 * (group-similar-events.ts), so that similar text lands in the same column segments and compresses
 * better.
 *
 * ## Failure behaviour
 * A failed batch is rolled back (rows and position together), the Appender is recreated, and the
 * caller retries the same frames later; nothing is acknowledged until a COMMIT succeeds.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { EVENTS_TABLE } from './schema.js';
import { appendEventRow } from './append-event-row.js';
import { groupSimilarEvents } from './group-similar-events.js';
import type { IndexRow } from './index-row.js';
import { prepareEventsTable } from './migrate-events-table.js';
import { checkFrame, readFrameRows } from './wal-frame.js';

export const POSITION_TABLE = 'hecate_wal_position';
/** The longest LIMIT for which DuckDB reads the other columns only of the rows kept (see open()). */
export const LATE_MATERIALIZATION_ROWS = 10_001;
/** Most events appended in one transaction (see "Transactions of bounded size"). */
export const MAX_TRANSACTION_EVENTS = 10_000;

export interface FrameChunk {
  bytes: Buffer;
  /** Global log position of `bytes[0]`. */
  start: number;
}

export interface IndexedBatch {
  /** Every frame that ends at or before `pos` is in the table. */
  pos: number;
  events: number;
  /** Bytes of the frames completed by this transaction. */
  bytes: number;
  /** False when frames of the chunks are left (wholly or partly) for another transaction. */
  complete: boolean;
}

export class EventIndexer {
  private constructor(
    readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private appender: DuckDBAppender,
    private readonly setPosition: DuckDBPreparedStatement,
    /** Everything before this log position is in the table. */
    public indexedPos: number,
    /** How many events of the frame that starts at `indexedPos` are in the table already. */
    private partialEvents: number,
  ) {}

  /** The rows of the frame left partly indexed, so the next transaction does not decode it again. */
  private partialFrame: { start: number; rows: IndexRow[] } | undefined;

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
    // Data directories from before frames could be split across transactions lack the column.
    await conn.run(`ALTER TABLE ${POSITION_TABLE} ADD COLUMN IF NOT EXISTS partial_events INTEGER DEFAULT 0`);
    await conn.run(`INSERT INTO ${POSITION_TABLE} VALUES (1, 0, 0) ON CONFLICT DO NOTHING`);
    const reader = await conn.runAndReadAll(`SELECT position, partial_events FROM ${POSITION_TABLE} WHERE id = 1`);
    const [position, partial] = reader.getRowsJS()[0] ?? [];
    const setPosition = await conn.prepare(`UPDATE ${POSITION_TABLE} SET position = $1, partial_events = $2 WHERE id = 1`);
    const appender = await conn.createAppender(EVENTS_TABLE);
    return new EventIndexer(instance, conn, appender, setPosition, Number(position ?? 0), Number(partial ?? 0));
  }

  /**
   * Indexes, in one transaction, the events of `chunks` (frames in log order) not yet in the table,
   * up to `maxEvents` of them; `complete` is false when some are left for the next call.
   */
  async index(chunks: readonly FrameChunk[], maxEvents = MAX_TRANSACTION_EVENTS): Promise<IndexedBatch> {
    let events = 0;
    let bytes = 0;
    let pos = this.indexedPos;
    let partial = this.partialEvents;
    let partialFrame: { start: number; rows: IndexRow[] } | undefined;
    let complete = true;
    const group: IndexRow[] = [];
    await this.conn.run('BEGIN TRANSACTION');
    try {
      frames: for (const chunk of chunks) {
        let offset = 0;
        while (offset < chunk.bytes.length) {
          // The frames were checked when written or recovered; the CRC is not recomputed here.
          const check = checkFrame(chunk.bytes, offset, false);
          if (!check.ok) throw new Error(`indexer received an invalid frame at ${chunk.start + offset}: ${check.reason}`);
          const start = chunk.start + offset;
          const end = chunk.start + check.end;
          if (end > pos) {
            if (events >= maxEvents) {
              complete = false;
              break frames;
            }
            const skip = start === pos ? partial : 0;
            const rows = this.partialFrame?.start === start ? this.partialFrame.rows : readFrameRows(chunk.bytes, check);
            const take = Math.min(rows.length - skip, maxEvents - events);
            for (let i = skip; i < skip + take; i++) group.push(rows[i] as IndexRow);
            events += take;
            if (skip + take < rows.length) {
              partial = skip + take;
              partialFrame = { start, rows };
              complete = false;
              break frames;
            }
            bytes += check.end - offset;
            pos = end;
            partial = 0;
          }
          offset = check.end;
        }
      }
      for (const row of groupSimilarEvents(group)) appendEventRow(this.appender, row);
      this.appender.flushSync();
      this.setPosition.bindBigInt(1, BigInt(pos));
      this.setPosition.bindInteger(2, partial);
      await this.setPosition.run();
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.rollback();
      throw err;
    }
    this.indexedPos = pos;
    this.partialEvents = partial;
    this.partialFrame = partialFrame;
    return { pos, events, bytes, complete };
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
