/**
 * The search IR: a checked search pipeline as plain data, read by both back ends (SQL dialects and
 * the evaluator). Per-event stages keep the parser IR (StageIR); the stages that need many events
 * are lowered to their own kinds with every default filled in (time spans already resolved against
 * the query's time range, so both back ends bucket identically).
 *
 * Semantics every back end must implement:
 * - The event stream starts in ascending (@timestamp, @id) order; head(n) keeps the first n, tail(n)
 *   the last n, both keeping the order.
 * - sort: a value that parses as a number sorts numerically before any other; other values compare
 *   as strings; missing values come last, in both orders. Ties keep the incoming order (stable).
 * - aggregate: events lacking any group field are left out (LogScale); output rows come ordered by
 *   their group values (as strings, ascending), or for `top` by _count descending then group values.
 *   Numeric aggregates (sum/avg/min/max/percentile) read values that parse as numbers and ignore the
 *   others; with no such value the output field is missing. `_bucket` is floor(@timestamp / span) *
 *   span (UTC, aligned on the epoch).
 * - percentile: exact, by nearest rank. Of the n numeric values sorted ascending, the p-th percentile
 *   is the value at 1-based rank max(1, ceil(p / 100 * n)), with p / 100 computed once as a double
 *   and the product in double arithmetic; so it is always one of the input values. LogScale
 *   estimates percentiles (within `accuracy`); Hecate answers exactly, so both engines agree digit
 *   for digit.
 * - seriesLimit (timeChart/bucket `limit`, LogScale's "top N series"): each series (the group values
 *   other than `_bucket`) scores the largest numeric value any of its rows has in any aggregate
 *   output; the `seriesLimit` series with the highest scores are kept (a series with no numeric
 *   output scores lowest; ties go to the smaller series values as strings) and the rows of the other
 *   series are dropped, as in LogScale (which warns); nothing is folded into an "other" series.
 * - table: the first `limit` rows with only the listed fields; on an unordered event stream, the
 *   newest `limit` events, newest first (LogScale's default sort of table()).
 */
import type { StageIR } from './script-ir.js';

export type AggregateFn =
  | { readonly kind: 'count'; readonly field: string | null; readonly distinct: boolean; readonly as: string }
  | { readonly kind: 'sum' | 'avg' | 'min' | 'max'; readonly field: string; readonly as: string }
  /** One output of percentile(): `percentile` is p in 0…100. */
  | { readonly kind: 'percentile'; readonly field: string; readonly percentile: number; readonly as: string };

export type SortOrder = 'asc' | 'desc';

export interface SortKey {
  readonly field: string;
  readonly order: SortOrder;
}

export type SearchStageIR =
  /** A per-event stage: filters, assignments and every event function. */
  | { readonly kind: 'event'; readonly stage: StageIR }
  | {
      readonly kind: 'aggregate';
      readonly groupBy: readonly string[];
      /** Time bucketing into `_bucket`, in ms; the bucket is the first group value. */
      readonly bucketSpan: number | null;
      readonly functions: readonly AggregateFn[];
      /** Most groups kept (after ordering). */
      readonly limit: number | null;
      /** `top`: groups ordered by _count descending. */
      readonly byCountDesc: boolean;
      /** timeChart/bucket: most series kept, by their highest value (see above); null keeps all. */
      readonly seriesLimit: number | null;
    }
  | { readonly kind: 'sort'; readonly keys: readonly SortKey[]; readonly limit: number }
  | { readonly kind: 'head'; readonly limit: number }
  | { readonly kind: 'tail'; readonly limit: number }
  | { readonly kind: 'table'; readonly fields: readonly string[]; readonly limit: number };

export type SearchPipelineIR = readonly SearchStageIR[];

/** Whether the result is rows of an aggregate (or table) rather than events. */
export function isAggregatePipeline(pipeline: SearchPipelineIR): boolean {
  return pipeline.some((s) => s.kind === 'aggregate' || s.kind === 'table');
}

/** The field time bucketing writes: the bucket's start, epoch ms. */
export const BUCKET_FIELD = '_bucket';
