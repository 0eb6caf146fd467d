/**
 * Worker entry: owns the DuckDB instance so that synchronous Appender calls and checkpoints never
 * run on the HTTP event loop. Synced frames are batched and indexed by EventIndexer: a batch is
 * everything pending once its oldest frame has waited `maxBatchDelayMs`, or once MAX_BATCH_BYTES
 * are pending, whichever comes first (at once when the previous transaction took longer than that).
 * Waiting even when idle makes batches of a useful size at moderate rates: the indexer groups a
 * batch's similar events for compression (group-similar-events.ts), and a transaction has a fixed
 * cost. At 17 K events/s, the first frame indexed at once made batches of 100–200 events (one or two
 * HEC requests) at 15–18 µs of indexer CPU per event, against 13–14 µs with 2,000–3,000-event batches
 * (docs/PERFORMANCE.md, "Storage layout").
 */
import { stat } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { EventIndexer } from './event-indexer.js';
import type { FrameChunk } from './event-indexer.js';
import type { FromIndexer, IndexerConfig, ToIndexer } from './indexer-protocol.js';
import { runEventQuery } from './run-event-query.js';
import type { RunningQuery } from './run-event-query.js';

if (!parentPort) throw new Error('indexer-worker must run in a worker thread');
const port = parentPort;
const config = workerData as IndexerConfig;
const send = (msg: FromIndexer): void => port.postMessage(msg);
/** Pending frame bytes that start a batch without waiting (bounds the batch's memory). */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

async function dbBytes(): Promise<number> {
  let total = 0;
  for (const path of [config.dbPath, `${config.dbPath}.wal`]) {
    total += await stat(path).then((s) => s.size, () => 0);
  }
  return total;
}

async function main(): Promise<void> {
  const indexer = await EventIndexer.open(config.dbPath, { ...config, log: (message) => send({ type: 'notice', message }) });
  let pending: FrameChunk[] = [];
  let pendingBytes = 0;
  /** performance.now() when the oldest pending frame arrived. */
  let oldestPendingAt = 0;
  let flushing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let dirty = false;
  /** 'indexed' messages, sent in order. */
  let reports: Promise<void> = Promise.resolve();
  let closing = false;
  const queries = new Map<number, RunningQuery>();

  const flush = async (): Promise<void> => {
    // One batch; it is retried until it commits. Frames that arrive meanwhile form the next batch.
    for (;;) {
      const batch = pending;
      const batchBytes = pendingBytes;
      const batchSince = oldestPendingAt;
      pending = [];
      pendingBytes = 0;
      try {
        // Transactions of at most MAX_TRANSACTION_EVENTS each, a commit overlapping the next one's
        // appends (event-indexer.ts); after a failure the same frames are retried, skipping what committed.
        await indexer.indexAll(batch, (done, ms) => {
          dirty = true;
          // In commit order; the database's size is read off the indexing path. A report that cannot be
          // sent (the port closing at shutdown) must not fail the ones after it.
          reports = reports
            .then(async () => send({ type: 'indexed', pos: done.pos, events: done.events, bytes: done.bytes, dbBytes: await dbBytes(), ms }))
            .catch(() => undefined);
        });
        await reports;
        return;
      } catch (err) {
        // Retry the same frames after a pause (e.g. disk full); only what committed was acknowledged.
        pending = batch.concat(pending);
        pendingBytes += batchBytes;
        oldestPendingAt = batchSince;
        send({ type: 'index-error', message: err instanceof Error ? err.message : String(err) });
        await new Promise((r) => setTimeout(r, 1000));
        if (closing) throw err;
      }
    }
  };
  const startFlush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    flushing ??= flush()
      .catch((err: unknown) => send({ type: 'fatal', message: String(err) }))
      .finally(() => {
        flushing = undefined;
        if (pending.length > 0) schedule();
        else armIdleCheckpoint();
      });
  };
  /** Starts the next batch when it is due (see the note at the top); a running flush calls it when done. */
  const schedule = (): void => {
    if (flushing || pending.length === 0) return;
    const wait = oldestPendingAt + config.maxBatchDelayMs - performance.now();
    if (wait <= 0 || pendingBytes >= MAX_BATCH_BYTES) startFlush();
    else timer ??= setTimeout(startFlush, wait);
  };
  const armIdleCheckpoint = (): void => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (!dirty || flushing || pending.length > 0) return;
      dirty = false;
      void indexer.checkpoint().catch(() => (dirty = true));
    }, config.idleCheckpointMs);
  };

  port.on('message', (msg: ToIndexer) => {
    switch (msg.type) {
      case 'index':
        if (pending.length === 0) oldestPendingAt = performance.now();
        pending.push({ bytes: Buffer.from(msg.bytes), start: msg.start });
        pendingBytes += msg.bytes.byteLength;
        schedule();
        break;
      case 'query': {
        const q = runEventQuery(indexer.instance, msg.sql, msg.params, msg.timeoutMs, msg.maxRows);
        queries.set(msg.id, q);
        q.result.then(
          (rows) => send({ type: 'rows', id: msg.id, rows }),
          (err: unknown) => {
            const reason = (err as { reason?: 'timeout' | 'cancelled' | 'failed' }).reason ?? 'failed';
            send({ type: 'query-error', id: msg.id, message: err instanceof Error ? err.message : String(err), reason });
          },
        ).finally(() => queries.delete(msg.id));
        break;
      }
      case 'cancel':
        queries.get(msg.id)?.cancel();
        break;
      case 'close':
        closing = true;
        void (async () => {
          for (const q of queries.values()) q.cancel();
          await Promise.allSettled([...queries.values()].map((q) => q.result));
          while (flushing || pending.length > 0) {
            if (!flushing) startFlush();
            await flushing;
          }
          if (idleTimer) clearTimeout(idleTimer);
          await indexer.checkpoint();
          indexer.close();
          send({ type: 'closed' });
          port.close();
        })().catch((err: unknown) => send({ type: 'fatal', message: String(err) }));
        break;
    }
  });
  send({ type: 'ready', indexedPos: indexer.indexedPos, dbBytes: await dbBytes() });
}

main().catch((err: unknown) => send({ type: 'fatal', message: err instanceof Error ? err.message : String(err) }));
