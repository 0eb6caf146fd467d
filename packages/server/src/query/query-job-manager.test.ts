/**
 * The job manager's scheduling on its own: the work is a controllable function (each run waits for the
 * test to finish it, and settles when its job is aborted, as the engine does), and the clock is
 * injected, so expiry and live re-runs are tested without waiting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.js';
import type { JobRun, QueryJob, QueryJobSpec } from './query-job.js';
import { QueryJobManager } from './query-job-manager.js';
import type { QueryJobManagerOptions } from './query-job-manager.js';

interface Started {
  job: QueryJob;
  run: JobRun;
  finish(fill?: (run: JobRun) => void): Promise<void>;
  fail(err: unknown): Promise<void>;
}

const SPEC: QueryJobSpec = { query: 'error', start: 1_000, end: 60_999, isLive: false, limit: 200, canReadAudit: true };
const FILTER = { isAggregate: false, sliceable: true };

function setup(options: Partial<QueryJobManagerOptions> = {}) {
  let clock = 1_000_000;
  const started: Started[] = [];
  const errors: unknown[] = [];
  const manager = new QueryJobManager({
    sweepIntervalMs: 0,
    now: () => clock,
    onError: (err) => errors.push(err),
    execute: (job, run) =>
      new Promise<void>((resolve, reject) => {
        // Like the engine: an aborted job's work stops with an error.
        job.controller.signal.addEventListener('abort', () => reject(new ApiError('SEARCH_CANCELLED', 'cancelled')), { once: true });
        const settled = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
        started.push({
          job,
          run,
          finish: (fill) => {
            fill?.(run);
            resolve();
            return settled();
          },
          fail: (err) => {
            reject(err);
            return settled();
          },
        });
      }),
    ...options,
  });
  return {
    manager,
    started,
    errors,
    advance: (ms: number) => (clock += ms),
    now: () => clock,
  };
}

let open: QueryJobManager | undefined;
afterEach(() => open?.close());

describe('QueryJobManager', () => {
  it('runs a job, shows its partial results while it runs, and its final results once done', async () => {
    const t = setup();
    open = t.manager;
    const job = t.manager.create('ann', SPEC, FILTER);
    expect(t.started).toHaveLength(1);
    const { run, finish } = t.started[0]!;
    run.totalWork = 4;
    run.workDone = 1;
    run.results.push({ '@timestamp': 60_000, '@rawstring': 'newest error' });
    t.advance(25);
    const partial = t.manager.poll('ann', job.id).view(t.now());
    expect(partial).toMatchObject({ done: false, cancelled: false, events: [{ '@rawstring': 'newest error' }] });
    expect(partial.metaData).toMatchObject({ workDone: 1, totalWork: 4, eventCount: 1, timeMillis: 25, isAggregate: false, fieldNames: ['@timestamp', '@rawstring'] });

    await finish((r) => {
      r.results.push({ '@timestamp': 2_000, '@rawstring': 'older error' });
      r.workDone = 4;
    });
    const done = t.manager.poll('ann', job.id).view(t.now());
    expect(done.done).toBe(true);
    expect(done.metaData).toMatchObject({ eventCount: 2, workDone: 4, totalWork: 4, queryStart: 1_000, queryEnd: 60_999, resultBufferSize: 200 });
    expect(done.metaData.extraData).toBeUndefined();
  });

  it('says in extraData when more events matched than the limit kept', async () => {
    const t = setup();
    open = t.manager;
    const job = t.manager.create('ann', { ...SPEC, limit: 1 }, FILTER);
    await t.started[0]!.finish((r) => {
      r.results.push({ '@rawstring': 'x' });
      r.truncated = true;
    });
    const { metaData } = t.manager.poll('ann', job.id).view(t.now());
    expect(metaData.extraData).toEqual({ hasMoreEvents: 'true', note: expect.stringContaining('more than 1 events matched') as unknown });
  });

  it('shows a job only to its owner', () => {
    const t = setup();
    open = t.manager;
    const job = t.manager.create('ann', SPEC, FILTER);
    expect(() => t.manager.poll('bob', job.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => t.manager.delete('bob', job.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(t.manager.poll('ann', job.id).id).toBe(job.id);
  });

  it('cancels a running job on delete: its work is aborted, its slot freed, and it is gone', async () => {
    const t = setup({ maxRunning: 1 });
    open = t.manager;
    const first = t.manager.create('ann', SPEC, FILTER);
    const second = t.manager.create('ann', SPEC, FILTER);
    expect(t.manager.stats()).toEqual({ stored: 2, running: 1, queued: 1 });
    t.manager.delete('ann', first.id);
    expect(first.controller.signal.aborted).toBe(true);
    expect(() => t.manager.poll('ann', first.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(t.started.map((s) => s.job.id)).toEqual([first.id, second.id]);
    expect(t.manager.stats()).toEqual({ stored: 1, running: 1, queued: 0 });
    expect(t.errors).toEqual([]);
  });

  it('deletes a queued job without ever running it', () => {
    const t = setup({ maxRunning: 1 });
    open = t.manager;
    t.manager.create('ann', SPEC, FILTER);
    const queued = t.manager.create('ann', SPEC, FILTER);
    t.manager.delete('ann', queued.id);
    expect(t.manager.stats()).toEqual({ stored: 1, running: 1, queued: 0 });
    expect(t.started.map((s) => s.job.id)).not.toContain(queued.id);
  });

  it('runs at most maxRunning jobs at once and starts queued ones in order as slots free', async () => {
    const t = setup({ maxRunning: 2 });
    open = t.manager;
    const jobs = [1, 2, 3, 4].map(() => t.manager.create('ann', SPEC, FILTER));
    expect(t.started.map((s) => s.job.id)).toEqual([jobs[0]!.id, jobs[1]!.id]);
    expect(t.manager.poll('ann', jobs[2]!.id).state).toBe('queued');
    expect(t.manager.poll('ann', jobs[2]!.id).view(t.now()).done).toBe(false);
    await t.started[1]!.finish();
    expect(t.started.map((s) => s.job.id)).toEqual([jobs[0]!.id, jobs[1]!.id, jobs[2]!.id]);
    expect(t.manager.stats()).toEqual({ stored: 4, running: 2, queued: 1 });
  });

  it('refuses a job past maxStored with 429 TOO_MANY_QUERY_JOBS, and accepts again once one is deleted', () => {
    const t = setup({ maxStored: 3 });
    open = t.manager;
    const jobs = [1, 2, 3].map(() => t.manager.create('ann', SPEC, FILTER));
    let refused: unknown;
    try {
      t.manager.create('bob', SPEC, FILTER);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'TOO_MANY_QUERY_JOBS', status: 429 });
    t.manager.delete('ann', jobs[0]!.id);
    expect(t.manager.create('bob', SPEC, FILTER).owner).toBe('bob');
  });

  it('refuses a job whose limit would take the stored jobs past maxResultRows', () => {
    const t = setup({ maxResultRows: 1_000 });
    open = t.manager;
    t.manager.create('ann', { ...SPEC, limit: 600 }, FILTER);
    expect(() => t.manager.create('ann', { ...SPEC, limit: 401 }, FILTER)).toThrow(expect.objectContaining({ code: 'TOO_MANY_QUERY_JOBS' }));
    expect(t.manager.create('ann', { ...SPEC, limit: 400 }, FILTER).spec.limit).toBe(400);
  });

  it('forgets a job not polled for idleExpiryMs, cancelling it, and keeps one that is polled', () => {
    const t = setup({ idleExpiryMs: 90_000 });
    open = t.manager;
    const idle = t.manager.create('ann', SPEC, FILTER);
    const polled = t.manager.create('ann', SPEC, FILTER);
    t.advance(60_000);
    t.manager.poll('ann', polled.id);
    t.advance(30_001);
    t.manager.sweep();
    expect(() => t.manager.poll('ann', idle.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(idle.controller.signal.aborted).toBe(true);
    expect(t.manager.poll('ann', polled.id).id).toBe(polled.id);
  });

  it('makes room for a new job by sweeping expired ones first', () => {
    const t = setup({ maxStored: 1, idleExpiryMs: 1_000 });
    open = t.manager;
    t.manager.create('ann', SPEC, FILTER);
    t.advance(1_001);
    expect(() => t.manager.create('ann', SPEC, FILTER)).not.toThrow();
    expect(t.manager.stats().stored).toBe(1);
  });

  it('answers a failed job with its API error, and reports other failures as INTERNAL', async () => {
    const t = setup();
    open = t.manager;
    const timedOut = t.manager.create('ann', SPEC, FILTER);
    await t.started[0]!.fail(new ApiError('SEARCH_TIMEOUT', 'too slow'));
    expect(t.manager.poll('ann', timedOut.id)).toMatchObject({ state: 'failed', error: { code: 'SEARCH_TIMEOUT' } });
    const broken = t.manager.create('ann', SPEC, FILTER);
    await t.started[1]!.fail(new Error('disk on fire'));
    expect(t.manager.poll('ann', broken.id)).toMatchObject({ state: 'failed', error: { code: 'INTERNAL' } });
    expect(t.errors).toEqual([new Error('disk on fire')]);
  });

  it('runs a live job again over the window slid to now when polled after liveRerunMs, and never calls it done', async () => {
    const t = setup({ liveRerunMs: 2_000 });
    open = t.manager;
    const live = t.manager.create('ann', { ...SPEC, start: 0, end: 60_000, isLive: true }, FILTER);
    const first = t.started[0]!;
    expect(first.run.end - first.run.start).toBe(60_000);
    expect(first.run.end).toBe(t.now());
    await first.finish((r) => r.results.push({ '@rawstring': 'first run' }));
    expect(t.manager.poll('ann', live.id).view(t.now())).toMatchObject({ done: false, events: [{ '@rawstring': 'first run' }] });
    expect(t.started).toHaveLength(1);

    t.advance(2_000);
    t.manager.poll('ann', live.id);
    expect(t.started).toHaveLength(2);
    const second = t.started[1]!;
    expect(second.run.end).toBe(t.now());
    expect(second.run.end - second.run.start).toBe(60_000);
    // While the next run goes, the last complete one is shown.
    second.run.results.push({ '@rawstring': 'half of the second run' });
    expect(t.manager.poll('ann', live.id).view(t.now()).events).toEqual([{ '@rawstring': 'first run' }]);
    await second.finish();
    expect(t.manager.poll('ann', live.id).view(t.now())).toMatchObject({ done: false, events: [{ '@rawstring': 'half of the second run' }] });
  });

  it('marks a run stopped at the time limit as cancelled, with the results found until then', async () => {
    const t = setup();
    open = t.manager;
    const job = t.manager.create('ann', SPEC, FILTER);
    await t.started[0]!.finish((r) => {
      r.results.push({ '@rawstring': 'found in time' });
      r.timedOut = true;
    });
    const view = t.manager.poll('ann', job.id).view(t.now());
    expect(view).toMatchObject({ done: true, cancelled: true, events: [{ '@rawstring': 'found in time' }] });
    expect(view.metaData.extraData?.note).toContain('time limit');
  });

  it('cancels every job on close, and frees the running slot once the work has stopped', async () => {
    const t = setup({ maxRunning: 1 });
    const jobs = [1, 2].map(() => t.manager.create('ann', SPEC, FILTER));
    t.manager.close();
    expect(jobs.every((j) => j.controller.signal.aborted)).toBe(true);
    expect(t.manager.stats()).toEqual({ stored: 0, running: 1, queued: 0 });
    await new Promise((r) => setTimeout(r, 0));
    expect(t.manager.stats()).toEqual({ stored: 0, running: 0, queued: 0 });
    expect(t.started).toHaveLength(1);
  });
});
