/**
 * One query job: what was asked, who asked, and the results of its runs so far, shown as the poll
 * answer (`GET /api/v1/queryjobs/:id`) in the shape of LogScale's query jobs API.
 *
 * A job runs once (static) or again and again over a sliding window (live). A run fills a JobRun as it
 * goes, so a poll shows partial results; a live job shows its last complete run while the next one
 * runs. The manager (query-job-manager.ts) owns the state changes; the runner (run-query-job.ts) fills
 * the runs.
 */
import type { ApiError } from '../api/api-error.js';
import type { QueryShape } from './search-service.js';

export interface QueryJobSpec {
  query: string;
  /** The range of a static job, epoch ms, end inclusive; a live job keeps its width and slides it to now. */
  start: number;
  end: number;
  isLive: boolean;
  /** Most events (or aggregate rows) kept. */
  limit: number;
  canReadAudit: boolean;
}

/** One execution of a job over one range. */
export class JobRun {
  /** Events newest first, or the aggregate's rows. */
  results: Record<string, unknown>[] = [];
  isAggregate = false;
  /** For aggregates, the rows' columns in order; for events they are read off the events. */
  rowFieldNames: string[] = [];
  processedEvents = 0;
  processedBytes = 0;
  totalWork = 1;
  workDone = 0;
  /** More events or rows matched than the limit kept. */
  truncated = false;
  /** Stopped at the job's time limit: the results are what was found until then. */
  timedOut = false;
  notes: string[] = [];
  finishedAt: number | undefined;

  constructor(
    /** Inclusive start and end of the searched range, epoch ms. */
    readonly start: number,
    readonly end: number,
    readonly startedAt: number,
  ) {}
}

export type JobState = 'queued' | 'running' | 'finished' | 'failed';

/** The poll answer. */
export interface QueryJobView {
  done: boolean;
  cancelled: boolean;
  events: Record<string, unknown>[];
  metaData: {
    eventCount: number;
    processedEvents: number;
    processedBytes: number;
    timeMillis: number;
    isAggregate: boolean;
    fieldNames: string[];
    totalWork: number;
    workDone: number;
    queryStart: number;
    queryEnd: number;
    isLive: boolean;
    resultBufferSize?: number;
    extraData?: { hasMoreEvents?: 'true'; note?: string };
  };
}

export class QueryJob {
  state: JobState = 'queued';
  /** The run in progress or the last one. */
  current: JobRun | undefined;
  /** The last run that finished (live jobs show it while the next one runs). */
  lastComplete: JobRun | undefined;
  error: ApiError | undefined;
  readonly controller = new AbortController();

  constructor(
    readonly id: string,
    /** The user who created it: nobody else sees it. */
    readonly owner: string,
    readonly spec: QueryJobSpec,
    readonly shape: QueryShape,
    public lastPolledAt: number,
  ) {}

  view(now: number): QueryJobView {
    const run = this.spec.isLive ? (this.lastComplete ?? this.current) : this.current;
    const results = run?.results ?? [];
    const isAggregate = this.shape.isAggregate;
    const notes = [...(run?.notes ?? [])];
    if (run?.truncated) {
      notes.push(
        isAggregate
          ? `more than ${this.spec.limit} rows; the first ${this.spec.limit} are shown`
          : `more than ${this.spec.limit} events matched; the newest ${this.spec.limit} are shown (narrow the query or the range, or raise limit)`,
      );
    }
    if (run?.timedOut) notes.push('the job reached its time limit; the results are those found until then');
    const extraData = { ...(run?.truncated ? { hasMoreEvents: 'true' as const } : {}), ...(notes.length > 0 ? { note: notes.join('; ') } : {}) };
    return {
      done: !this.spec.isLive && this.state === 'finished',
      cancelled: run?.timedOut === true,
      events: results,
      metaData: {
        eventCount: results.length,
        processedEvents: run?.processedEvents ?? 0,
        processedBytes: run?.processedBytes ?? 0,
        timeMillis: run === undefined ? 0 : Math.max(0, (run.finishedAt ?? now) - run.startedAt),
        isAggregate,
        fieldNames: isAggregate ? (run?.rowFieldNames ?? []) : fieldNamesOf(results),
        totalWork: run?.totalWork ?? 1,
        workDone: run?.workDone ?? 0,
        queryStart: run?.start ?? this.spec.start,
        queryEnd: run?.end ?? this.spec.end,
        isLive: this.spec.isLive,
        ...(isAggregate ? {} : { resultBufferSize: this.spec.limit }),
        ...(Object.keys(extraData).length > 0 ? { extraData } : {}),
      },
    };
  }
}

/** Every field seen, in the order first seen. */
function fieldNamesOf(events: readonly Record<string, unknown>[]): string[] {
  const names = new Set<string>();
  for (const event of events) for (const key of Object.keys(event)) names.add(key);
  return [...names];
}
