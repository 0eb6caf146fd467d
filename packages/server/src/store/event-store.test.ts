/**
 * The store end to end, against the compiled module (its indexer runs in a worker thread, which
 * loads `dist/store/indexer-worker.js`): `npm test` builds first; alone, run `npx tsc -b packages/server`.
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommitRecord, StoredEvent } from '../events.js';
import { createEventStore } from '../../dist/store/event-store.js';
import type { EventStoreOptions } from '../../dist/store/event-store.js';
import { StoreBusyError, StoreQueryError } from '../../dist/store/types.js';
import type { EventStore } from '../../dist/store/types.js';

const DIST_STORE = new URL('../../dist/store/event-store.js', import.meta.url);

function event(id: string): StoredEvent {
  return {
    id, timestamp: 1_700_000_000_000, timestampNanos: 0, ingestTimestamp: Date.now(), rawstring: `line ${id}`,
    host: 'h', source: 's', sourcetype: 'st', connector: 'c', repo: 'main', type: 'kv', connectionId: 'cid',
    requestId: 'r', tags: {}, fields: { n: id },
  };
}
const record = (prefix: string, n: number, extra: Partial<CommitRecord> = {}): CommitRecord => ({
  events: Array.from({ length: n }, (_, i) => event(`${prefix}-${i}`)),
  ...extra,
});

describe('event store', () => {
  let dir: string;
  const open: EventStore[] = [];
  const warnings: string[] = [];
  const make = (o: Partial<EventStoreOptions> = {}): EventStore => {
    const s = createEventStore({ dataDir: dir, log: { warn: (m) => warnings.push(m) }, ...o });
    open.push(s);
    return s;
  };
  const ids = async (s: EventStore): Promise<string[]> =>
    (await s.query('SELECT id FROM events ORDER BY id', [], { maxRows: 1_000_000 })).map((r) => String(r['id']));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hecate-store-'));
    warnings.length = 0;
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves a commit after a sync and makes its events searchable within 2 s', async () => {
    const store = make();
    await store.open();
    await store.commit(record('a', 3));
    expect(store.stats()).toMatchObject({ committedEvents: 3, syncs: 1 });
    const wal = await readdir(join(dir, 'wal'));
    expect((await stat(join(dir, 'wal', wal[0]!))).size).toBeGreaterThan(0);
    const t0 = Date.now();
    let rows: Record<string, unknown>[] = [];
    while (rows.length < 3 && Date.now() - t0 < 2000) {
      rows = await store.query('SELECT id, ts, ts_nanos FROM events WHERE repo = $1 ORDER BY id', ['main']);
    }
    expect(rows).toEqual([0, 1, 2].map((i) => ({ id: `a-${i}`, ts: 1_700_000_000_000, ts_nanos: 0 })));
    // The worker reports progress after its transaction commits, so a query can see rows a moment before stats do.
    await store.waitIndexed();
    expect(store.stats()).toMatchObject({ indexedEvents: 3, indexBacklogEvents: 0 });
    expect(store.stats().diskBytes).toBeGreaterThan(0);
  });

  it('indexes records synced within maxBatchDelayMs of the first in one batch, even when the indexer was idle', async () => {
    const batches: number[] = [];
    const store = make({ maxBatchDelayMs: 1_500, timings: { index: (_ms, events) => batches.push(events) } });
    await store.open();
    await store.commit(record('a', 3));
    await store.commit(record('b', 4));
    await store.waitIndexed();
    expect(batches).toEqual([7]);
    expect(await ids(store)).toHaveLength(7);
  });

  it('keeps every event exactly once across close and reopen, and rejects commits after close', async () => {
    let store = make();
    await store.open();
    await Promise.all(Array.from({ length: 20 }, (_, r) => store.commit(record(`r${r}`, 5))));
    await store.close();
    await expect(store.commit(record('late', 1))).rejects.toThrow(/closed/);
    store = make();
    await store.open();
    await store.commit(record('second', 5));
    await store.waitIndexed();
    const all = await ids(store);
    expect(all).toHaveLength(105);
    expect(new Set(all).size).toBe(105);
    await store.close();
    await rm(join(dir, 'events.duckdb'), { force: true }); // the index is rebuilt from the log
    store = make();
    await store.open();
    await store.waitIndexed();
    expect(await ids(store)).toEqual(all);
  });

  it('truncates a torn tail and keeps the records before it', async () => {
    let store = make();
    await store.open();
    await store.commit(record('a', 2));
    await store.commit(record('b', 2));
    await store.close();
    const [segment] = await readdir(join(dir, 'wal'));
    const path = join(dir, 'wal', segment!);
    const goodSize = (await stat(path)).size;
    // A frame header promising more bytes than were written, as a kill -9 mid-write leaves it.
    const torn = Buffer.alloc(40);
    torn.writeUInt32LE(0x31574348, 0);
    torn.writeUInt32LE(5000, 4);
    await appendFile(path, torn);
    store = make();
    await store.open();
    expect(warnings.join('\n')).toMatch(/truncated payload/);
    expect((await stat(path)).size).toBe(goodSize);
    await store.commit(record('c', 2));
    await store.close();
    store = make();
    await store.open();
    await store.waitIndexed();
    expect(await ids(store)).toEqual(['a-0', 'a-1', 'b-0', 'b-1', 'c-0', 'c-1']);
  });

  it('refuses commits with StoreBusyError over capacity and clears busy once the backlog drains', async () => {
    const store = make({ maxPendingEvents: 250, retryAfterSeconds: 3 });
    await store.open();
    const commits = Array.from({ length: 5 }, (_, i) => store.commit(record(`x${i}`, 100)));
    // Checked before awaiting: once the accepted records are indexed, busy clears (tested below).
    expect(store.isBusy()).toBe(true);
    const results = await Promise.allSettled(commits);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(StoreBusyError);
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'STORE_BUSY', retryAfterSeconds: 3 });
    }
    await store.waitIndexed();
    expect(store.isBusy()).toBe(false);
    expect(await store.whenNotBusy(0)).toBe(true);
    await store.commit(record('after', 100));
    await store.waitIndexed();
    expect(await ids(store)).toHaveLength(300); // refused records wrote nothing
  });

  it('wakes whenNotBusy callers once the backlog drains', async () => {
    const store = make({ maxPendingEvents: 250 });
    await store.open();
    const commits = Array.from({ length: 3 }, (_, i) => store.commit(record(`y${i}`, 100)));
    expect(store.isBusy()).toBe(true);
    const cleared = store.whenNotBusy(30_000);
    await Promise.allSettled(commits);
    expect(await cleared).toBe(true);
    expect(store.isBusy()).toBe(false);
  });

  it('recovers committed request keys within the dedup window', async () => {
    let store = make();
    await store.open();
    const response = { status: 200, body: '{"text":"Success","code":0}' };
    const before = Date.now();
    await store.commit(record('k', 1, { requestKey: 'cid\u0000req-1', response }));
    await store.commit(record('nokey', 1));
    await store.close();
    store = make();
    const { recoveredRequests } = await store.open();
    expect(recoveredRequests).toEqual([{ requestKey: 'cid\u0000req-1', response, committedAt: expect.any(Number) }]);
    expect(recoveredRequests[0]!.committedAt).toBeGreaterThanOrEqual(before);
    await store.close();
    await new Promise((r) => setTimeout(r, 20));
    store = make({ dedupWindowMs: 10 });
    expect((await store.open()).recoveredRequests).toEqual([]);
  });

  it('deletes log segments once indexed and older than the dedup window', async () => {
    let store = make({ segmentBytes: 4096, dedupWindowMs: 0, pruneIntervalMs: 50 });
    await store.open();
    for (let i = 0; i < 20; i++) await store.commit(record(`s${i}`, 10));
    await store.waitIndexed();
    await new Promise((r) => setTimeout(r, 200));
    expect((await readdir(join(dir, 'wal'))).length).toBe(1);
    await store.close();
    store = make();
    await store.open();
    await store.waitIndexed();
    expect(await ids(store)).toHaveLength(200);
  });

  it('deletes indexed segments at once when they hold no deduplication key, and keeps keyed ones for the window', async () => {
    const response = { status: 200, body: '{"text":"Success","code":0}' };
    let store = make({ segmentBytes: 4096, dedupWindowMs: 60_000, pruneIntervalMs: 50 });
    await store.open();
    await store.commit(record('keyed', 10, { requestKey: 'c\u0000r1', response }));
    for (let i = 0; i < 20; i++) await store.commit(record(`plain${i}`, 10));
    await store.waitIndexed();
    await new Promise((r) => setTimeout(r, 200));
    // The keyed record's segment and the active one remain; every other (unkeyed, indexed) segment is gone.
    expect((await readdir(join(dir, 'wal'))).length).toBe(2);
    await store.close();
    store = make({ dedupWindowMs: 60_000 });
    const { recoveredRequests } = await store.open();
    expect(recoveredRequests.map((r) => r.requestKey)).toEqual(['c\u0000r1']);
    await store.waitIndexed();
    expect(await ids(store)).toHaveLength(210);
  });

  it('times out, cancels, caps rows and refuses writes in queries', async () => {
    const store = make();
    await store.open();
    const slow = 'SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b';
    const t0 = Date.now();
    await expect(store.query(slow, [], { timeoutMs: 150 })).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(5000);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(store.query(slow, [], { signal: ac.signal })).rejects.toMatchObject({ reason: 'cancelled' });
    await expect(store.query('SELEC nonsense', [])).rejects.toMatchObject({ reason: 'failed' });
    await expect(store.query('DELETE FROM events', [])).rejects.toBeInstanceOf(StoreQueryError);
    const rows = await store.query('SELECT range AS n FROM range($1)', [10], { maxRows: 4 });
    expect(rows).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('loses no acknowledged commit and duplicates none when killed with SIGKILL mid-stream', async () => {
    const script = join(dir, 'crash-child.mjs');
    await writeFile(
      script,
      `import { createEventStore } from ${JSON.stringify(DIST_STORE.href)};
const store = createEventStore({ dataDir: process.argv[2] });
await store.open();
let n = 0;
const ev = (id) => ({ id, timestamp: 1, timestampNanos: 0, ingestTimestamp: 1, rawstring: 'x'.repeat(200) + id,
  host: null, source: null, sourcetype: null, connector: 'c', repo: 'main', type: 'kv', connectionId: 'c',
  requestId: 'r', tags: {}, fields: {} });
async function caller(c) {
  for (;;) {
    const key = c + '-' + n++;
    await store.commit({ events: Array.from({ length: 10 }, (_, i) => ev(key + ':' + i)) });
    process.stdout.write(key + '\\n');
  }
}
for (let c = 0; c < 16; c++) void caller(c);
`,
    );
    const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.length > 60_000) child.kill('SIGKILL');
      });
      setTimeout(() => child.kill('SIGKILL'), 8000);
      child.on('exit', () => resolve());
    });
    const acked = out.split('\n').slice(0, -1); // the last piece may be a partly written line
    expect(acked.length).toBeGreaterThan(500);
    const store = make();
    await store.open();
    await store.waitIndexed();
    const dup = await store.query('SELECT id FROM events GROUP BY id HAVING count(*) > 1', []);
    expect(dup).toEqual([]);
    const present = new Set(await ids(store));
    const missing = acked.flatMap((key) => Array.from({ length: 10 }, (_, i) => `${key}:${i}`)).filter((id) => !present.has(id));
    expect(missing).toEqual([]);
  });
});
