/**
 * Checked pipeline IR → search IR. Aggregate calls become `aggregate`/`sort`/`head`/`tail`/`table`
 * stages with their defaults; everything else stays a per-event stage. An aggregate anywhere else
 * (inside an expression, a case branch, a groupBy's function other than the five aggregates) is an
 * error with the range of the stage that holds it.
 */
import { findFunction } from '../check/function-registry.js';
import type { ArgIR, BoundArgs, StageIR, ValueIR } from './script-ir.js';
import type { AggregateFn, SearchStageIR, SortOrder } from './search-ir.js';
import { parseDuration } from '../time/parse-time.js';

/** LogScale's groupBy default limit. */
export const DEFAULT_GROUP_LIMIT = 20_000;

export class LowerError extends Error {}

export function lowerSearchStage(stage: StageIR): SearchStageIR {
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
      return { kind: 'aggregate', groupBy: [], bucketSpan: null, functions: [aggregateFn({ kind: 'call', fn: stage.fn, args })], limit: null, byCountDesc: false };
    case 'stats':
      return { kind: 'aggregate', groupBy: [], bucketSpan: null, functions: functions(args), limit: null, byCountDesc: false };
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
      };
    case 'timeChart':
    case 'bucket': {
      const series = args.series?.kind === 'string' ? [args.series.value] : [];
      return { kind: 'aggregate', groupBy: series, bucketSpan: span(args.span), functions: functions(args), limit: null, byCountDesc: false };
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

function grouped(groupBy: string[], fns: AggregateFn[], limit: number): SearchStageIR {
  const clash = fns.find((fn) => groupBy.includes(fn.as));
  if (clash !== undefined) throw new LowerError(`The aggregate output '${clash.as}' has the name of a grouping field; rename it with as=`);
  return { kind: 'aggregate', groupBy, bucketSpan: null, functions: fns, limit, byCountDesc: false };
}

function functions(args: BoundArgs): AggregateFn[] {
  const fn = args.function;
  if (fn === undefined) return [{ kind: 'count', field: null, distinct: false, as: '_count' }];
  if (fn.kind !== 'values') throw new LowerError('function= takes aggregate calls');
  const out = fn.values.flatMap((v) => (v.kind === 'call' && v.fn === 'stats' ? functions(v.args) : [aggregateFn(v)]));
  const names = new Set<string>();
  for (const a of out) {
    if (names.has(a.as)) throw new LowerError(`Two aggregates write the field '${a.as}'; give one of them another name with as=`);
    names.add(a.as);
  }
  return out;
}

function aggregateFn(value: ValueIR): AggregateFn {
  if (value.kind !== 'call') throw new LowerError('function= takes count(), sum(), avg(), min() or max()');
  const { args } = value;
  const as = args.as?.kind === 'string' ? args.as.value : `_${value.fn}`;
  switch (value.fn) {
    case 'count':
      return { kind: 'count', field: args.field?.kind === 'string' ? args.field.value : null, distinct: args.distinct?.kind === 'boolean' && args.distinct.value, as };
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
      return { kind: value.fn, field: args.field?.kind === 'string' ? args.field.value : '', as };
    default:
      throw new LowerError(`${value.fn}() cannot be an aggregate function; use count(), sum(), avg(), min() or max()`);
  }
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

function groupLimit(arg: ArgIR | undefined): number {
  if (arg?.kind !== 'string') return DEFAULT_GROUP_LIMIT;
  if (arg.value.toLowerCase() === 'max') return DEFAULT_GROUP_LIMIT;
  const n = Number(arg.value);
  return positive(n);
}

function span(arg: ArgIR | undefined): number {
  // timeChart's `span=auto` needs the query's time range; until then an hour is the default.
  if (arg?.kind !== 'string' || arg.value.toLowerCase() === 'auto') return 3_600_000;
  const ms = parseDuration(arg.value);
  if (ms === undefined) throw new LowerError(`span must be a duration such as 5m, 1h or 1d, got '${arg.value}'`);
  return ms;
}

/** True when an aggregate call sits anywhere inside the stage (the IR is plain data, so walk it). */
function containsAggregate(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) return node.some(containsAggregate);
  const record = node as Record<string, unknown>;
  if (record.kind === 'call' && typeof record.fn === 'string' && findFunction(record.fn)?.output === 'aggregate') return true;
  return Object.values(record).some(containsAggregate);
}
