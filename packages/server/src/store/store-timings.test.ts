/**
 * The store's timing hooks (metrics histograms), against the compiled module like event-store.test.ts:
 * run `npx tsc -b packages/server` first when running it alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events.js';
import { createEventStore } from '../../dist/store/event-store.js';
import type { StoreTimings } from './store-options.js';

function event(id: string): StoredEvent {
  return {
    id, timestamp: 1_700_000_000_000, timestampNanos: 0, ingestTimestamp: Date.now(), rawstring: `line ${id}`,
    host: 'h', source: 's', sourcetype: 'st', connector: 'c', repo: 'main', type: 'kv', connectionId: 'cid',
    requestId: 'r', tags: {}, fields: {},
  };
}

describe('store timings', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hecate-timings-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports every sync, every successful commit and every indexed batch, set after open', async () => {
    const timings: StoreTimings = {};
    const store = createEventStore({ dataDir: dir, log: { warn: () => undefined }, timings });
    await store.open();
    const syncs: number[] = [];
    const commits: number[] = [];
    const batches: Array<[number, number]> = [];
    // Filled in after open, as server.ts does once its metrics exist.
    Object.assign(timings, {
      sync: (ms: number) => syncs.push(ms),
      commit: (ms: number) => commits.push(ms),
      index: (ms: number, events: number) => batches.push([ms, events]),
    } satisfies StoreTimings);
    try {
      await store.commit({ events: [event('a'), event('b')] });
      await Promise.all([store.commit({ events: [event('c')] }), store.commit({ events: [event('d')] })]);
      await store.waitIndexed();
      expect(commits).toHaveLength(3);
      expect(syncs).toHaveLength(store.stats().syncs);
      expect(syncs.length).toBeGreaterThanOrEqual(1);
      expect(batches.reduce((n, [, events]) => n + events, 0)).toBe(4);
      for (const ms of [...syncs, ...commits, ...batches.map(([m]) => m)]) expect(ms).toBeGreaterThanOrEqual(0);
      // A commit waits at least for its own sync.
      expect(Math.max(...commits)).toBeGreaterThanOrEqual(Math.min(...syncs));
    } finally {
      await store.close();
    }
  });
});
