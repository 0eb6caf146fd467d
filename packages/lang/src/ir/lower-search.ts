/**
 * Checked pipeline IR → search IR. Aggregate calls become `aggregate`/`sort`/`head`/`tail`/`table`
 * stages with their defaults; everything else stays a per-event stage. An aggregate anywhere else
 * (inside an expression, a case branch, a groupBy's function other than the aggregates) is an error
 * with the range of the stage that holds it.
 *
 * Time spans are resolved here, so the SQL and the evaluator bucket the same way: `span=auto` (the
 * default) divides the query's time range (the context) into `buckets` (LogScale's default, 127)
 * and rounds the quotient up to the next human span (1s, 5m, 1h, 1d, …); with no time range to
 * divide, the span is an hour.
 */
import { findFunction } from '../check/function-registry.js';
import type { ArgIR, BoundArgs, StageIR, ValueIR } from './script-ir.js';
import type { AggregateFn, SearchStageIR, SortOrder } from './search-ir.js';
import { BUCKET_FIELD } from './search-ir.js';
import { parseDuration } from '../time/parse-time.js';

/** LogScale's groupBy default limit. */
export const DEFAULT_GROUP_LIMIT = 20_000;
/** LogScale's bucket count for `span=auto` (its bucket() documentation: "divided into 127 buckets"). */
export const DEFAULT_BUCKETS = 127;
/** LogScale's bounds: buckets 1…1500, series limit default 10 and at most 500. */
export const MAX_BUCKETS = 1500;
export const DEFAULT_SERIES_LIMIT = 10;
export const MAX_SERIES_LIMIT = 500;
/** The span when there is no time range to divide (an open-ended search). */
export const FALLBACK_SPAN_MS = 3_600_000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Spans an automatic span rounds up to: each divides the next unit, so buckets start on the clock. */
const HUMAN_SPANS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 180 * DAY, 365 * DAY,
];

/** What lowering knows of the query: its time range (inclusive start, exclusive end, epoch ms). */
export interface LowerContext {
  readonly start?: number;
  readonly end?: number;
}

export class LowerError extends Error {}

const AGGREGATE_NAMES = 'count(), sum(), avg(), min(), max() or percentile()';

export function lowerSearchStage(stage: StageIR, context: LowerContext = {}): SearchStageIR {
  if (stage.kind !== 'call' || findFunction(stage.fn)?.output !== 'aggregate') {
    if (containsAggregate(stage)) throw new LowerError('Aggregate functions can only be pipeline stages of a search, or the function= of groupBy, timeChart, bucket and stats');
    return { kind: 'event', stage };
  }
  const args = stage.args;
  switch (stage.fn) {
    case 'count':
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
    case 'percentile':
      return ungrouped(unique(aggregateFns({ kind: 'call', fn: stage.fn, args })));
    case 'stats':
      return ungrouped(functions(args));
    case 'groupBy':
      return grouped(strings(args.field), functions(args), groupLimit(args.limit));
    case 'top':
      return {
        kind: 'aggregate',
        groupBy: strings(args.field),
        bucketSpan: null,
        functions: [{ kind: 'count', field: null, distinct: false, as: '_count' }],
        limit: number(args.limit, 10),
        byCountDesc: true,
        seriesLimit: null,
      };
    case 'timeChart':
    case 'bucket': {
      const series = stage.fn === 'timeChart' ? (args.series?.kind === 'string' ? [args.series.value] : []) : strings(args.field);
      const fns = functions(args);
      // The time bucket's own column: a series of that name would overwrite it, in either back end.
      if (series.includes(BUCKET_FIELD)) throw new LowerError(`${stage.fn}() names its time buckets ${BUCKET_FIELD}; group by a field of another name (rename it first)`);
      const clash = fns.find((fn) => fn.as === BUCKET_FIELD || series.includes(fn.as));
      if (clash !== undefined) throw new LowerError(`The aggregate output '${clash.as}' has the name of a grouping field; rename it with as=`);
      const seriesLimit = series.length === 0 ? null : bounded('limit', number(args.limit, DEFAULT_SERIES_LIMIT), MAX_SERIES_LIMIT);
      return { kind: 'aggregate', groupBy: series, bucketSpan: timeSpan(args, context), functions: fns, limit: null, byCountDesc: false, seriesLimit };
    }
    case 'sort': {
      const order: SortOrder = args.order?.kind === 'string' && args.order.value === 'asc' ? 'asc' : 'desc';
      const fields = strings(args.field);
      return { kind: 'sort', keys: (fields.length === 0 ? ['_count'] : fields).map((field) => ({ field, order })), limit: positive(number(args.limit, 200)) };
    }
    case 'head':
    case 'tail':
      return { kind: stage.fn, limit: positive(number(args.limit, 200)) };
    case 'table':
      return { kind: 'table', fields: strings(args.fields), limit: positive(number(args.limit, 200)) };
    default:
      throw new LowerError(`${stage.fn}() is not supported in searches yet`);
  }
}

function ungrouped(fns: AggregateFn[]): SearchStageIR {
  return { kind: 'aggregate', groupBy: [], bucketSpan: null, functions: fns, limit: null, byCountDesc: false, seriesLimit: null };
}

