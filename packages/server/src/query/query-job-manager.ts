/**
 * Query jobs of the whole server: who owns which, which run, which wait, which expire.
 *
 * Invariants:
 * - At most `maxRunning` runs execute at once; other jobs wait in FIFO order. A run's slot is freed
 *   only when its work has settled (after a cancel, once the engine query has actually stopped), so
 *   the bound holds for the engine, not just for the bookkeeping. Ingest never waits for a job: the
 *   engine runs queries on their own connections, and these slots bound how many.
 * - At most `maxStored` jobs exist (queued, running or finished and not yet expired), and their
 *   limits add up to at most `maxResultRows` (each job may hold that many events in memory); creating
 *   one more answers 429 TOO_MANY_QUERY_JOBS.
 * - A job is visible only to its owner; to anyone else it does not exist (404).
 * - A job not polled for `idleExpiryMs` is cancelled and forgotten, as LogScale does after 90 s.
 * - A live job never finishes: when polled at least `liveRerunMs` after its last run ended, it is
 *   queued to run again over the window slid to now.
 *
 * The clock is injected (tests drive expiry without waiting); the work is injected too (`execute`),
 * so the scheduling can be tested on its own.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../api/api-error.js';
import { JobRun, QueryJob } from './query-job.js';
import type { QueryJobSpec } from './query-job.js';
import type { QueryShape } from './search-service.js';

export const QUERY_JOB_LIMITS = Object.freeze({
  maxRunning: 4,
  maxStored: 100,
  /** Events (or rows) all stored jobs may hold together: bounds their memory (~100 MB at 1 KB an event). */
  maxResultRows: 100_000,
  /** LogScale forgets a job that was not polled for 90 s. */
  idleExpiryMs: 90_000,
  liveRerunMs: 2_000,
  /** A run's searches together get this long (twice a synchronous search's limit: slices add overhead). */
  timeLimitMs: 60_000,
});

/** Runs `job` over `run`'s range, filling `run`; must settle soon after `job.controller` aborts. */
export type ExecuteJob = (job: QueryJob, run: JobRun) => Promise<void>;

export interface QueryJobManagerOptions {
  execute: ExecuteJob;
  maxRunning?: number;
  maxStored?: number;
  maxResultRows?: number;
  idleExpiryMs?: number;
  liveRerunMs?: number;
  now?: () => number;
  /** How often expired jobs are swept; 0 for never (tests call sweep()). Default idleExpiryMs / 6. */
  sweepIntervalMs?: number;
  /** Told about a run that failed with something other than an API error (the job answers INTERNAL). */
  onError?: (err: unknown, job: QueryJob) => void;
}

export class QueryJobManager {
  private readonly jobs = new Map<string, QueryJob>();
  private readonly queue: QueryJob[] = [];
  private running = 0;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly maxRunning: number;
  private readonly maxStored: number;
  private readonly maxResultRows: number;
  private readonly idleExpiryMs: number;
  private readonly liveRerunMs: number;
  private readonly now: () => number;

  constructor(private readonly options: QueryJobManagerOptions) {
    this.maxRunning = options.maxRunning ?? QUERY_JOB_LIMITS.maxRunning;
    this.maxStored = options.maxStored ?? QUERY_JOB_LIMITS.maxStored;
    this.maxResultRows = options.maxResultRows ?? QUERY_JOB_LIMITS.maxResultRows;
    this.idleExpiryMs = options.idleExpiryMs ?? QUERY_JOB_LIMITS.idleExpiryMs;
    this.liveRerunMs = options.liveRerunMs ?? QUERY_JOB_LIMITS.liveRerunMs;
    this.now = options.now ?? Date.now;
    const every = options.sweepIntervalMs ?? Math.ceil(this.idleExpiryMs / 6);
    if (every > 0) {
      this.timer = setInterval(() => this.sweep(), every);
      this.timer.unref();
    }
  }

