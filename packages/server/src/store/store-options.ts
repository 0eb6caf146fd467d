/** Options of `createEventStore`, with their defaults. */
export interface EventStoreOptions {
  /** Directory holding `wal/` and `events.duckdb`; created when missing. */
  dataDir: string;
  /** Committed requests with an X-Request-Id are remembered this long (and their log kept). Default 10 min. */
  dedupWindowMs?: number;
  /** Size at which the log moves to a new segment file. Default 16 MiB (bounds what stays on disk once indexed). */
  segmentBytes?: number;
  /** High-water mark of bytes not yet synced plus not yet indexed (bounds memory). Default 128 MiB. */
  maxPendingBytes?: number;
  /** High-water mark of events not yet synced plus not yet indexed. Default 200 000. */
  maxPendingEvents?: number;
  /** Busy clears once both backlogs fall below this fraction of their high-water marks. Default 0.5. */
  lowWaterRatio?: number;
  /** Retry-After given with StoreBusyError, seconds. Default 1. */
  retryAfterSeconds?: number;
  /** DuckDB `checkpoint_threshold`. Default '256MB' (64MB measured slower: bench:collector's server rate 89K against 125–140K events/s). */
  checkpointThreshold?: string;
  /** The indexer checkpoints after this long without new rows. Default 5 s. */
  idleCheckpointMs?: number;
  /** Synced frames wait up to this long to be indexed together (bigger batches compress better). Default 100 ms. */
  maxBatchDelayMs?: number;
  /** DuckDB worker threads; default: DuckDB's own (one per core). */
  threads?: number;
  /** DuckDB memory limit in MiB (bounds the process's RSS); default: DuckDB's own (80 % of RAM). */
  memoryLimitMB?: number;
  /** Default query timeout. Default 30 s. */
  queryTimeoutMs?: number;
  /** Default row cap of a query. Default 100 000. */
  maxQueryRows?: number;
  /** How often indexed, expired segments are deleted. Default 30 s. */
  pruneIntervalMs?: number;
  /**
   * Where recovery reports a truncated tail and background failures (`warn`), and a migration of the
   * events table its progress (`info`; `warn` when absent). pino's Logger fits. Default console.
   */
  log?: { warn(message: string): void; info?(message: string): void };
  /** The compiled worker module; defaults to `indexer-worker.js` beside this module. */
  workerUrl?: URL;
  /** Latencies reported as they happen (for metrics histograms); read on every call, so it may be filled in after open. */
  timings?: StoreTimings;
}

/** Called on the store's own path after the fact: each must be cheap and must not throw. */
export interface StoreTimings {
  /** One write-ahead log fdatasync took `ms`. */
  sync?(ms: number): void;
  /** A successful `commit()` took `ms` from the call to durable (queue wait, write and sync). */
  commit?(ms: number): void;
  /** The indexer wrote one batch of `events` into the event engine in `ms`. */
  index?(ms: number, events: number): void;
}

export type ResolvedStoreOptions = Required<Omit<EventStoreOptions, 'threads' | 'log' | 'memoryLimitMB'>> & {
  threads: number | undefined;
  memoryLimitMB: number | undefined;
  warn: (message: string) => void;
  info: (message: string) => void;
};

export function resolveStoreOptions(o: EventStoreOptions): ResolvedStoreOptions {
  return {
    dataDir: o.dataDir,
    dedupWindowMs: o.dedupWindowMs ?? 10 * 60_000,
    segmentBytes: o.segmentBytes ?? 16 * 1024 * 1024,
    maxPendingBytes: o.maxPendingBytes ?? 128 * 1024 * 1024,
    maxPendingEvents: o.maxPendingEvents ?? 200_000,
    lowWaterRatio: o.lowWaterRatio ?? 0.5,
    retryAfterSeconds: o.retryAfterSeconds ?? 1,
    checkpointThreshold: o.checkpointThreshold ?? '256MB',
    idleCheckpointMs: o.idleCheckpointMs ?? 5_000,
    maxBatchDelayMs: o.maxBatchDelayMs ?? 100,
    threads: o.threads,
    memoryLimitMB: o.memoryLimitMB,
    queryTimeoutMs: o.queryTimeoutMs ?? 30_000,
    maxQueryRows: o.maxQueryRows ?? 100_000,
    pruneIntervalMs: o.pruneIntervalMs ?? 30_000,
    warn: o.log ? (m) => o.log?.warn(`store: ${m}`) : (m) => console.warn(`[store] ${m}`),
    info: o.log ? (m) => (o.log?.info ? o.log.info(`store: ${m}`) : o.log?.warn(`store: ${m}`)) : (m) => console.info(`[store] ${m}`),
    workerUrl: o.workerUrl ?? new URL('./indexer-worker.js', import.meta.url),
    timings: o.timings ?? {},
  };
}
