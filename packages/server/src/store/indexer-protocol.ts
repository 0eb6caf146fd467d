/**
 * Messages between the store (main thread) and the indexer worker. Log bytes travel as transferred
 * ArrayBuffers (never as cloned object graphs); query results come back as plain row objects.
 */
export interface IndexerConfig {
  dbPath: string;
  /** DuckDB `checkpoint_threshold`, raised so automatic checkpoints do not stall indexing. */
  checkpointThreshold: string;
  /** Checkpoint after this long without new rows. */
  idleCheckpointMs: number;
  /** Longest a batch of synced frames waits before it is indexed. */
  maxBatchDelayMs: number;
  /** DuckDB `threads`; undefined leaves DuckDB's default. */
  threads: number | undefined;
  /** DuckDB `memory_limit` (e.g. '512MB'); undefined leaves DuckDB's default (80 % of RAM). */
  memoryLimit?: string | undefined;
}

export type ToIndexer =
  | { type: 'index'; bytes: ArrayBuffer; start: number; events: number }
  | { type: 'query'; id: number; sql: string; params: unknown[]; timeoutMs: number; maxRows: number }
  | { type: 'cancel'; id: number }
  | { type: 'close' };

export type FromIndexer =
  | { type: 'ready'; indexedPos: number; dbBytes: number }
  /** Something worth an operator's attention while opening (a migration's progress). */
  | { type: 'notice'; message: string }
  | { type: 'indexed'; pos: number; events: number; bytes: number; dbBytes: number; ms: number }
  | { type: 'index-error'; message: string }
  | { type: 'rows'; id: number; rows: Record<string, unknown>[] }
  | { type: 'query-error'; id: number; message: string; reason: 'timeout' | 'cancelled' | 'failed' }
  | { type: 'closed' }
  | { type: 'fatal'; message: string };
