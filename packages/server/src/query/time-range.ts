/** The `start` and `end` of a search request as epoch ms (relative times resolved against one clock). */
import { parseTime } from '@hecate/lang';
import { ApiError } from '../api/api-error.js';

export const DEFAULT_START = '24h';

/** A time given by a client: relative (`15m`, `24h`), `now`, or epoch ms. */
export type TimeSpec = string | number;

function timeOf(value: TimeSpec | undefined, fallback: string, now: number, field: string): number {
  try {
    return parseTime(value ?? fallback, now);
  } catch (err) {
    throw new ApiError('INVALID_TIME', `${field}: ${(err as Error).message}`, field);
  }
}

/** `start` (default 24h ago) and `end` (default now, inclusive); 400 INVALID_TIME naming the bad one. */
export function resolveRange(start: TimeSpec | undefined, end: TimeSpec | undefined, now: number): { start: number; end: number } {
  const from = timeOf(start, DEFAULT_START, now, 'start');
  const to = timeOf(end, 'now', now, 'end');
  if (to < from) throw new ApiError('INVALID_TIME', 'end must not be before start', 'end');
  return { start: from, end: to };
}
