/**
 * Search: compiles a query to SQL for the event engine (via @hecate/lang), runs it with a time limit
 * and an optional abort signal, and returns events newest first, or aggregate rows. The histogram and
 * field statistics of a query (histogram.ts, field-stats.ts) are reached through this service too,
 * so every way of searching shares the same repository scoping and error answers.
 */
import { finishSearch, groupCutOf } from '@hecate/lang';
import type { ResultRow, SearchPlan, SearchPlanOptions } from '@hecate/lang';
import { ApiError } from '../api/api-error.js';
import { StoreQueryError } from '../store/types.js';
import type { EventStore } from '../store/types.js';
import { compileWithDefaultRepos, hiddenRepos, planWithDefaultRepos } from './default-repos.js';
import type { EventQuery } from './event-query.js';
import { fieldStatistics } from './field-stats.js';
import type { FieldStatsRequest, FieldStatsResult } from './field-stats.js';
import { searchHistogram } from './histogram.js';
import type { HistogramRequest, HistogramResult } from './histogram.js';
import { isPipelineError, queryErrorToApi } from './query-errors.js';
import { rowToEvent } from './row-to-event.js';
import { scannedStats } from './scanned-stats.js';
import type { ScannedStats } from './scanned-stats.js';
import { SEARCH_SCHEMA } from './search-schema.js';
import { resolveRange } from './time-range.js';
import { timeSlices } from './time-slices.js';

export { SEARCH_SCHEMA } from './search-schema.js';
export { DEFAULT_START } from './time-range.js';

export const DEFAULT_LIMIT = 200;
export const MAX_LIMIT = 10_000;
/** Rows streamed into the evaluator at most, for stages SQL cannot run (parseJson, case, …). */
export const PIPELINE_ROW_CAP = 50_000;

export interface SearchRequest {
  query: string;
  start?: string | number;
  end?: string | number;
  limit?: number;
  /** Whether the searcher may read the audit log (`#repo=audit`); default true (trusted callers). */
  canReadAudit?: boolean;
  /** Aborting interrupts the running engine query (a client that went away, a deleted query job). */
  signal?: AbortSignal;
  /** Overrides the service's time limit (query jobs pass what is left of theirs). */
  timeoutMs?: number;
  /**
   * Whether a search that lists events may walk its range newest slice first (default true). Query
   * jobs slice the range themselves and pass false.
   */
  newestFirst?: boolean;
}

/** What a query is, without running it: decides how a query job runs it. */
export interface QueryShape {
  isAggregate: boolean;
  /**
   * Every stage works on one event at a time (filters, assignments, parsers): the answer over a range
   * is the answers over its slices put together, so a job may search newest slices first.
   */
  sliceable: boolean;
}

/** A pipeline's answer: events, or aggregate rows with their field names. */
export interface PipelineResult {
  events?: Record<string, unknown>[];
  rows?: Record<string, string>[];
  meta: SearchResult['meta'] & {
    isAggregate: boolean;
    fieldNames: string[];
    /** Set when the evaluator saw only the first PIPELINE_ROW_CAP rows: the answer is partial. */
    note?: string;
  };
}

export interface SearchResult {
  events: Record<string, unknown>[];
  meta: {
    query: string;
    start: number;
    end: number;
    limit: number;
    eventCount: number;
    /** True when more events matched than `limit` allowed. */
    truncated: boolean;
    timeMillis: number;
    /** Why the answer is not everything the query matched; POST /api/v1/search adds the cut by `limit` (withCutNote). */
    note?: string;
  };
}

export class SearchService {
  constructor(
    private readonly store: EventStore,
    private readonly timeoutMs = 30_000,
  ) {}

