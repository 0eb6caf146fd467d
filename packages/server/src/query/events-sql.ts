/**
 * The SQL of the events a query lists ("Show events"), for statements that wrap it: the histogram
 * counts them per time bucket, field statistics count their fields.
 *
 * @hecate/lang offers no "filter part as a WHERE clause": it compiles whole searches, ending in
 * `ORDER BY … LIMIT <last parameter>` (compileSearch for filters, planSearch for pipelines; the final
 * LIMIT is always the last value bound). So the compiled statement is used as a subquery with that
 * last value replaced: NULL (`LIMIT NULL` is no limit in DuckDB) for the histogram, the sample size for
 * field statistics. The shape is checked, not assumed; a change in lang fails loudly here. The
 * ORDER BY that stays costs the histogram ~4× on a cheap tag filter (12 → 47 ms over 2 M events) and
 * little on text searches (260 → 281 ms): lang should export the filter's WHERE clause and parameters
 * for a range (see the report of the query-jobs change).
 */
import { duckdbDialect } from '@hecate/lang';
import { ApiError } from '../api/api-error.js';
import { compileWithDefaultRepos, planWithDefaultRepos } from './default-repos.js';
import { isPipelineError, queryErrorToApi } from './query-errors.js';
import { SEARCH_SCHEMA } from './search-schema.js';

export type EventsSql =
  /**
   * One statement returning the events newest first with every column of the events table.
   * `plainEvents`: no stage changed fields (no assignment, select or drop), so the columns are the
   * events' fields as stored.
   */
  | { kind: 'sql'; sql: string; params: unknown[]; plainEvents: boolean }
  /** Some stage runs only in the evaluator (parseJson, case, …). */
  | { kind: 'evaluator' };

export interface EventsSqlRequest {
  query: string;
  /** Inclusive start and exclusive end, epoch ms. */
  start: number;
  end: number;
  /** Most events; null for all of them. */
  limit: number | null;
  canReadAudit: boolean;
  /** What wants the events, for the message when the query aggregates: "The histogram", "Field statistics". */
  purpose: string;
}

export function eventsSql(request: EventsSqlRequest): EventsSql {
  const access = { canReadAudit: request.canReadAudit };
  const range = { start: request.start, end: request.end };
  let compiled: { readonly sql: string; readonly params: readonly unknown[] };
  let plainEvents = true;
  try {
    compiled = compileWithDefaultRepos(request.query, SEARCH_SCHEMA, { ...range, limit: 1, now: request.end }, access);
  } catch (err) {
    if (!isPipelineError(err)) throw queryErrorToApi(err);
    let plan;
    try {
      plan = planWithDefaultRepos(request.query, SEARCH_SCHEMA, { ...range, limit: 1 }, access);
    } catch (planErr) {
      throw queryErrorToApi(planErr);
    }
    if (plan.isAggregate) {
      throw new ApiError('UNSUPPORTED_QUERY', `${request.purpose} is for queries that list events; this one aggregates. Remove the aggregate stages, or use timeChart() for counts over time`, 'query', {
        errorCode: 'AGGREGATE',
      });
    }
    if (plan.rest.length > 0) return { kind: 'evaluator' };
    compiled = plan.compiled;
    const { output } = plan.compiled;
    plainEvents = output.kind === 'events' && output.overrides.length === 0 && output.only === null;
  }
  return { kind: 'sql', sql: compiled.sql, params: withFinalLimit(compiled, request.limit), plainEvents };
}

/** The compiled parameters with the final LIMIT's value replaced. */
function withFinalLimit(compiled: { readonly sql: string; readonly params: readonly unknown[] }, limit: number | null): unknown[] {
  const last = compiled.params.length;
  if (last === 0 || !compiled.sql.endsWith(` LIMIT ${duckdbDialect.placeholder(last)}`)) {
    throw new Error('the compiled search does not end in LIMIT <last parameter>; events-sql.ts must follow @hecate/lang');
  }
  return [...compiled.params.slice(0, -1), limit];
}