  /** Queues a new job; throws 429 TOO_MANY_QUERY_JOBS past `maxStored` jobs or `maxResultRows`. */
  create(owner: string, spec: QueryJobSpec, shape: QueryShape): QueryJob {
    const full = (): boolean => this.jobs.size >= this.maxStored || this.reservedRows() + spec.limit > this.maxResultRows;
    if (full()) this.sweep();
    if (full()) {
      const what = this.jobs.size >= this.maxStored ? `${this.maxStored} query jobs` : `query jobs holding up to ${this.maxResultRows} events between them`;
      throw new ApiError(
        'TOO_MANY_QUERY_JOBS',
        `the server holds ${what}, its limit; delete finished jobs (DELETE /api/v1/queryjobs/:id) or let unpolled ones expire (${this.idleExpiryMs / 1000} s)`,
      );
    }
    const job = new QueryJob(randomUUID(), owner, spec, shape, this.now());
    this.jobs.set(job.id, job);
    this.enqueue(job);
    return job;
  }

  /** The owner's job, marked as polled (a live job may start its next run). 404 for anyone else. */
  poll(owner: string, id: string): QueryJob {
    const job = this.find(owner, id);
    const now = this.now();
    job.lastPolledAt = now;
    const ended = job.current?.finishedAt;
    const idle = job.state === 'finished' || job.state === 'failed';
    if (job.spec.isLive && idle && ended !== undefined && now - ended >= this.liveRerunMs) this.enqueue(job);
    return job;
  }

  /** Cancels the owner's job (interrupting its engine query) and forgets it. */
  delete(owner: string, id: string): void {
    this.remove(this.find(owner, id));
  }

  /** Cancels and forgets jobs nobody polled for `idleExpiryMs`. */
  sweep(): void {
    const now = this.now();
    for (const job of this.jobs.values()) {
      if (now - job.lastPolledAt > this.idleExpiryMs) this.remove(job);
    }
  }

  stats(): { stored: number; running: number; queued: number } {
    return { stored: this.jobs.size, running: this.running, queued: this.queue.length };
  }

  /** Cancels every job (shutdown). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    for (const job of [...this.jobs.values()]) this.remove(job);
  }

  private reservedRows(): number {
    let rows = 0;
    for (const job of this.jobs.values()) rows += job.spec.limit;
    return rows;
  }

  private find(owner: string, id: string): QueryJob {
    const job = this.jobs.get(id);
    if (job === undefined || job.owner !== owner) throw new ApiError('NOT_FOUND', `no query job ${id}; jobs expire ${this.idleExpiryMs / 1000} s after their last poll`);
    return job;
  }

  private remove(job: QueryJob): void {
    this.jobs.delete(job.id);
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    job.controller.abort();
  }

  private enqueue(job: QueryJob): void {
    job.state = 'queued';
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.running < this.maxRunning) {
      const job = this.queue.shift();
      if (job === undefined) return;
      this.start(job);
    }
  }

  private start(job: QueryJob): void {
    this.running++;
    job.state = 'running';
    const { start, end } = this.rangeOf(job);
    const run = new JobRun(start, end, this.now());
    job.current = run;
    job.error = undefined;
    void this.options
      .execute(job, run)
      .then(
        () => {
          run.finishedAt = this.now();
          job.lastComplete = run;
          job.state = 'finished';
        },
        (err: unknown) => {
          run.finishedAt = this.now();
          job.state = 'failed';
          if (err instanceof ApiError) {
            job.error = err;
          } else {
            job.error = new ApiError('INTERNAL', 'the query job failed; the server log has the details');
            if (!job.controller.signal.aborted) this.options.onError?.(err, job);
          }
        },
      )
      .finally(() => {
        this.running--;
        this.pump();
      });
  }

  /** A static job searches its range; a live one the same width ending now. */
  private rangeOf(job: QueryJob): { start: number; end: number } {
    if (!job.spec.isLive) return { start: job.spec.start, end: job.spec.end };
    const end = this.now();
    return { start: end - (job.spec.end - job.spec.start), end };
  }
}
