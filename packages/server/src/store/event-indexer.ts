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
 * ## Two transactions at a time
 * `indexAll` overlaps each transaction's COMMIT (DuckDB writes its log there, on a libuv thread) with
 * the appends of the next one, on a second connection: the next transaction's rows are decoded and
 * appended while the previous one commits, so the indexer thread no longer waits for every commit.
 * In-process on collector-shaped events this took the indexer from 6.2–7.1 to 4.8–5.5 µs of wall time
 * per event at the same CPU; with the collector shipping to the server, 8–20 % more lines per second
 * in A/B runs (docs/PERFORMANCE.md, "Collector"). Each connection ("lane") has its own
 * Appender and its own row of the position table (id 1 and 2); a transaction writes its lane's row.
 * A COMMIT is only issued once the previous transaction's COMMIT succeeded, so transactions become
 * durable in log order and the table's content is always a prefix of the log: the indexed position is
 * the larger of the two rows. If a COMMIT fails, the transaction appended behind it is rolled back, and
 * both are retried from the committed position. A data directory from before the lanes has row 1 only;
 * row 2 starts at 0 and never counts until lane 2 commits.
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
import { EventRowWriter } from './append-event-row.js';
import { groupSimilarEvents } from './group-similar-events.js';
import type { IndexRow } from './index-row.js';
import { prepareEventsTable } from './migrate-events-table.js';
import { checkFrame, readFrameRows } from './wal-frame.js';

export const POSITION_TABLE = 'hecate_wal_position';
/** The longest LIMIT for which DuckDB reads the other columns only of the rows kept (see open()). */
export const LATE_MATERIALIZATION_ROWS = 10_001;
/** Most events appended in one transaction (see "Transactions of bounded size"). */
export const MAX_TRANSACTION_EVENTS = 10_000;
/** Connections appending in turn (see "Two transactions at a time"). */
const LANES = 2;

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

/** The next event to index: the frame at `pos`, after its first `partial` events. */
interface Cursor {
  pos: number;
  partial: number;
  /** The decoded rows of the frame at `pos` when `partial` > 0, so the next transaction does not decode it again. */
  frame: { start: number; rows: IndexRow[] } | undefined;
}

/** One connection that appends: its Appender and the statement that writes its row of the position table. */
interface Lane {
  readonly conn: DuckDBConnection;
  appender: DuckDBAppender;
  /** Writes rows to `appender` a data chunk at a time. */
  writer: EventRowWriter;
  readonly setPosition: DuckDBPreparedStatement;
  /** Between BEGIN and a successful COMMIT or a ROLLBACK. */
  open: boolean;
}

/** A transaction whose rows are appended; `commit` settles once its COMMIT did (it never rejects). */
interface Appended {
  lane: Lane;
  batch: IndexedBatch;
  cursor: Cursor;
  startedAt: number;
  commit?: Promise<unknown>;
}

export class EventIndexer {
  private constructor(
    readonly instance: DuckDBInstance,
    private readonly lanes: readonly Lane[],
    /** Everything before this log position is in the table. */
    public indexedPos: number,
    /** How many events of the frame that starts at `indexedPos` are in the table already. */
    private partialEvents: number,
  ) {
    this.tail = { pos: indexedPos, partial: partialEvents, frame: undefined };
  }

