/**
 * The search IR: a checked search pipeline as plain data, read by both back ends (SQL dialects and
 * the evaluator). Per-event stages keep the parser IR (StageIR); the stages that need many events
 * are lowered to their own kinds with every default filled in.
 *
 * Semantics every back end must implement:
 * - The event stream starts in ascending (@timestamp, @id) order; head(n) keeps the first n, tail(n)
 *   the last n, both keeping the order.
 * - sort: a value that parses as a number sorts numerically before any other; other values compare
 *   as strings; missing values come last, in both orders. Ties keep the incoming order (stable).
 * - aggregate: events lacking any group field are left out (LogScale); output rows come ordered by
 *   their group values (as strings, ascending), or for `top` by _count descending then group values.
 *   Numeric aggregates (sum/avg/min/max) read values that parse as numbers and ignore the others; with
 *   no such value the output field is missing. `_bucket` is floor(@timestamp / span) * span.
 * - table: the first `limit` rows with only the listed fields; on an unordered event stream, the
 *   newest `limit` events, newest first (LogScale's default sort of table()).
 */
import type { StageIR } from './script-ir.js';

export type AggregateFn =
  | { readonly kind: 'count'; readonly field: string | null; readonly distinct: boolean; readonly as: string }
  | { readonly kind: 'sum' | 'avg' | 'min' | 'max'; readonly field: string; readonly as: string };

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

/** The field names of an aggregate result, in column order, when the last shaping stage fixes them. */
export const BUCKET_FIELD = '_bucket';
