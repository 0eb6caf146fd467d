/**
 * How a query job walks a time range: newest first, in slices that grow geometrically, so the newest
 * events arrive after a small first search and the number of searches stays small whatever the range
 * (at most MAX_SLICES; a one-hour range is 1m, 4m, 16m and the remaining 39m).
 */

/** The newest slice is at least this wide (ms): narrower slices cost more in per-search overhead than they save. */
export const MIN_FIRST_SLICE_MS = 60_000;
export const GROWTH = 4;
export const MAX_SLICES = 6;

export interface TimeSlice {
  /** Inclusive, epoch ms. */
  start: number;
  /** Exclusive. */
  end: number;
}

/** Slices covering [start, end) exactly, newest first, each GROWTH times the width of the one before. */
export function timeSlices(start: number, end: number): TimeSlice[] {
  if (end <= start) return [];
  // 1 + 4 + 16 + … over MAX_SLICES slices: the first width that lets them cover the range.
  const units = (GROWTH ** MAX_SLICES - 1) / (GROWTH - 1);
  let width = Math.max(MIN_FIRST_SLICE_MS, Math.ceil((end - start) / units));
  const slices: TimeSlice[] = [];
  let upper = end;
  while (upper > start) {
    const lower = Math.max(start, upper - width);
    slices.push({ start: lower, end: upper });
    upper = lower;
    width *= GROWTH;
  }
  return slices;
}
