/**
 * Search v0: compiles a query to SQL for the event engine (via @hecate/lang), runs it with a time
 * limit, and returns events newest first.
 */
import { parseTime, QueryOptionError, QuerySyntaxError, type SearchSchema } from '@hecate/lang';
import { ApiError } from '../api/api-error.js';
import { EVENTS_TABLE, FIELD_COLUMNS, FIELDS_JSON_COLUMN, NUMERIC_COLUMNS, TAGS_JSON_COLUMN } from '../store/schema.js';
import { StoreQueryError, type EventStore } from '../store/types.js';
import { compileWithDefaultRepos } from './default-repos.js';
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

export interface SearchRequest {
  query: string;
  start?: string | number;
  end?: string | number;
  limit?: number;
  /** Whether the searcher may read the audit log (`#repo=audit`); default true (trusted callers). */
  canReadAudit?: boolean;
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

  async search(request: SearchRequest): Promise<SearchResult> {
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
      if (err instanceof QuerySyntaxError) {
        throw new ApiError('QUERY_SYNTAX', err.message, 'query', {
          errorCode: err.code,
          position: { start: err.start, end: err.end, line: err.line, column: err.column },
        });
      }
      if (err instanceof QueryOptionError) throw new ApiError('INVALID_FIELD', err.message, 'query', { errorCode: err.code });
      throw err;
    }
    let rows: Record<string, unknown>[];
    try {
      rows = await this.store.query(compiled.sql, compiled.params, { timeoutMs: this.timeoutMs, maxRows: limit + 1 });
    } catch (err) {
      if (err instanceof StoreQueryError && err.reason === 'timeout') {
        throw new ApiError('SEARCH_TIMEOUT', `the search took longer than ${this.timeoutMs} ms; narrow the time range or the query`);
      }
      throw err;
    }
    const truncated = rows.length > limit;
    const events = (truncated ? rows.slice(0, limit) : rows).map(rowToEvent);
    return {
      events,
      meta: { query: request.query, start, end, limit, eventCount: events.length, truncated, timeMillis: Math.round(performance.now() - started) },
    };
  }
}
