import type { CommitRecord, RecoveredRequest } from '../events.js';

/** What the store reports about itself (for health, metrics and the benchmark). */
export interface StoreStats {
  /** Events committed durably (write-ahead log synced) since start. */
  committedEvents: number;
  /** Events indexed into the event engine (searchable) since start. */
  indexedEvents: number;
  /** Events durable but not yet searchable. */
  indexBacklogEvents: number;
  /** Bytes waiting in memory (not yet synced plus not yet indexed). */
  pendingBytes: number;
  /** Number of log syncs (fdatasync) since start, and their latency. */
  syncs: number;
  lastSyncMs: number;
  /** Size on disk of the event engine's files, bytes. */
  diskBytes: number;
}

/** Raised by `commit` when the bounded queues are full: the receiver answers 503 code 9 with Retry-After. */
export class StoreBusyError extends Error {
  readonly code = 'STORE_BUSY';
  constructor(readonly retryAfterSeconds: number) {
    super('the event store is at capacity; retry later');
  }
}

/** Raised by `query` for bad SQL, timeouts and cancellation. */
export class StoreQueryError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'cancelled' | 'failed',
  ) {
    super(message);
  }
}

export interface QueryOptions {
  /** Abort the query after this long (default 30 s). */
  timeoutMs?: number;
  /** Stop reading rows after this many (the SQL should carry its own LIMIT too). */
  maxRows?: number;
  signal?: AbortSignal;
}

/**
 * The event store: a durable write-ahead log with group commit in front of an embedded column engine.
 * `commit` resolves only once the record is on disk; events become searchable shortly after
 * (the indexer runs off the HTTP event loop).
 */
export interface EventStore {
  /** Opens (and recovers) the store; returns the requests committed within the deduplication window. */
  open(): Promise<{ recoveredRequests: RecoveredRequest[] }>;
  /** Resolves when the record is durable. Throws StoreBusyError when at capacity (nothing was written). */
  commit(record: CommitRecord): Promise<void>;
  /** True while the queues are above their high-water mark (health answers 503 code 18). */
  isBusy(): boolean;
  /** Resolves true as soon as isBusy() is false (at once if it is), false after timeoutMs. */
  whenNotBusy(timeoutMs: number): Promise<boolean>;
  /** Runs a read-only SQL query against the events table with positional parameters ($1, $2, …). */
  query(sql: string, params: readonly unknown[], options?: QueryOptions): Promise<Record<string, unknown>[]>;
  /** Resolves once every event committed before the call is searchable. */
  waitIndexed(): Promise<void>;
  stats(): StoreStats;
  /** Flushes, indexes everything committed, and closes. Commits after close are rejected. */
  close(): Promise<void>;
}
