/**
 * A query job's run against a real event store (DuckDB in its worker, loaded from the compiled
 * `dist/store/indexer-worker.js`: build first with `npx tsc -b packages/server`) through the real
 * SearchService. Between slices the test may hold the run (a gate in front of the service), to look at
 * its partial results or to cancel it; the searches themselves are the real ones.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events.js';
import { createEventStore } from '../store/event-store.js';
import type { EventStore } from '../store/types.js';
import { JobRun, QueryJob } from './query-job.js';
import type { QueryJobSpec } from './query-job.js';
import { runQueryJob } from './run-query-job.js';
import type { JobSearch } from './run-query-job.js';
import { SearchService } from './search-service.js';
import type { SearchRequest } from './search-service.js';

const WORKER = new URL('../../dist/store/indexer-worker.js', import.meta.url);
const MINUTE = 60_000;
/** The searched hour ends here; events sit at whole minutes before it. */
const END = Date.UTC(2025, 0, 1, 12, 0, 0);

let dir: string;
let store: EventStore;
let service: SearchService;

function event(minutesAgo: number, user: string, action: string): StoredEvent {
  const timestamp = END - minutesAgo * MINUTE;
  return {
    id: `e${String(1000 - minutesAgo).padStart(4, '0')}`,
    timestamp,
    timestampNanos: 0,
    ingestTimestamp: timestamp,
    rawstring: JSON.stringify({ user, action, minutesAgo }),
    host: 'h1',
    source: 'test',
    sourcetype: null,
    connector: 'fw',
    repo: 'main',
    type: 'json',
    connectionId: 'c1',
    requestId: 'r1',
    tags: {},
    fields: { user, action, minutesAgo: String(minutesAgo) },
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hecate-jobs-'));
  store = createEventStore({ dataDir: dir, workerUrl: WORKER, log: { warn: () => undefined } });
  await store.open();
  // 0.5, 2, 3, 10, 20, 30, 45 and 59 minutes before END: every one of the hour's four slices has some.
  const events = [0.5, 2, 3, 10, 20, 30, 45, 59].map((m, i) => event(m, i % 2 === 0 ? 'ann' : 'bob', i % 3 === 0 ? 'deny' : 'allow'));
  await store.commit({ events });
  await store.waitIndexed();
  service = new SearchService(store);
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

function jobFor(query: string, limit = 200): QueryJob {
  const spec: QueryJobSpec = { query, start: END - 60 * MINUTE, end: END - 1, isLive: false, limit, canReadAudit: true };
  return new QueryJob('j1', 'ann', spec, service.inspect(query), 0);
}

function runOf(job: QueryJob): JobRun {
  return new JobRun(job.spec.start, job.spec.end, 0);
}

/** The service, with every search after the first waiting until the test opens the gate; `firstDone` once the first slice is in. */
function gated(): { search: JobSearch; ranges: { start: number; end: number }[]; firstDone: Promise<void>; open(): void } {
  const ranges: { start: number; end: number }[] = [];
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let firstDone!: () => void;
  const first = new Promise<void>((resolve) => (firstDone = resolve));
  return {
    ranges,
    firstDone: first,
    open,
    search: {
      async search(request: SearchRequest) {
        ranges.push({ start: Number(request.start), end: Number(request.end) });
        if (ranges.length > 1) {
          // The first slice is fully accounted for once the second is asked for.
          firstDone();
          await gate;
        }
        return service.search(request);
      },
      scanned: (query, range, request) => service.scanned(query, range, request),
    },
  };
}

const sync = async (query: string, limit = 200): Promise<unknown> => {
  const answer = await service.search({ query, start: END - 60 * MINUTE, end: END - 1, limit });
  return 'rows' in answer && answer.rows !== undefined ? answer.rows : answer.events;
};

describe('runQueryJob', () => {
  it('searches the newest slice first and shows its events while older slices wait', async () => {
    const job = jobFor('#connector=fw');
    const run = runOf(job);
    const g = gated();
    const done = runQueryJob(g.search, job, run, 30_000);
    await g.firstDone;
    expect(run).toMatchObject({ totalWork: 4, workDone: 1 });
    expect(run.results.map((e) => e['minutesAgo'])).toEqual(['0.5']);
    expect(g.ranges[0]).toEqual({ start: END - MINUTE, end: END - 1 });
    g.open();
    await done;
    expect(run.workDone).toBe(4);
    expect(run.results.map((e) => e['minutesAgo'])).toEqual(['0.5', '2', '3', '10', '20', '30', '45', '59']);
    expect(run.processedEvents).toBe(8);
    expect(run.processedBytes).toBeGreaterThan(8 * 30);
  });

  it('stops at the limit, marks the run truncated, and skips the older slices', async () => {
    const job = jobFor('#connector=fw', 3);
    const run = runOf(job);
    const g = gated();
    g.open();
    await runQueryJob(g.search, job, run, 30_000);
    expect(run.results.map((e) => e['minutesAgo'])).toEqual(['0.5', '2', '3']);
    expect(run).toMatchObject({ truncated: true, workDone: 4, totalWork: 4 });
    // Slices of 1 and 4 minutes hold three events; the third slice is asked for one, to learn there are more.
    expect(g.ranges).toHaveLength(3);
  });

  it.each([
    ['a filter', '#connector=fw action=deny', 200],
    ['a filter cut by the limit', 'user=ann', 2],
    ['a pipeline through the evaluator', 'parseJson(prefix="p.") | p.user=bob', 200],
    ['an aggregate', 'groupBy(user, function=[count(), sum(minutesAgo), avg(minutesAgo)])', 200],
    ['head, which depends on the order of the whole range', 'head(2)', 200],
    ['sort', 'sort(minutesAgo, order=asc)', 200],
  ])('answers exactly what a synchronous search answers, for %s', async (_name, query, limit) => {
    const job = jobFor(query, limit);
    const run = runOf(job);
    await runQueryJob(service, job, run, 30_000);
    expect(run.results).toEqual(await sync(query, limit));
    expect(run.results.length).toBeGreaterThan(0);
    expect(run.workDone).toBe(run.totalWork);
  });

  it('runs an aggregate in one go over the whole range', async () => {
    const job = jobFor('count()');
    const run = runOf(job);
    await runQueryJob(service, job, run, 30_000);
    expect(run).toMatchObject({ totalWork: 1, workDone: 1, isAggregate: true, rowFieldNames: ['_count'], results: [{ _count: '8' }] });
  });

  it('stops at the time limit with the events found until then', async () => {
    const job = jobFor('#connector=fw');
    const run = runOf(job);
    const search: JobSearch = {
      search: (request) => service.search(request),
      // The second slice's count comes after the limit has passed.
      scanned: async (query, range, request) => {
        if (range.end < END) await new Promise((r) => setTimeout(r, 300));
        return service.scanned(query, range, request);
      },
    };
    await runQueryJob(search, job, run, 200);
    expect(run.timedOut).toBe(true);
    expect(run.results.map((e) => e['minutesAgo'])).toEqual(['0.5', '2', '3']);
  });

  it('stops with SEARCH_CANCELLED when the job is aborted between slices', async () => {
    const job = jobFor('#connector=fw');
    const run = runOf(job);
    const g = gated();
    const done = runQueryJob(g.search, job, run, 30_000);
    await g.firstDone;
    job.controller.abort();
    g.open();
    await expect(done).rejects.toMatchObject({ code: 'SEARCH_CANCELLED' });
    expect(run.workDone).toBe(1);
  });
});
