/**
 * The main thread's handle on the indexer worker: posts synced log bytes (transferred, not cloned),
 * tracks the index backlog, answers `waitFor(position)`, and proxies queries with cancellation.
 */
import { Worker } from 'node:worker_threads';
import { StoreQueryError } from './types.js';
import type { FromIndexer, IndexerConfig, ToIndexer } from './indexer-protocol.js';

interface PendingQuery {
  resolve: (rows: Record<string, unknown>[]) => void;
  reject: (err: Error) => void;
}

export class IndexerClient {
  backlogBytes = 0;
  backlogEvents = 0;
  indexedEvents = 0;
  dbBytes = 0;
  lastError: string | undefined;
  private positionWaiters: { pos: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  private queries = new Map<number, PendingQuery>();
  private nextQueryId = 1;
  private dead: Error | undefined;
  private closed: (() => void) | undefined;
  /** Called when the indexed position moves (the store re-evaluates backpressure). */
  onProgress: () => void = () => undefined;
  /** Called with the time the worker took to write each indexed batch (store timings). */
  onIndexed: (ms: number, events: number) => void = () => undefined;

  private constructor(
    private readonly worker: Worker,
    public indexedPos: number,
  ) {}

  /** `notice`: what the worker reports while opening, e.g. the progress of a migration. */
  static start(workerUrl: URL, config: IndexerConfig, notice: (message: string) => void = () => undefined): Promise<IndexerClient> {
    const worker = new Worker(workerUrl, { workerData: config });
    return new Promise((resolve, reject) => {
      let client: IndexerClient | undefined;
      worker.on('message', (msg: FromIndexer) => {
        if (msg.type === 'notice') return notice(msg.message);
        if (client) return client.handle(msg);
        if (msg.type === 'ready') {
          client = new IndexerClient(worker, msg.indexedPos);
          client.dbBytes = msg.dbBytes;
          resolve(client);
        } else if (msg.type === 'fatal') {
          reject(new Error(`indexer failed to start: ${msg.message}`));
          void worker.terminate();
        }
      });
      worker.on('error', (err) => (client ? client.fail(err) : reject(err)));
      worker.on('exit', (code) => {
        const err = new Error(`indexer worker exited (code ${code})`);
        if (client) client.fail(err);
        else reject(err);
      });
    });
  }

  /** Hands synced frames to the worker. `bytes` must not be used by the caller afterwards. */
  post(bytes: Buffer, start: number, events: number): void {
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const ab = (own ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
    this.backlogBytes += bytes.length;
    this.backlogEvents += events;
    if (this.dead) return;
    this.send({ type: 'index', bytes: ab, start, events }, [ab]);
  }

  /** Resolves once everything before `pos` is indexed. */
  waitFor(pos: number): Promise<void> {
    if (this.indexedPos >= pos) return Promise.resolve();
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => this.positionWaiters.push({ pos, resolve, reject }));
  }

  query(sql: string, params: unknown[], timeoutMs: number, maxRows: number, signal?: AbortSignal) {
    if (this.dead) return Promise.reject(new StoreQueryError(this.dead.message, 'failed'));
    const id = this.nextQueryId++;
    return new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const onAbort = () => this.send({ type: 'cancel', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.queries.set(id, {
        resolve: (rows) => (done(), resolve(rows)),
        reject: (err) => (done(), reject(err)),
      });
      this.send({ type: 'query', id, sql, params, timeoutMs, maxRows });
      if (signal?.aborted) onAbort();
    });
  }

  /** Indexes everything posted, checkpoints, closes DuckDB and ends the worker. */
  async close(): Promise<void> {
    if (!this.dead) {
      await new Promise<void>((resolve) => {
        this.closed = resolve;
        this.send({ type: 'close' });
      });
    }
    await this.worker.terminate();
  }

  private send(msg: ToIndexer, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(msg, transfer);
  }

  private handle(msg: FromIndexer): void {
    switch (msg.type) {
      case 'indexed':
        this.indexedPos = msg.pos;
        this.indexedEvents += msg.events;
        this.backlogBytes -= msg.bytes;
        this.backlogEvents -= msg.events;
        this.dbBytes = msg.dbBytes;
        this.lastError = undefined;
        this.positionWaiters = this.positionWaiters.filter((w) => (w.pos <= msg.pos ? (w.resolve(), false) : true));
        this.onProgress();
        this.onIndexed(msg.ms, msg.events);
        break;
      case 'index-error':
        this.lastError = msg.message;
        break;
      case 'rows':
        this.queries.get(msg.id)?.resolve(msg.rows);
        this.queries.delete(msg.id);
        break;
      case 'query-error':
        this.queries.get(msg.id)?.reject(new StoreQueryError(msg.message, msg.reason));
        this.queries.delete(msg.id);
        break;
      case 'closed':
        this.closed?.();
        break;
      case 'fatal':
        this.fail(new Error(`indexer failed: ${msg.message}`));
        break;
      case 'ready':
      case 'notice':
        break;
    }
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = err;
    this.lastError = err.message;
    for (const w of this.positionWaiters) w.reject(err);
    this.positionWaiters = [];
    for (const q of this.queries.values()) q.reject(new StoreQueryError(err.message, 'failed'));
    this.queries.clear();
    this.closed?.();
  }
}
