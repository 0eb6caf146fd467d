/**
 * The event store: write-ahead log with group commit (wal-writer) in front of DuckDB, which an
 * indexer worker fills from the synced log (event-indexer). See the design notes of those modules.
 *
 * Backpressure: pending = bytes/events not yet synced + synced but not yet indexed. A commit that
 * would take pending over a high-water mark is refused with StoreBusyError before anything is
 * written, and the store stays busy until both fall below the low-water mark.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommitRecord, RecoveredRequest } from '../events.js';
import { IndexerClient } from './indexer-client.js';
import { resolveStoreOptions } from './store-options.js';
import type { EventStoreOptions } from './store-options.js';
import { StoreBusyError, StoreQueryError } from './types.js';
import type { EventStore, QueryOptions, StoreStats } from './types.js';
import { encodeFrame } from './wal-frame.js';
import { recoverWal } from './wal-recovery.js';
import { WalWriter } from './wal-writer.js';

export type { EventStoreOptions } from './store-options.js';

export function createEventStore(options: EventStoreOptions): EventStore {
  const o = resolveStoreOptions(options);
  const walDir = join(o.dataDir, 'wal');
  let indexer: IndexerClient | undefined;
  let writer: WalWriter | undefined;
  let state: 'new' | 'opening' | 'open' | 'closing' | 'closed' = 'new';
  let busy = false;
  let committedEvents = 0;
  let pruneTimer: NodeJS.Timeout | undefined;

  const pendingBytes = () => (writer?.queuedBytes ?? 0) + (indexer?.backlogBytes ?? 0);
  const pendingEvents = () => (writer?.queuedEvents ?? 0) + (indexer?.backlogEvents ?? 0);
  /** Callers of whenNotBusy, woken when busy clears. */
  let notBusyWaiters: Array<() => void> = [];
  const updateBusy = (): void => {
    if (busy && pendingBytes() < o.maxPendingBytes * o.lowWaterRatio && pendingEvents() < o.maxPendingEvents * o.lowWaterRatio) {
      busy = false;
      const waiters = notBusyWaiters;
      notBusyWaiters = [];
      for (const wake of waiters) wake();
    }
  };
  const prune = (): void => {
    if (!writer || !indexer) return;
    writer.prune(indexer.indexedPos, Date.now() - o.dedupWindowMs).catch((err: unknown) => o.warn(`pruning the log failed: ${String(err)}`));
  };

  return {
    async open() {
      if (state !== 'new') throw new Error('the event store was already opened');
      state = 'opening';
      await mkdir(walDir, { recursive: true });
      const client = await IndexerClient.start(o.workerUrl, {
        dbPath: join(o.dataDir, 'events.duckdb'),
        checkpointThreshold: o.checkpointThreshold,
        idleCheckpointMs: o.idleCheckpointMs,
        maxBatchDelayMs: o.maxBatchDelayMs,
        threads: o.threads,
        memoryLimit: o.memoryLimitMB === undefined ? undefined : `${o.memoryLimitMB}MB`,
      }, o.info);
      indexer = client;
      client.onProgress = updateBusy;
      client.onIndexed = (ms, events) => o.timings.index?.(ms, events);
      let recovered: { recoveredRequests: RecoveredRequest[] };
      try {
        const r = await recoverWal({
          walDir,
          indexedPos: client.indexedPos,
          dedupSince: Date.now() - o.dedupWindowMs,
          warn: o.warn,
          replay: async (bytes, start, events) => {
            client.post(bytes, start, events);
            // Bound memory during a long replay: let the indexer catch up to this chunk.
            if (client.backlogBytes > o.maxPendingBytes / 2) await client.waitFor(start);
          },
        });
        writer = new WalWriter(walDir, o.segmentBytes, r.active, r.segments, (batch) => {
          committedEvents += batch.events;
          o.timings.sync?.(writer?.lastSyncMs ?? 0);
          client.post(batch.bytes, batch.start, batch.events);
        });
        recovered = { recoveredRequests: r.recoveredRequests };
      } catch (err) {
        await client.close();
        state = 'closed';
        throw err;
      }
      pruneTimer = setInterval(prune, o.pruneIntervalMs);
      pruneTimer.unref();
      state = 'open';
      return recovered;
    },

    async commit(record: CommitRecord) {
      if (state !== 'open' || !writer) throw new Error(`the event store is ${state === 'new' ? 'not open' : state}`);
      updateBusy();
      if (busy) throw new StoreBusyError(o.retryAfterSeconds);
      const frame = encodeFrame(record, Date.now());
      const events = record.events.length;
      if (pendingBytes() + frame.length > o.maxPendingBytes || pendingEvents() + events > o.maxPendingEvents) {
        busy = true;
        throw new StoreBusyError(o.retryAfterSeconds);
      }
      const t0 = performance.now();
      await writer.append(frame, events, record.requestKey !== undefined);
      o.timings.commit?.(performance.now() - t0);
    },

    isBusy() {
      updateBusy();
      return busy;
    },

    whenNotBusy(timeoutMs: number) {
      updateBusy();
      if (!busy) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          notBusyWaiters = notBusyWaiters.filter((waiter) => waiter !== wake);
          resolve(false);
        }, timeoutMs);
        notBusyWaiters.push(wake);
      });
    },

    async query(sql: string, params: readonly unknown[], qo: QueryOptions = {}) {
      if (state !== 'open' || !indexer) throw new StoreQueryError('the event store is not open', 'failed');
      if (qo.signal?.aborted) throw new StoreQueryError('query cancelled', 'cancelled');
      return indexer.query(sql, [...params], qo.timeoutMs ?? o.queryTimeoutMs, qo.maxRows ?? o.maxQueryRows, qo.signal);
    },

    async waitIndexed() {
      if (!writer || !indexer) return;
      await writer.drain();
      await indexer.waitFor(writer.syncedEnd);
    },

    stats(): StoreStats {
      return {
        committedEvents,
        indexedEvents: indexer?.indexedEvents ?? 0,
        indexBacklogEvents: indexer?.backlogEvents ?? 0,
        pendingBytes: pendingBytes(),
        syncs: writer?.syncs ?? 0,
        lastSyncMs: writer?.lastSyncMs ?? 0,
        diskBytes: (indexer?.dbBytes ?? 0) + (writer?.diskBytes ?? 0),
      };
    },

    async close() {
      if (state === 'closed' || state === 'closing' || state === 'new') {
        state = 'closed';
        return;
      }
      state = 'closing';
      if (pruneTimer) clearInterval(pruneTimer);
      try {
        if (writer) await writer.drain();
        if (writer && indexer) await indexer.waitFor(writer.syncedEnd).catch((err: unknown) => o.warn(String(err)));
        if (writer && indexer) await writer.prune(indexer.indexedPos, Date.now() - o.dedupWindowMs).catch(() => undefined);
        await writer?.close();
      } finally {
        await indexer?.close();
        state = 'closed';
      }
    },
  };
}
