/**
 * What a sink's queue offers, whichever kind: records (encoded HEC envelopes) go in, contiguous
 * batches come out in order, and a batch is forgotten only when `ack` says the server took it.
 * A batch handed out and never acknowledged (the process died) is handed out again after a restart
 * by a disk queue; a memory queue loses it with the process.
 */
export interface QueueBatch {
  /** The records concatenated, as the fewest contiguous views: the request body as sent. */
  readonly spans: readonly Buffer[];
  /** Number of records. */
  readonly count: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly bytes: number;
  /** Reused on every retry of this batch (and, for a disk queue, after a restart) so the server deduplicates. */
  readonly requestId: string;
  /**
   * The records one by one, as views of the batch's memory; built on demand (a split or partially
   * refused batch needs them, a sent one does not). Valid until the batch is acknowledged.
   */
  records(): Buffer[];
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
   * Pushes freshly encoded records: `src` holds them back to back, record i ending at `ends[i]`.
   * `src` may be reused as soon as this returns (before the promise settles): the queue copies it
   * first, into memory it owns (a memory queue's slabs, reused after the ack).
   */
  pushEncoded(src: Buffer, ends: readonly number[]): Promise<void>;
  /** True while a push would wait for room. */
  full(): boolean;
  /**
   * Resolves once a push of about `bytes` would not wait (at most half the queue is asked for, so a
   * small queue still moves); at once with `fullAction: deleteOldest`, on an empty or closed queue.
   * Sources that build events from their input wait here first, so the events they build are
   * queued at once instead of waiting in memory for a push to find room.
   */
  room(bytes: number): Promise<void>;
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