  async search(request: SearchRequest): Promise<SearchResult | PipelineResult> {
    const started = performance.now();
    const now = Date.now();
    const { start, end } = resolveRange(request.start, request.end, now);
    const limit = request.limit ?? DEFAULT_LIMIT;
    const access = { canReadAudit: request.canReadAudit ?? true };
    // One row more than asked tells whether the answer was cut; `end` is inclusive for users.
    const compile = (range: { start: number; end: number }, rows: number) =>
      compileWithDefaultRepos(request.query, SEARCH_SCHEMA, { ...range, limit: rows, now }, access);
    let compiled: ReturnType<typeof compileWithDefaultRepos>;
    try {
      compiled = compile({ start, end: end + 1 }, limit + 1);
    } catch (err) {
      if (isPipelineError(err)) return this.pipeline(request, start, end, limit, started);
      throw queryErrorToApi(err);
    }
    const rows =
      request.newestFirst === false
        ? await this.run(compiled.sql, compiled.params, limit + 1, request)
        : await this.newestFirst(compile, { start, end: end + 1 }, limit + 1, request);
    const truncated = rows.length > limit;
    const events = (truncated ? rows.slice(0, limit) : rows).map(rowToEvent);
    return {
      events,
      meta: { query: request.query, start, end, limit, eventCount: events.length, truncated, timeMillis: Math.round(performance.now() - started) },
    };
  }

  /**
   * The newest `wanted` events of a filter-only search (or of a pipeline of per-event stages, all in
   * SQL), searching the range newest slice first (time-slices.ts) until enough are found. The engine's own top-N already skips row groups older
   * than the answer, but evaluates the filter on whole row groups (122,880 events, 1.7 hours of the
   * bench:search corpus): 200 events matching a common word in 7 days took 36–40 ms in one statement
   * and 19 ms from a first slice of 7 minutes. A rare word costs the same scan in up to MAX_SLICES
   * statements. Every slice shares the request's time limit.
   */
  private async newestFirst(
    compile: (range: { start: number; end: number }, rows: number) => { sql: string; params: readonly unknown[] },
    range: { start: number; end: number },
    wanted: number,
    request: SearchRequest,
  ): Promise<Record<string, unknown>[]> {
    const deadline = performance.now() + (request.timeoutMs ?? this.timeoutMs);
    const rows: Record<string, unknown>[] = [];
    for (const slice of timeSlices(range.start, range.end)) {
      const room = wanted - rows.length;
      const compiled = compile(slice, room);
      const timeoutMs = Math.max(1, Math.floor(deadline - performance.now()));
      rows.push(...(await this.run(compiled.sql, compiled.params, room, { ...request, timeoutMs })));
      if (rows.length >= wanted) break;
    }
    return rows;
  }

  /** Checks a query (400 with its position when malformed) and tells what kind it is. */
  inspect(query: string, canReadAudit = true): QueryShape {
    try {
      compileWithDefaultRepos(query, SEARCH_SCHEMA, { start: 0, end: 1, limit: 1, now: 0 }, { canReadAudit });
      return { isAggregate: false, sliceable: true };
    } catch (err) {
      if (!isPipelineError(err)) throw queryErrorToApi(err);
    }
    const plan = this.plan(query, canReadAudit, { start: 0, end: 1, limit: 1, rowCap: PIPELINE_ROW_CAP });
    return { isAggregate: plan.isAggregate, sliceable: plan.ir.every((stage) => stage.kind === 'event') };
  }

  /** Counts of matching events per time bucket (histogram.ts). */
  histogram(request: HistogramRequest): Promise<HistogramResult> {
    return searchHistogram(this.engine(request), request);
  }

  /** Field names, counts and top values of the newest matching events (field-stats.ts). */
  fieldStats(request: FieldStatsRequest): Promise<FieldStatsResult> {
    return fieldStatistics(this.engine(request), request, (eventsRequest) => this.search(eventsRequest));
  }

  /** Events, times and cost of the events scanned in a range (query jobs' processedEvents). */
  scanned(query: string, range: { start: number; end: number }, request: Pick<SearchRequest, 'canReadAudit' | 'signal' | 'timeoutMs'>): Promise<ScannedStats> {
    return scannedStats(this.engine(request), hiddenRepos(query, { canReadAudit: request.canReadAudit ?? true }), range);
  }

  /** The store as the histogram and field statistics see it: one query with this request's limits. */
  private engine(request: Pick<SearchRequest, 'signal' | 'timeoutMs'>): EventQuery {
    return (sql, params, maxRows) => this.run(sql, params, maxRows, request);
  }

