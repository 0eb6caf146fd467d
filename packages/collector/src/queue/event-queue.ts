/**
 * What a sink's queue offers, whichever kind: records (encoded HEC envelopes) go in, contiguous
 * batches come out in order, and a batch is forgotten only when `ack` says the server took it.
 * A batch handed out and never acknowledged (the process died) is handed out again after a restart
 * by a disk queue; a memory queue loses it with the process.
 */
export interface QueueBatch {
  readonly records: readonly Buffer[];
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly bytes: number;
  /** Reused on every retry of this batch (and, for a disk queue, after a restart) so the server deduplicates. */
  readonly requestId: string;
}

export interface QueueStats {
  /** Records waiting to be sent plus records sent but not yet acknowledged. */
  records: number;
  bytes: number;
  /** Records thrown away by `fullAction: deleteOldest`. */
  deletedOldest: number;
}

export interface EventQueue {
  readonly kind: 'memory' | 'disk';
  /**
   * Adds records; resolves once they are stored (disk: written and fsynced). With `fullAction: pause`
   * it waits for room; with `deleteOldest` it makes room by dropping the oldest records.
   */
  push(records: readonly Buffer[]): Promise<void>;
  /**
   * Copies freshly encoded records (`src`, record i ending at `ends[i]`) into memory the queue owns
   * and returns them, to be pushed next. A memory queue reuses that memory after the ack.
   */
  store(src: Buffer, ends: readonly number[]): Buffer[];
  /** True while a push would wait for room. */
  full(): boolean;
  /** Records not yet handed out. */
  unread(): number;
  unreadBytes(): number;
  /** When the oldest unread record was pushed (Unix ms); recovered records count as old. */
  oldestUnreadAt(): number;
  /** The oldest unread records, up to maxBytes (always at least one record when any is unread). */
  take(maxBytes: number): QueueBatch | undefined;
  /** The server took the batch: its records may be deleted. */
  ack(batch: QueueBatch): void;
  /** Resolves on the next push, ack or close. */
  changed(timeoutMs?: number): Promise<void>;
  stats(): QueueStats;
  close(): Promise<void>;
}
