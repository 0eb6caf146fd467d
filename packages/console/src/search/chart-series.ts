/**
 * Rows of `timeChart()` / `bucket()` as lines to draw: `_bucket` is the time (epoch ms), the
 * aggregate outputs are the measures (named `_count`, `_sum`, … unless `as=` renamed them; then the
 * numeric columns), and the other columns name the series (`timeChart(user)`: one line per user).
 * Empty buckets are not returned by the server; between the first and the last bucket they are drawn
 * as 0, which is what a count there is.
 */
import type { ResultRecord } from '../api/search-types.js';

export const BUCKET_FIELD = '_bucket';
/** A gap is filled bucket by bucket up to this many points per series; past it the points are joined. */
const MAX_FILLED_POINTS = 2_000;

export interface ChartPoint {
  t: number;
  v: number;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
}

export interface TimeChartData {
  /** The column drawn. */
  measure: string;
  series: ChartSeries[];
  first: number;
  last: number;
  /** The bucket width, from the closest two buckets (0 with a single bucket). */
  spanMs: number;
  max: number;
}

const isNumber = (v: unknown): boolean => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

export function isTimeChart(fieldNames: readonly string[]): boolean {
  return fieldNames.includes(BUCKET_FIELD);
}

export function timeChartData(rows: readonly ResultRecord[], fieldNames: readonly string[]): TimeChartData | undefined {
  if (!isTimeChart(fieldNames) || rows.length === 0) return undefined;
  const others = fieldNames.filter((f) => f !== BUCKET_FIELD);
  const underscored = others.filter((f) => f.startsWith('_'));
  const measures = underscored.length > 0 ? underscored : others.filter((f) => rows.every((r) => isNumber(r[f])));
  const measure = measures[0];
  if (measure === undefined) return undefined;
  const keys = others.filter((f) => !measures.includes(f));

  const byName = new Map<string, Map<number, number>>();
  const times = new Set<number>();
  for (const row of rows) {
    const t = Number(row[BUCKET_FIELD]);
    if (!Number.isFinite(t)) continue;
    const name = keys.length === 0 ? measure : keys.map((k) => String(row[k] ?? '(none)')).join(' / ');
    let points = byName.get(name);
    if (points === undefined) byName.set(name, (points = new Map()));
    points.set(t, isNumber(row[measure]) ? Number(row[measure]) : 0);
    times.add(t);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return undefined;
  let spanMs = 0;
  for (let i = 1; i < sorted.length; i++) {
    const gap = (sorted[i] as number) - (sorted[i - 1] as number);
    if (gap > 0 && (spanMs === 0 || gap < spanMs)) spanMs = gap;
  }
  const fill = spanMs > 0 && (last - first) / spanMs <= MAX_FILLED_POINTS;
  let max = 0;
  // Series in name order, so colours and the legend do not depend on which came first.
  const series = [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, values]): ChartSeries => {
    const points: ChartPoint[] = [];
    if (fill) {
      for (let t = first; t <= last; t += spanMs) points.push({ t, v: values.get(t) ?? 0 });
    } else {
      for (const t of sorted) if (values.has(t)) points.push({ t, v: values.get(t) as number });
    }
    for (const p of points) max = Math.max(max, p.v);
    return { name, points };
  });
  return { measure, series, first, last, spanMs, max };
}