  /** A pipeline: SQL for the prefix it can run, the evaluator for the rest (bounded by PIPELINE_ROW_CAP). */
  private async pipeline(request: SearchRequest, start: number, end: number, limit: number, started: number): Promise<PipelineResult> {
    const canReadAudit = request.canReadAudit ?? true;
    const plan = this.plan(request.query, canReadAudit, { start, end: end + 1, limit, rowCap: PIPELINE_ROW_CAP });
    const maxRows = plan.rest.length === 0 ? limit + 1 : PIPELINE_ROW_CAP + 1;
    // Per-event stages all in SQL list events newest first, like a filter: walk the range the same way.
    // (The plan's statement fetches its `limit` + 1 rows: a slice with room for n rows plans limit n - 1.)
    const eventsOnly = plan.rest.length === 0 && plan.ir.every((stage) => stage.kind === 'event');
    const rows =
      eventsOnly && request.newestFirst !== false
        ? await this.newestFirst(
            (range, room) => this.plan(request.query, canReadAudit, { ...range, limit: room - 1, rowCap: PIPELINE_ROW_CAP }).compiled,
            { start, end: end + 1 },
            maxRows,
            request,
          )
        : await this.run(plan.compiled.sql, plan.compiled.params, maxRows, request);
    const outcome = finishSearch(plan, rows, SEARCH_SCHEMA);
    const groupCut = await groupCutOf(plan, outcome, (sql, params, maxRows) => this.run(sql, params, maxRows, request));
    const notes = [
      outcome.rowCapReached
        ? `Only the first ${PIPELINE_ROW_CAP} matching events went through the stages after the SQL-able prefix; narrow the time range or filter earlier for a complete answer`
        : undefined,
      groupCut === null
        ? undefined
        : `groupBy() found more groups than its limit of ${groupCut} and kept the first ${groupCut} by group value, so later stages saw only those (raise groupBy's limit=, or filter first)`,
    ].filter((n) => n !== undefined);
    const meta = {
      query: request.query,
      start,
      end,
      limit,
      eventCount: outcome.results.length,
      truncated: outcome.truncated,
      timeMillis: Math.round(performance.now() - started),
      isAggregate: plan.isAggregate,
      fieldNames: outcome.fieldNames,
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    };
    return plan.isAggregate ? { rows: outcome.results, meta } : { events: outcome.results.map(withNumericTimes), meta };
  }

  private plan(query: string, canReadAudit: boolean, options: SearchPlanOptions): SearchPlan {
    try {
      return planWithDefaultRepos(query, SEARCH_SCHEMA, options, { canReadAudit });
    } catch (err) {
      throw queryErrorToApi(err);
    }
  }

  private async run(sql: string, params: readonly unknown[], maxRows: number, request: Pick<SearchRequest, 'signal' | 'timeoutMs'>): Promise<Record<string, unknown>[]> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    try {
      return await this.store.query(sql, params, { timeoutMs, maxRows, ...(request.signal === undefined ? {} : { signal: request.signal }) });
    } catch (err) {
      if (err instanceof StoreQueryError && err.reason === 'timeout') {
        throw new ApiError('SEARCH_TIMEOUT', `the search took longer than ${timeoutMs} ms; narrow the time range or the query`);
      }
      if (err instanceof StoreQueryError && err.reason === 'cancelled') throw new ApiError('SEARCH_CANCELLED', 'the search was cancelled');
      throw err;
    }
  }
}

/**
 * The answer of `POST /api/v1/search` with a note when `limit` cut it, after the notes the search made
 * (groupBy's limit, the evaluator's row cap). Not done by search() itself: query jobs search a range
 * slice by slice with limits of their own and word their cut for the whole job (query-job.ts).
 */
export function withCutNote<R extends SearchResult | PipelineResult>(result: R): R {
  if (!result.meta.truncated) return result;
  const { limit } = result.meta;
  const cut =
    'rows' in result && result.rows !== undefined
      ? `More than ${limit} rows; the first ${limit} are shown (raise limit, up to ${MAX_LIMIT})`
      : `More than ${limit} events matched; the newest ${limit} are shown (narrow the query or the time range, or raise limit, up to ${MAX_LIMIT})`;
  const before = 'note' in result.meta ? result.meta.note : undefined;
  return { ...result, meta: { ...result.meta, note: before === undefined ? cut : `${before}; ${cut}` } };
}

/** Events of filter-only searches carry times as numbers; pipeline events do the same. */
function withNumericTimes(event: ResultRow): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event };
  for (const key of ['@timestamp', '@ingesttimestamp', '@timestamp.nanos']) {
    const v = event[key];
    if (v !== undefined && /^-?\d+$/.test(v)) out[key] = Number(v);
  }
  return out;
}