  /** Where the next transaction starts: past the last appended one, committed or not. */
  private tail: Cursor;
  private nextLane = 0;

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
    for (let id = 1; id <= LANES; id++) await conn.run(`INSERT INTO ${POSITION_TABLE} VALUES (${id}, 0, 0) ON CONFLICT DO NOTHING`);
    // Commits happen in log order, so the furthest row is the table's position.
    const reader = await conn.runAndReadAll(
      `SELECT position, partial_events FROM ${POSITION_TABLE} ORDER BY position DESC, partial_events DESC LIMIT 1`,
    );
    const [position, partial] = reader.getRowsJS()[0] ?? [];
    const lanes: Lane[] = [];
    for (let id = 1; id <= LANES; id++) {
      const laneConn = id === 1 ? conn : await instance.connect();
      const setPosition = await laneConn.prepare(`UPDATE ${POSITION_TABLE} SET position = $1, partial_events = $2 WHERE id = ${id}`);
      const appender = await laneConn.createAppender(EVENTS_TABLE);
      lanes.push({ conn: laneConn, appender, writer: new EventRowWriter(appender), setPosition, open: false });
    }
    return new EventIndexer(instance, lanes, Number(position ?? 0), Number(partial ?? 0));
  }

  /**
   * Indexes, in one transaction, the events of `chunks` (frames in log order) not yet in the table,
   * up to `maxEvents` of them; `complete` is false when some are left for the next call.
   */
  async index(chunks: readonly FrameChunk[], maxEvents = MAX_TRANSACTION_EVENTS): Promise<IndexedBatch> {
    return this.indexAll(chunks, () => undefined, maxEvents, 1);
  }

  /**
   * Indexes every event of `chunks` not yet in the table, in transactions of at most `maxEvents`
   * (at most `maxTransactions` of them), each commit overlapping the next transaction's appends (see
   * "Two transactions at a time"). `onCommitted` hears of each transaction once it is durable, in
   * order, with its time from the first append to the end of its COMMIT; the last one is returned.
   * On a failure, what committed stays (and was reported), the rest is rolled back, and the error is
   * thrown: calling again with the same chunks resumes after the committed part.
   */
  async indexAll(
    chunks: readonly FrameChunk[],
    onCommitted: (batch: IndexedBatch, ms: number) => void,
    maxEvents = MAX_TRANSACTION_EVENTS,
    maxTransactions = Number.POSITIVE_INFINITY,
  ): Promise<IndexedBatch> {
    let inflight: Appended | undefined;
    let last: IndexedBatch | undefined;
    const settle = async (t: Appended): Promise<void> => {
      const failure = await t.commit;
      if (failure !== undefined) throw failure;
      t.lane.open = false;
      this.indexedPos = t.cursor.pos;
      this.partialEvents = t.cursor.partial;
      last = t.batch;
      onCommitted(t.batch, performance.now() - t.startedAt);
    };
    try {
      for (let n = 0; n < maxTransactions; n++) {
        const lane = this.lanes[this.nextLane] as Lane;
        this.nextLane = (this.nextLane + 1) % this.lanes.length;
        const appended = await this.append(lane, chunks, maxEvents);
        if (inflight !== undefined) {
          const previous = inflight;
          inflight = undefined;
          await settle(previous);
        }
        // The COMMIT's outcome is kept as a value: it may fail while the next transaction appends.
        appended.commit = lane.conn.run('COMMIT').then(
          () => undefined,
          (err: unknown) => err ?? new Error('COMMIT failed'),
        );
        inflight = appended;
        if (!appended.batch.complete) continue;
        break;
      }
      if (inflight !== undefined) {
        const previous = inflight;
        inflight = undefined;
        await settle(previous);
      }
    } catch (err) {
      if (inflight !== undefined) await settle(inflight).catch(() => undefined);
      for (const lane of this.lanes) if (lane.open) await this.rollback(lane);
      this.tail = { pos: this.indexedPos, partial: this.partialEvents, frame: undefined };
      throw err;
    }
    return last ?? { pos: this.indexedPos, events: 0, bytes: 0, complete: true };
  }

  /** BEGIN on `lane`, and appends the next transaction's rows after `tail` with its position; no COMMIT. */
  private async append(lane: Lane, chunks: readonly FrameChunk[], maxEvents: number): Promise<Appended> {
    const startedAt = performance.now();
    let events = 0;
    let bytes = 0;
    let pos = this.tail.pos;
    let partial = this.tail.partial;
    let frame: Cursor['frame'];
    let complete = true;
    const group: IndexRow[] = [];
    await lane.conn.run('BEGIN TRANSACTION');
    lane.open = true;
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
          const rows = this.tail.frame?.start === start ? this.tail.frame.rows : readFrameRows(chunk.bytes, check);
          const take = Math.min(rows.length - skip, maxEvents - events);
          for (let i = skip; i < skip + take; i++) group.push(rows[i] as IndexRow);
          events += take;
          if (skip + take < rows.length) {
            partial = skip + take;
            frame = { start, rows };
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
    lane.writer.append(groupSimilarEvents(group));
    lane.appender.flushSync();
    lane.setPosition.bindBigInt(1, BigInt(pos));
    lane.setPosition.bindInteger(2, partial);
    await lane.setPosition.run();
    this.tail = { pos, partial, frame };
    return { lane, batch: { pos, events, bytes, complete }, cursor: this.tail, startedAt };
  }

  async checkpoint(): Promise<void> {
    await (this.lanes[0] as Lane).conn.run('CHECKPOINT');
  }

  close(): void {
    try {
      for (const lane of this.lanes) lane.appender.closeSync();
    } finally {
      for (const lane of this.lanes) lane.conn.closeSync();
      this.instance.closeSync();
    }
  }

  private async rollback(lane: Lane): Promise<void> {
    try {
      lane.appender.clear();
    } catch {
      // The appender may already be unusable; it is replaced below.
    }
    // After a failed COMMIT DuckDB has already rolled back, and this ROLLBACK fails: nothing to undo.
    await lane.conn.run('ROLLBACK').catch(() => undefined);
    lane.open = false;
    try {
      lane.appender.closeSync();
    } catch {
      // Closing flushes; after a failure there is nothing valid left to flush.
    }
    lane.appender = await lane.conn.createAppender(EVENTS_TABLE);
    lane.writer = new EventRowWriter(lane.appender);
  }
}