function grouped(groupBy: string[], fns: AggregateFn[], limit: number): SearchStageIR {
  const clash = fns.find((fn) => groupBy.includes(fn.as));
  if (clash !== undefined) throw new LowerError(`The aggregate output '${clash.as}' has the name of a grouping field; rename it with as=`);
  return { kind: 'aggregate', groupBy, bucketSpan: null, functions: fns, limit, byCountDesc: false, seriesLimit: null };
}

function functions(args: BoundArgs): AggregateFn[] {
  const fn = args.function;
  if (fn === undefined) return [{ kind: 'count', field: null, distinct: false, as: '_count' }];
  if (fn.kind !== 'values') throw new LowerError('function= takes aggregate calls');
  return unique(fn.values.flatMap((v) => (v.kind === 'call' && v.fn === 'stats' ? functions(v.args) : aggregateFns(v))));
}

function unique(fns: AggregateFn[]): AggregateFn[] {
  const names = new Set<string>();
  for (const a of fns) {
    if (names.has(a.as)) throw new LowerError(`Two aggregates write the field '${a.as}'; give one of them another name with as=`);
    names.add(a.as);
  }
  return fns;
}

/** One aggregate call → its outputs (percentile() has one per percentile). */
function aggregateFns(value: ValueIR): AggregateFn[] {
  if (value.kind !== 'call') throw new LowerError(`function= takes ${AGGREGATE_NAMES}`);
  const { args } = value;
  const field = args.field?.kind === 'string' ? args.field.value : '';
  const as = args.as?.kind === 'string' ? args.as.value : `_${value.fn}`;
  switch (value.fn) {
    case 'count':
      return [{ kind: 'count', field: args.field?.kind === 'string' ? args.field.value : null, distinct: args.distinct?.kind === 'boolean' && args.distinct.value, as }];
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
      return [{ kind: value.fn, field, as }];
    case 'percentile': {
      // LogScale names the outputs <as>_<p>: _50, _75, _99 by default.
      const prefix = args.as?.kind === 'string' ? args.as.value : '';
      return percentiles(args.percentiles).map((p) => ({ kind: 'percentile', field, percentile: p, as: `${prefix}_${String(p)}` }));
    }
    default:
      throw new LowerError(`${value.fn}() cannot be an aggregate function; use ${AGGREGATE_NAMES}`);
  }
}

function percentiles(arg: ArgIR | undefined): number[] {
  const texts = strings(arg);
  if (texts.length === 0) throw new LowerError('percentiles must list at least one percentile, such as [50, 95]');
  return texts.map((text) => {
    const p = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(p) || p < 0 || p > 100) throw new LowerError(`percentiles must be numbers from 0 to 100, got '${text}'`);
    return p;
  });
}

function strings(arg: ArgIR | undefined): string[] {
  return arg?.kind === 'strings' ? [...arg.values] : arg?.kind === 'string' ? [arg.value] : [];
}

function number(arg: ArgIR | undefined, fallback: number): number {
  return arg?.kind === 'number' ? arg.value : fallback;
}

function positive(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new LowerError(`limit must be a whole number of at least 1, got ${n}`);
  return n;
}

function bounded(name: string, n: number, max: number): number {
  if (!Number.isInteger(n) || n < 1 || n > max) throw new LowerError(`${name} must be a whole number from 1 to ${max}, got ${n}`);
  return n;
}

function groupLimit(arg: ArgIR | undefined): number {
  if (arg?.kind !== 'string') return DEFAULT_GROUP_LIMIT;
  if (arg.value.toLowerCase() === 'max') return DEFAULT_GROUP_LIMIT;
  const n = Number(arg.value);
  return positive(n);
}

/** The bucket span in ms: span= as given, else the time range over `buckets`, made human. */
function timeSpan(args: BoundArgs, context: LowerContext): number {
  const span = args.span?.kind === 'string' && args.span.value.trim().toLowerCase() !== 'auto' ? args.span.value : undefined;
  const buckets = args.buckets?.kind === 'number' ? bounded('buckets', args.buckets.value, MAX_BUCKETS) : undefined;
  if (span !== undefined) {
    if (buckets !== undefined) throw new LowerError('Give span= or buckets=, not both');
    const ms = parseDuration(span);
    if (ms === undefined) throw new LowerError(`span must be a duration such as 5m, 1h or 1d, got '${span}'`);
    return ms;
  }
  if (context.start === undefined || context.end === undefined) return FALLBACK_SPAN_MS;
  return humanSpan((context.end - context.start) / (buckets ?? DEFAULT_BUCKETS));
}

/** The smallest human span at least `ms` long (whole years past the table). */
export function humanSpan(ms: number): number {
  const found = HUMAN_SPANS.find((span) => span >= ms);
  if (found !== undefined) return found;
  const year = 365 * DAY;
  return Math.ceil(ms / year) * year;
}

/** True when an aggregate call sits anywhere inside the stage (the IR is plain data, so walk it). */
function containsAggregate(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) return node.some(containsAggregate);
  const record = node as Record<string, unknown>;
  if (record.kind === 'call' && typeof record.fn === 'string' && findFunction(record.fn)?.output === 'aggregate') return true;
  return Object.values(record).some(containsAggregate);
}
