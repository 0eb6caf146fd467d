/** Time arithmetic of the histogram's zoom: pixels of a drag to a time range, and zooming out. */

/** Below this many ms a zoom would show less than a bucket of the finest span; wider ranges are kept. */
export const MIN_ZOOM_MS = 1_000;

/**
 * The times under a drag from x0 to x1 (pixels, either order) across a chart `width` pixels wide
 * showing [start, end] (epoch ms): whole milliseconds, at least MIN_ZOOM_MS wide, inside the range.
 */
export function rangeFromDrag(x0: number, x1: number, width: number, start: number, end: number): { start: number; end: number } {
  const at = (x: number): number => start + (Math.min(width, Math.max(0, x)) / width) * (end - start);
  let from = Math.floor(at(Math.min(x0, x1)));
  let to = Math.ceil(at(Math.max(x0, x1)));
  if (to - from < MIN_ZOOM_MS) {
    const middle = (from + to) / 2;
    from = Math.max(start, Math.floor(middle - MIN_ZOOM_MS / 2));
    to = Math.min(end, from + MIN_ZOOM_MS);
  }
  return { start: from, end: to };
}

/** Twice as wide around the same middle, never past `now` (the end moves back, the start further). */
export function zoomOut(start: number, end: number, now: number): { start: number; end: number } {
  const width = Math.max(MIN_ZOOM_MS, end - start);
  let to = end + width / 2;
  let from = start - width / 2;
  if (to > now) {
    from -= to - now;
    to = now;
  }
  return { start: Math.round(from), end: Math.round(to) };
}
