/**
 * The histogram of a search: how many of the events the query lists fall in each time bucket of the
 * range, counted by the engine in one GROUP BY over the query's events (events-sql.ts).
 *
 * Buckets are aligned to multiples of the span since the epoch (UTC), like timeChart's `_bucket`; the
 * first and last are cut to the range, so a bucket's `start`/`end` always say what was counted. The
 * span is the smallest "human" span (1s, 5s, … 12h, 1d, 7d, 30d, 365d) that keeps the number of
 * buckets within the asked maximum; past a year per bucket it grows in whole years. Empty buckets are
 * included. Events are bucketed by their stored @timestamp.
 */
import { duckdbDialect } from '@hecate/lang';
import { ApiError } from '../api/api-error.js';
import type { EventQuery } from './event-query.js';
import { eventsSql } from './events-sql.js';
import { SEARCH_SCHEMA } from './search-schema.js';
import { resolveRange } from './time-range.js';
import type { TimeSpec } from './time-range.js';

export const DEFAULT_BUCKETS = 60;
export const MAX_BUCKETS = 1_000;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Spans a person reads at a glance, shortest first, with their names. */
const SPANS: ReadonlyArray<readonly [number, string]> = [
  [SECOND, '1s'],
  [5 * SECOND, '5s'],
  [10 * SECOND, '10s'],
  [30 * SECOND, '30s'],
  [MINUTE, '1m'],
  [5 * MINUTE, '5m'],
  [10 * MINUTE, '10m'],
  [30 * MINUTE, '30m'],
  [HOUR, '1h'],
  [3 * HOUR, '3h'],
  [12 * HOUR, '12h'],
  [DAY, '1d'],
  [7 * DAY, '7d'],
  [30 * DAY, '30d'],
  [365 * DAY, '365d'],
];

export interface HistogramRequest {
  query: string;
  start?: TimeSpec;
  end?: TimeSpec;
  /** At most this many buckets (1 … MAX_BUCKETS); default DEFAULT_BUCKETS. */
  buckets?: number;
  canReadAudit?: boolean;
  signal?: AbortSignal;
}

export interface HistogramBucket {
  start: number;
  /** Exclusive. */
  end: number;
  count: number;
}

export interface HistogramResult {
  buckets: HistogramBucket[];
  /** The bucket width, e.g. `5m`, and the same in milliseconds. */
  span: string;
  spanMillis: number;
  meta: { query: string; start: number; end: number; eventCount: number; timeMillis: number };
}

/** How many span-aligned buckets touch [start, end). */
export function bucketCount(start: number, end: number, span: number): number {
  if (end <= start) return 1;
  return Math.floor((end - 1) / span) - Math.floor(start / span) + 1;
}

/** The smallest human span giving at most `maxBuckets` buckets over [start, end). */
export function chooseSpan(start: number, end: number, maxBuckets: number): { span: number; name: string } {
  for (const [span, name] of SPANS) {
    if (bucketCount(start, end, span) <= maxBuckets) return { span, name };
  }
  const year = 365 * DAY;
  let years = Math.max(2, Math.ceil((end - start) / year / maxBuckets));
  while (bucketCount(start, end, years * year) > maxBuckets) years++;
  return { span: years * year, name: `${years * 365}d` };
}

export async function searchHistogram(query: EventQuery, request: HistogramRequest): Promise<HistogramResult> {
  const started = performance.now();
  const { start, end } = resolveRange(request.start, request.end, Date.now());
  const endExclusive = end + 1;
  const maxBuckets = request.buckets ?? DEFAULT_BUCKETS;
  const { span, name } = chooseSpan(start, endExclusive, maxBuckets);
  const events = eventsSql({ query: request.query, start, end: endExclusive, limit: null, canReadAudit: request.canReadAudit ?? true, purpose: 'The histogram' });
  if (events.kind === 'evaluator') {
    throw new ApiError(
      'UNSUPPORTED_QUERY',
      'The histogram is counted in the database, and a stage of this query runs only in the evaluator (parseJson(), case, …); use `| timeChart(span=…)` for counts over time',
      'query',
      { errorCode: 'EVALUATOR_STAGE' },
    );
  }
  const d = duckdbDialect;
  const spanParam = d.placeholder(events.params.length + 1);
  const bucket = d.timeBucket(d.quoteIdentifier(SEARCH_SCHEMA.timeColumn), spanParam);
  const sql = `SELECT ${bucket} AS ${d.quoteIdentifier('bucket')}, COUNT(*) AS ${d.quoteIdentifier('n')} FROM (${events.sql}) AS ${d.quoteIdentifier('e')} GROUP BY 1`;
  const rows = await query(sql, [...events.params, span], bucketCount(start, endExclusive, span) + 1);
  const counts = new Map(rows.map((row) => [Number(row['bucket']), Number(row['n'])]));
  const buckets: HistogramBucket[] = [];
  for (let at = Math.floor(start / span) * span; at < endExclusive; at += span) {
    buckets.push({ start: Math.max(at, start), end: Math.min(at + span, endExclusive), count: counts.get(at) ?? 0 });
  }
  const eventCount = buckets.reduce((sum, b) => sum + b.count, 0);
  return { buckets, span: name, spanMillis: span, meta: { query: request.query, start, end, eventCount, timeMillis: Math.round(performance.now() - started) } };
}
