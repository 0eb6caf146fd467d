/**
 * Worker entry: owns the DuckDB instance so that synchronous Appender calls and checkpoints never
 * run on the HTTP event loop. Synced frames are batched (everything that arrived while the previous
 * transaction ran, flushed at most `maxBatchDelayMs` after it arrived) and indexed by EventIndexer.
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
  let flushing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let dirty = false;
  let closing = false;
  const queries = new Map<number, RunningQuery>();

  const flush = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        const t0 = performance.now();
        const done = await indexer.index(batch);
        const ms = performance.now() - t0;
        dirty = true;
        send({ type: 'indexed', ...done, dbBytes: await dbBytes(), ms });
      } catch (err) {
        // Retry the same frames after a pause (e.g. disk full); nothing was acknowledged.
        pending = batch.concat(pending);
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
        if (pending.length > 0) startFlush();
        else armIdleCheckpoint();
      });
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
        pending.push({ bytes: Buffer.from(msg.bytes), start: msg.start });
        // The first frames of an idle period go at once; under load, batches form while a flush runs.
        if (!flushing) timer ??= setTimeout(startFlush, pending.length === 1 ? 0 : config.maxBatchDelayMs);
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
