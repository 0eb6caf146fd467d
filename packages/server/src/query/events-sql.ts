/**
 * The SQL of the events a query lists ("Show events"), for statements that wrap it: the histogram
 * counts them per time bucket, field statistics count their fields.
 *
 * The language compiles it for us with the limit we need: `limit: null` gives every matching event
 * with no ORDER BY (a sort nobody reads cost the histogram ~4× on a cheap tag filter, 12 → 47 ms over
 * 2 M events), a number gives the newest that many. Filters go through compileSearch, pipelines of
 * SQL-able event stages through compilePipeline on the checked IR.
 */
import { compilePipeline } from '@hecate/lang';
import { ApiError } from '../api/api-error.js';
import { compileWithDefaultRepos, planWithDefaultRepos } from './default-repos.js';
import { isPipelineError, queryErrorToApi } from './query-errors.js';
import { SEARCH_SCHEMA } from './search-schema.js';

export type EventsSql =
  /**
   * One statement returning the events (newest first when limited) with every column of the events
   * table. `plainEvents`: no stage changed fields (no assignment, select or drop), so the columns are
   * the events' fields as stored.
   */
  | { kind: 'sql'; sql: string; params: readonly unknown[]; plainEvents: boolean }
  /** Some stage runs only in the evaluator (parseJson, case, …). */
  | { kind: 'evaluator' };

export interface EventsSqlRequest {
  query: string;
  /** Inclusive start and exclusive end, epoch ms. */
  start: number;
  end: number;
  /** Most events, newest first; null for all of them, in no particular order. */
  limit: number | null;
  canReadAudit: boolean;
  /** What wants the events, for the message when the query aggregates: "The histogram", "Field statistics". */
  purpose: string;
}

export function eventsSql(request: EventsSqlRequest): EventsSql {
  const access = { canReadAudit: request.canReadAudit };
  const range = { start: request.start, end: request.end };
  try {
    const compiled = compileWithDefaultRepos(request.query, SEARCH_SCHEMA, { ...range, limit: request.limit, now: request.end }, access);
    return { kind: 'sql', sql: compiled.sql, params: compiled.params, plainEvents: true };
  } catch (err) {
    if (!isPipelineError(err)) throw queryErrorToApi(err);
  }
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
  const compiled = compilePipeline(plan.ir, SEARCH_SCHEMA, { ...range, limit: request.limit });
  const { output } = compiled;
  const plainEvents = output.kind === 'events' && output.overrides.length === 0 && output.only === null;
  return { kind: 'sql', sql: compiled.sql, params: compiled.params, plainEvents };
}
