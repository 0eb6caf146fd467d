/**
 * Which rows of a long list to render: only those in (or near) the scrolled viewport, with spacers for
 * the rest, so a thousand events cost about thirty rows of DOM. Rows have different heights (an
 * expanded event shows its fields): heights are measured once rendered and estimated until then.
 */

/** offsets[i] is the top of row i; offsets[count] is the total height. */
export function rowOffsets(count: number, heightOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = (offsets[i] as number) + heightOf(i);
  return offsets;
}

/** The rows [first, last) that overlap [scrollTop, scrollTop + viewport], with `overscan` rows either side. */
export function visibleRows(offsets: Float64Array, scrollTop: number, viewport: number, overscan = 8): { first: number; last: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { first: 0, last: 0 };
  const first = Math.max(0, rowAt(offsets, scrollTop) - overscan);
  const last = Math.min(count, rowAt(offsets, scrollTop + Math.max(0, viewport - 1)) + 1 + overscan);
  return { first, last };
}

/** The row whose extent holds y (the last row for y past the end). */
function rowAt(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] as number) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
