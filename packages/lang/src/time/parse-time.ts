/**
 * Search time bounds: `now`, a relative time meaning "that long before now" (`30s`, `15m`, `24h`,
 * `7d`, `2w`, `1y`, also spelled out: `15min`, `2hours`, `7days`), or epoch milliseconds (a number or
 * a string of digits). Anything else is an INVALID_TIME error.
 */
import { QueryOptionError } from '../errors/query-option-error.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ...['ms', 'millis', 'millisecond', 'milliseconds'].map((u) => [u, 1] as const),
  ...['s', 'sec', 'secs', 'second', 'seconds'].map((u) => [u, SECOND] as const),
  ...['m', 'min', 'mins', 'minute', 'minutes'].map((u) => [u, MINUTE] as const),
  ...['h', 'hr', 'hrs', 'hour', 'hours'].map((u) => [u, HOUR] as const),
  ...['d', 'day', 'days'].map((u) => [u, DAY] as const),
  ...['w', 'week', 'weeks'].map((u) => [u, 7 * DAY] as const),
  // A year is 365 days: relative ranges are durations, not calendar arithmetic.
  ...['y', 'yr', 'yrs', 'year', 'years'].map((u) => [u, 365 * DAY] as const),
]);

/** Latest epoch ms a JS Date can hold; also keeps values exact in a double. */
const MAX_EPOCH_MS = 8.64e15;

export function parseTime(value: string | number, now: number): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= MAX_EPOCH_MS) return value;
    throw invalid(value);
  }
  if (typeof value !== 'string') throw invalid(value);
  const text = value.trim().toLowerCase();
  if (text === 'now') return now;
  if (/^\d{1,16}$/.test(text)) {
    const ms = Number(text);
    if (ms <= MAX_EPOCH_MS) return ms;
  }
  const relative = /^(\d{1,9})\s*([a-z]+)$/.exec(text);
  const unit = relative?.[2] === undefined ? undefined : UNIT_MS.get(relative[2]);
  if (relative?.[1] !== undefined && unit !== undefined) {
    const result = now - Number(relative[1]) * unit;
    if (Number.isSafeInteger(result)) return result;
  }
  throw invalid(value);
}

function invalid(value: unknown): QueryOptionError {
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value) : String(value);
  return new QueryOptionError('INVALID_TIME', `Time ${shown} is not valid: use a relative time (30s, 15m, 24h, 7d, 2w, 1y), "now", or epoch milliseconds`);
}

/** A span such as `1h`, `5m`, `30s`, `1d` (the units of relative times) in ms; undefined otherwise. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})\s*([a-z]+)$/.exec(text.trim().toLowerCase());
  const unit = match?.[2] === undefined ? undefined : UNIT_MS.get(match[2]);
  if (match?.[1] === undefined || unit === undefined) return undefined;
  const ms = Number(match[1]) * unit;
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}
