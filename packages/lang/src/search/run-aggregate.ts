/**
 * The evaluator's aggregates, over events in memory: the reference the SQL aggregates must match
 * (see ir/search-ir.ts for the semantics: nearest-rank percentiles, the top-N series limit).
 */
import { assertNever } from '../ir/filter-ir.js';
import type { AggregateFn, SearchStageIR } from '../ir/search-ir.js';
import { BUCKET_FIELD } from '../ir/search-ir.js';
import { fieldReader, formatNumber, toNumber } from '../eval/parser-event.js';
import type { ParserEvent } from '../eval/parser-event.js';

type AggregateStage = Extract<SearchStageIR, { kind: 'aggregate' }>;

interface Accumulator {
  add(event: ParserEvent): void;
  result(): string | undefined;
}

function accumulator(fn: AggregateFn): Accumulator {
  switch (fn.kind) {
    case 'count': {
      if (fn.field === null) {
        let n = 0;
        return { add: () => void n++, result: () => String(n) };
      }
      const read = fieldReader(fn.field);
      if (fn.distinct) {
        const seen = new Set<string>();
        return { add: (e) => void (read(e) === undefined ? 0 : seen.add(read(e) as string)), result: () => String(seen.size) };
      }
      let n = 0;
      return { add: (e) => void (read(e) === undefined ? 0 : n++), result: () => String(n) };
    }
    case 'sum':
    case 'avg':
    case 'min':
    case 'max': {
      const read = fieldReader(fn.field);
      const kind = fn.kind;
      let sum = 0;
      let count = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      return {
        add: (e) => {
          const n = toNumber(read(e));
          if (n === undefined) return;
          sum += n;
          count++;
          if (n < min) min = n;
          if (n > max) max = n;
        },
        result: () => (count === 0 ? undefined : formatNumber(kind === 'sum' ? sum : kind === 'avg' ? sum / count : kind === 'min' ? min : max)),
      };
    }
    case 'percentile': {
      const read = fieldReader(fn.field);
      const fraction = fn.percentile / 100;
      const values: number[] = [];
      return {
        add: (e) => {
          const n = toNumber(read(e));
          if (n !== undefined) values.push(n);
        },
        result: () => {
          if (values.length === 0) return undefined;
          values.sort((a, b) => a - b);
          // Nearest rank (see ir/search-ir.ts); the SQL dialect computes the same double product.
          const rank = Math.max(1, Math.ceil(fraction * values.length));
          return formatNumber(values[rank - 1] as number);
        },
      };
    }
    default:
      return assertNever(fn);
  }
}

export interface AggregateOutput {
  readonly events: ParserEvent[];
  /** groupBy's limit when it dropped groups (top()'s limit is its answer, not a cut); else null. */
  readonly groupCut: number | null;
}

export function runAggregate(stage: AggregateStage, events: readonly ParserEvent[]): AggregateOutput {
  const readers = stage.groupBy.map(fieldReader);
  const time = fieldReader('@timestamp');
  const groups = new Map<string, { keys: string[]; accs: Accumulator[] }>();
  const bucketed = stage.bucketSpan !== null;
  // With nothing to group by there is one row even over no events (count() is 0, as in SQL).
  if (!bucketed && readers.length === 0) groups.set(JSON.stringify([]), { keys: [], accs: stage.functions.map(accumulator) });
  for (const event of events) {
    const keys: string[] = [];
    if (stage.bucketSpan !== null) {
      const ts = toNumber(time(event));
      if (ts === undefined) continue;
      keys.push(String(Math.floor(ts / stage.bucketSpan) * stage.bucketSpan));
    }
    let complete = true;
    for (const read of readers) {
      const v = read(event);
      if (v === undefined) {
        complete = false;
        break;
      }
      keys.push(v);
    }
    if (!complete) continue;
    const key = JSON.stringify(keys);
    let group = groups.get(key);
    if (group === undefined) {
      group = { keys, accs: stage.functions.map(accumulator) };
      groups.set(key, group);
    }
    for (const acc of group.accs) acc.add(event);
  }
  const names = [...(bucketed ? [BUCKET_FIELD] : []), ...stage.groupBy];
  const rows = [...groups.values()].map((g) => {
    const fields = new Map<string, string>();
    g.keys.forEach((k, i) => fields.set(names[i] as string, k));
    stage.functions.forEach((fn, i) => {
      const v = g.accs[i]?.result();
      if (v !== undefined) fields.set(fn.as, v);
    });
    return { keys: g.keys, count: Number(fields.get('_count') ?? 0), event: { fields } };
  });
  rows.sort((a, b) => (stage.byCountDesc && a.count !== b.count ? b.count - a.count : compareKeys(a.keys, b.keys, bucketed)));
  const kept = stage.seriesLimit === null ? rows : topSeries(rows, stage, bucketed ? 1 : 0, stage.seriesLimit);
  const limited = stage.limit === null ? kept : kept.slice(0, stage.limit);
  const cut = stage.limit !== null && !stage.byCountDesc && kept.length > stage.limit;
  return { events: limited.map((r) => r.event), groupCut: cut ? stage.limit : null };
}

interface GroupRow {
  readonly keys: readonly string[];
  readonly event: ParserEvent;
}

/** The rows of the `limit` series with the highest value in any aggregate output (ir/search-ir.ts). */
function topSeries<R extends GroupRow>(rows: readonly R[], stage: AggregateStage, firstSeriesKey: number, limit: number): R[] {
  const scores = new Map<string, { keys: readonly string[]; score: number | undefined }>();
  for (const row of rows) {
    const keys = row.keys.slice(firstSeriesKey);
    const id = JSON.stringify(keys);
    const entry = scores.get(id) ?? { keys, score: undefined };
    for (const fn of stage.functions) {
      const n = toNumber(row.event.fields.get(fn.as));
      if (n !== undefined && (entry.score === undefined || n > entry.score)) entry.score = n;
    }
    scores.set(id, entry);
  }
  const ranked = [...scores.entries()].sort(([, a], [, b]) => {
    if (a.score !== b.score) return a.score === undefined ? 1 : b.score === undefined ? -1 : b.score - a.score;
    return compareKeys(a.keys, b.keys, false);
  });
  const kept = new Set(ranked.slice(0, limit).map(([id]) => id));
  return rows.filter((row) => kept.has(JSON.stringify(row.keys.slice(firstSeriesKey))));
}

/** Group order: the bucket numerically, then group values as strings. */
function compareKeys(a: readonly string[], b: readonly string[], bucketed: boolean): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    if (i === 0 && bucketed) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return 0;
}
