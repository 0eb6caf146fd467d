import { describe, expect, it } from 'vitest';
import type { CommitRecord, StoredEvent } from '../events.js';
import { StoreBusyError } from '../store/types.js';
import { BufferedEventWriter } from './buffered-event-writer.js';

const event = (id: string): StoredEvent => ({
  id,
  timestamp: 1,
  timestampNanos: 0,
  ingestTimestamp: 1,
  rawstring: id,
  host: null,
  source: null,
  sourcetype: null,
  connector: 'c',
  repo: 'connection_errors',
  type: 'connection-error',
  connectionId: 'c',
  requestId: '',
  tags: {},
  fields: {},
});

function fakeStore(behaviour: () => Promise<void> = () => Promise.resolve()) {
  const commits: CommitRecord[] = [];
  return { commits, commit: (r: CommitRecord) => (commits.push(r), behaviour()) };
}

describe('BufferedEventWriter', () => {
  it('commits a flood in batches, one commit in flight at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const store = fakeStore(async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    });
    const writer = new BufferedEventWriter(store, { batchSize: 10, flushDelayMs: 1000 });
    for (let i = 0; i < 95; i++) writer.write(event(String(i)));
    await writer.flush();
    expect(store.commits.map((c) => c.events.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);
    expect(store.commits.flatMap((c) => c.events.map((e) => e.id))).toEqual(Array.from({ length: 95 }, (_, i) => String(i)));
    expect(maxInFlight).toBe(1);
    expect(writer.stats()).toMatchObject({ written: 95, pending: 0 });
  });

  it('commits a partial batch after the flush delay without being asked', async () => {
    const store = fakeStore();
    const writer = new BufferedEventWriter(store, { batchSize: 100, flushDelayMs: 10 });
    writer.write(event('a'));
    expect(store.commits).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 40));
    expect(store.commits).toHaveLength(1);
  });

  it('drops and counts the events of a commit the busy store refused, and keeps going', async () => {
    let busy = true;
    const store = fakeStore(() => (busy ? Promise.reject(new StoreBusyError(1)) : Promise.resolve()));
    const writer = new BufferedEventWriter(store, { batchSize: 2 });
    writer.write(event('a'));
    writer.write(event('b'));
    await writer.flush();
    busy = false;
    writer.write(event('c'));
    await writer.flush();
    expect(writer.stats()).toMatchObject({ written: 1, droppedBusy: 2, droppedFailed: 0, pending: 0 });
  });

  it('drops and counts writes beyond maxBuffered instead of growing', async () => {
    const store = fakeStore(() => new Promise((r) => setTimeout(r, 5)));
    const writer = new BufferedEventWriter(store, { batchSize: 5, maxBuffered: 5 });
    for (let i = 0; i < 20; i++) writer.write(event(String(i)));
    await writer.flush();
    const stats = writer.stats();
    expect(stats.droppedOverflow).toBeGreaterThan(0);
    expect(stats.written + stats.droppedOverflow).toBe(20);
  });

  it('counts other commit failures and drops writes after close', async () => {
    const store = fakeStore(() => Promise.reject(new Error('closed')));
    const writer = new BufferedEventWriter(store);
    writer.write(event('a'));
    await writer.close();
    writer.write(event('b'));
    expect(writer.stats()).toMatchObject({ written: 0, droppedFailed: 1, droppedOverflow: 1 });
  });
});
