/**
 * Search v0: compiles a query to SQL for the event engine (via @hecate/lang), runs it with a time
 * limit, and returns events newest first.
 */
import { finishSearch, parseTime, planSearch, QueryOptionError, QuerySyntaxError, type ResultRow, type SearchPlan, type SearchSchema } from '@hecate/lang';
import { ApiError } from '../api/api-error.js';
import { EVENTS_TABLE, FIELD_COLUMNS, FIELDS_JSON_COLUMN, NUMERIC_COLUMNS, TAGS_JSON_COLUMN } from '../store/schema.js';
import { StoreQueryError, type EventStore } from '../store/types.js';
import { compileWithDefaultRepos, withDefaultRepos } from './default-repos.js';
import { rowToEvent } from './row-to-event.js';

export const SEARCH_SCHEMA: SearchSchema = Object.freeze({
  table: EVENTS_TABLE,
  timeColumn: 'ts',
  idColumn: 'id',
  rawColumn: 'raw',
  columns: FIELD_COLUMNS,
  tagsJsonColumn: TAGS_JSON_COLUMN,
  fieldsJsonColumn: FIELDS_JSON_COLUMN,
  numericColumns: NUMERIC_COLUMNS,
});

export const DEFAULT_LIMIT = 200;
export const MAX_LIMIT = 10_000;
export const DEFAULT_START = '24h';
/** Rows streamed into the evaluator at most, for stages SQL cannot run (parseJson, case, …). */
export const PIPELINE_ROW_CAP = 50_000;

/** v0 refuses these; the query is then a pipeline for planSearch. */
const PIPELINE_CODES: ReadonlySet<string> = new Set(['PIPE_NOT_SUPPORTED', 'FUNCTION_NOT_SUPPORTED', 'UNSUPPORTED_OPERATOR']);

export interface SearchRequest {
  query: string;
  start?: string | number;
  end?: string | number;
  limit?: number;
  /** Whether the searcher may read the audit log (`#repo=audit`); default true (trusted callers). */
  canReadAudit?: boolean;
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
  };
}

function timeOf(value: string | number | undefined, fallback: string, now: number, field: string): number {
  try {
    return parseTime(value ?? fallback, now);
  } catch (err) {
    throw new ApiError('INVALID_TIME', `${field}: ${(err as Error).message}`, field);
  }
}

export class SearchService {
  constructor(
    private readonly store: EventStore,
    private readonly timeoutMs = 30_000,
  ) {}

  async search(request: SearchRequest): Promise<SearchResult | PipelineResult> {
    const started = performance.now();
    const now = Date.now();
    const start = timeOf(request.start, DEFAULT_START, now, 'start');
    const end = timeOf(request.end, 'now', now, 'end');
    if (end < start) throw new ApiError('INVALID_TIME', 'end must not be before start', 'end');
    const limit = request.limit ?? DEFAULT_LIMIT;
    let compiled: ReturnType<typeof compileWithDefaultRepos>;
    try {
      // One row more than asked tells whether the answer was cut; `end` is inclusive for users.
      compiled = compileWithDefaultRepos(
        request.query,
        SEARCH_SCHEMA,
        { start, end: end + 1, limit: limit + 1, now },
        { canReadAudit: request.canReadAudit ?? true },
      );
    } catch (err) {
      if (err instanceof QuerySyntaxError && PIPELINE_CODES.has(err.code)) return this.pipeline(request, start, end, limit, started);
      if (err instanceof QuerySyntaxError) {
        throw new ApiError('QUERY_SYNTAX', err.message, 'query', {
          errorCode: err.code,
          position: { start: err.start, end: err.end, line: err.line, column: err.column },
        });
      }
      if (err instanceof QueryOptionError) throw new ApiError('INVALID_FIELD', err.message, 'query', { errorCode: err.code });
      throw err;
    }
    const rows = await this.run(compiled.sql, compiled.params, limit + 1);
    const truncated = rows.length > limit;
    const events = (truncated ? rows.slice(0, limit) : rows).map(rowToEvent);
    return {
      events,
      meta: { query: request.query, start, end, limit, eventCount: events.length, truncated, timeMillis: Math.round(performance.now() - started) },
    };
  }

  /** A pipeline: SQL for the prefix it can run, the evaluator for the rest (bounded by PIPELINE_ROW_CAP). */
  private async pipeline(request: SearchRequest, start: number, end: number, limit: number, started: number): Promise<PipelineResult> {
    const options = { start, end: end + 1, limit, rowCap: PIPELINE_ROW_CAP };
    let plan: SearchPlan;
    try {
      // The user's text alone first, so errors point into what they wrote; then with the scoping.
      planSearch(request.query, SEARCH_SCHEMA, options);
      plan = planSearch(withDefaultRepos(request.query, { canReadAudit: request.canReadAudit ?? true }), SEARCH_SCHEMA, options);
    } catch (err) {
      if (err instanceof QuerySyntaxError) {
        throw new ApiError('QUERY_SYNTAX', err.message, 'query', {
          errorCode: err.code,
          position: { start: err.start, end: err.end, line: err.line, column: err.column },
        });
      }
      throw err;
    }
    const maxRows = plan.rest.length === 0 ? limit + 1 : PIPELINE_ROW_CAP + 1;
    const rows = await this.run(plan.compiled.sql, plan.compiled.params, maxRows);
    const outcome = finishSearch(plan, rows, SEARCH_SCHEMA);
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
      ...(outcome.rowCapReached
        ? { note: `Only the first ${PIPELINE_ROW_CAP} matching events went through the stages after the SQL-able prefix; narrow the time range or filter earlier for a complete answer` }
        : {}),
    };
    return plan.isAggregate ? { rows: outcome.results, meta } : { events: outcome.results.map(withNumericTimes), meta };
  }

  private async run(sql: string, params: readonly unknown[], maxRows: number): Promise<Record<string, unknown>[]> {
    try {
      return await this.store.query(sql, params, { timeoutMs: this.timeoutMs, maxRows });
    } catch (err) {
      if (err instanceof StoreQueryError && err.reason === 'timeout') {
        throw new ApiError('SEARCH_TIMEOUT', `the search took longer than ${this.timeoutMs} ms; narrow the time range or the query`);
      }
      throw err;
    }
  }
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
