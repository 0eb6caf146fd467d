/**
 * Matches over time (`POST /search/histogram`), as bars. Dragging across the chart zooms into the
 * dragged time range, clicking a bar into its bucket; both go through the URL (onZoom), so Back undoes
 * a zoom. The range fields of the time picker do the same from the keyboard.
 */
import type { TargetedPointerEvent } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiFailure } from '../api/api-client.js';
import type { Histogram as HistogramAnswer } from '../api/types.js';
import type { Resource } from '../ui/use-resource.js';
import { formatCount, formatDateTime } from '../ui/format.js';
import { rangeFromDrag } from './zoom-range.js';

const WIDTH = 1000;
const HEIGHT = 110;
/** A pointer that moves less than this (in screen pixels) clicks instead of dragging. */
const CLICK_SLOP_PX = 4;

export interface HistogramProps {
  histogram: Resource<HistogramAnswer>;
  onZoom(start: number, end: number): void;
}

export function Histogram({ histogram, onZoom }: HistogramProps) {
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | undefined>(undefined);

  if (histogram.error instanceof ApiFailure && histogram.error.code === 'UNSUPPORTED_QUERY') {
    // Aggregates have their own table or chart; for evaluator stages the server says what to use instead.
    return histogram.error.details.errorCode === 'AGGREGATE' ? null : <p class="muted small histogram-note">No histogram for this query: {histogram.error.message}.</p>;
  }
  if (histogram.error !== undefined) return null;
  if (histogram.data === undefined) return <div class="histogram-placeholder" aria-hidden="true" />;
  const { buckets, meta, span } = histogram.data;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const range = Math.max(1, meta.end - meta.start);
  const x = (t: number): number => ((t - meta.start) / range) * WIDTH;

  /** Pointer position in chart units (the SVG scales with the page). */
  const chartX = (event: TargetedPointerEvent<SVGSVGElement>): number => {
    const box = event.currentTarget.getBoundingClientRect();
    return ((event.clientX - box.left) / Math.max(1, box.width)) * WIDTH;
  };
  const onPointerDown = (event: TargetedPointerEvent<SVGSVGElement>): void => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const at = chartX(event);
    setDrag({ from: at, to: at });
  };
  const onPointerMove = (event: TargetedPointerEvent<SVGSVGElement>): void => {
    if (drag !== undefined) setDrag({ ...drag, to: chartX(event) });
  };
  const onPointerUp = (event: TargetedPointerEvent<SVGSVGElement>): void => {
    if (drag === undefined) return;
    const to = chartX(event);
    setDrag(undefined);
    const pixels = (Math.abs(to - drag.from) / WIDTH) * (svg.current?.getBoundingClientRect().width ?? WIDTH);
    if (pixels >= CLICK_SLOP_PX) {
      const zoom = rangeFromDrag(drag.from, to, WIDTH, meta.start, meta.end);
      onZoom(zoom.start, zoom.end);
      return;
    }
    const t = meta.start + (to / WIDTH) * range;
    const bucket = buckets.find((b) => b.start <= t && t < b.end);
    // Bucket ends are exclusive, search ends inclusive.
    if (bucket !== undefined && bucket.count > 0) onZoom(bucket.start, bucket.end - 1);
  };

  const summary =
    meta.eventCount === 0
      ? 'No matching events in this time range.'
      : `${formatCount(meta.eventCount)} matching events from ${formatDateTime(meta.start)} to ${formatDateTime(meta.end)}, counted per ${span}. Drag across the chart to zoom in.`;
  return (
    <figure class="chart histogram">
      <svg
        ref={svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={summary}
        data-start={meta.start}
        data-end={meta.end}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(undefined)}
      >
        <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} class="chart-axis" />
        {buckets.map((b) => {
          const h = b.count === 0 ? 0 : Math.max(2, (b.count / max) * (HEIGHT - 6));
          const left = x(b.start);
          const width = Math.max(1, x(b.end) - left - 1);
          return (
            <rect key={b.start} x={left} y={HEIGHT - 1 - h} width={width} height={h} class="chart-bar">
              <title>{`${formatDateTime(b.start)}: ${formatCount(b.count)} events`}</title>
            </rect>
          );
        })}
        {drag !== undefined && <rect class="zoom-selection" x={Math.min(drag.from, drag.to)} y="0" width={Math.abs(drag.to - drag.from)} height={HEIGHT} />}
      </svg>
      <div class="chart-axis-labels" aria-hidden="true">
        <span>{formatDateTime(meta.start)}</span>
        <span>{`${formatCount(meta.eventCount)} events · up to ${formatCount(max)} per ${span}`}</span>
        <span>{formatDateTime(meta.end)}</span>
      </div>
    </figure>
  );
}
