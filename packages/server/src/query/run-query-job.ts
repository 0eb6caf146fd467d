/**
 * Runs one query job over one range, filling its JobRun as it goes (a poll shows what is there).
 *
 * - Queries whose stages all work one event at a time (filters, assignments, parsers) search the
 *   range newest slice first (time-slices.ts) and stop once `limit` events are found: the first events
 *   arrive early, workDone/totalWork count the slices, and the result is exactly what
 *   `POST /api/v1/search` answers, because the newest `limit` events of the range are the newest of
 *   the newest slices. One more event than there is room for is asked of each slice, to know whether
 *   more matched.
 * - Aggregates and order-dependent pipelines (sort, head, tail, table) run in one search over the
 *   whole range: the same call /search makes, so the same answer; totalWork is 1.
 *
 * Every search runs with what is left of the job's time limit and the job's abort signal (DELETE
 * interrupts the engine query). Reaching the time limit ends the run with the results found so far
 * (`timedOut`); other errors reject.
 */
import { ApiError } from '../api/api-error.js';
import type { JobRun, QueryJob } from './query-job.js';
import type { ScannedStats } from './scanned-stats.js';
import type { PipelineResult, SearchRequest, SearchResult } from './search-service.js';
import { timeSlices } from './time-slices.js';

/** What a job needs of the search service. */
export interface JobSearch {
  search(request: SearchRequest): Promise<SearchResult | PipelineResult>;
  scanned(query: string, range: { start: number; end: number }, request: Pick<SearchRequest, 'canReadAudit' | 'signal' | 'timeoutMs'>): Promise<ScannedStats>;
}

export async function runQueryJob(search: JobSearch, job: QueryJob, run: JobRun, timeLimitMs: number): Promise<void> {
  const deadline = performance.now() + timeLimitMs;
  const limits = (): Pick<SearchRequest, 'canReadAudit' | 'signal' | 'timeoutMs'> => {
    const left = Math.floor(deadline - performance.now());
    if (left <= 0) throw new ApiError('SEARCH_TIMEOUT', 'the query job reached its time limit');
    return { canReadAudit: job.spec.canReadAudit, signal: job.controller.signal, timeoutMs: left };
  };
  run.isAggregate = job.shape.isAggregate;
  try {
    if (job.shape.sliceable && !job.shape.isAggregate) await runSliced(search, job, run, limits);
    else await runWhole(search, job, run, limits);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'SEARCH_TIMEOUT') {
      run.timedOut = true;
      return;
    }
    throw err;
  }
}

type Limits = () => Pick<SearchRequest, 'canReadAudit' | 'signal' | 'timeoutMs'>;

async function runSliced(search: JobSearch, job: QueryJob, run: JobRun, limits: Limits): Promise<void> {
  const { query, limit } = job.spec;
  const slices = timeSlices(run.start, run.end + 1);
  run.totalWork = Math.max(1, slices.length);
  for (const slice of slices) {
    const room = limit - run.results.length;
    // The job already walks the range newest first; the search of one slice is one statement.
    const answer = await search.search({ query, start: slice.start, end: slice.end - 1, limit: room + 1, newestFirst: false, ...limits() });
    await addScanned(search, job, run, slice, limits);
    const events = answer.events ?? [];
    run.results.push(...events.slice(0, room));
    noteOf(answer, run);
    run.workDone++;
    if (events.length > room) {
      run.truncated = true;
      run.workDone = run.totalWork;
      return;
    }
  }
  run.workDone = run.totalWork;
}

async function runWhole(search: JobSearch, job: QueryJob, run: JobRun, limits: Limits): Promise<void> {
  const { query, limit } = job.spec;
  const answer = await search.search({ query, start: run.start, end: run.end, limit, ...limits() });
  await addScanned(search, job, run, { start: run.start, end: run.end + 1 }, limits);
  if ('rows' in answer && answer.rows !== undefined) {
    run.results = answer.rows;
    run.rowFieldNames = answer.meta.fieldNames;
  } else {
    run.results = answer.events ?? [];
  }
  run.truncated = answer.meta.truncated;
  noteOf(answer, run);
  run.workDone = run.totalWork;
}

async function addScanned(search: JobSearch, job: QueryJob, run: JobRun, range: { start: number; end: number }, limits: Limits): Promise<void> {
  const scanned = await search.scanned(job.spec.query, range, limits());
  run.processedEvents += scanned.events;
  run.processedBytes += scanned.bytes;
}

function noteOf(answer: SearchResult | PipelineResult, run: JobRun): void {
  const note = 'note' in answer.meta ? answer.meta.note : undefined;
  if (note !== undefined && !run.notes.includes(note)) run.notes.push(note);
}
