/**
 * The rows of timeChart()/bucket() drawn over time: one line per series (at most 10 by default, as the
 * server keeps them), with a legend. A small hand-drawn SVG; the table under it holds the same numbers.
 */
import type { ResultRecord } from '../api/search-types.js';
import { formatCount, formatDateTime } from '../ui/format.js';
import { timeChartData } from './chart-series.js';

const WIDTH = 1000;
const HEIGHT = 220;
const PAD = { top: 10, right: 10, bottom: 4, left: 4 };

export function TimeChart({ rows, fieldNames }: { rows: readonly ResultRecord[]; fieldNames: readonly string[] }) {
  const chart = timeChartData(rows, fieldNames);
  if (chart === undefined) return null;
  const span = Math.max(1, chart.last - chart.first);
  const max = Math.max(1, chart.max);
  const x = (t: number): number => PAD.left + (chart.last === chart.first ? 0.5 : (t - chart.first) / span) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number): number => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const summary = `Time chart of ${chart.measure} for ${chart.series.length} series from ${formatDateTime(chart.first)} to ${formatDateTime(chart.last)}; the highest value is ${formatCount(chart.max)}. The table below lists every value.`;
  return (
    <figure class="chart time-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={summary}>
        <line x1="0" y1={HEIGHT - PAD.bottom + 0.5} x2={WIDTH} y2={HEIGHT - PAD.bottom + 0.5} class="chart-axis" />
        <line x1="0" y1={y(max)} x2={WIDTH} y2={y(max)} class="chart-grid" />
        {chart.series.map((s, i) => (
          <g key={s.name} class={`series series-${i % 10}`} data-series={s.name}>
            {s.points.length === 1 ? (
              <circle cx={x(s.points[0]?.t ?? 0)} cy={y(s.points[0]?.v ?? 0)} r="4" />
            ) : (
              <polyline points={s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')} vector-effect="non-scaling-stroke" />
            )}
          </g>
        ))}
      </svg>
      <div class="chart-axis-labels" aria-hidden="true">
        <span>{formatDateTime(chart.first)}</span>
        <span>{`${chart.measure}: up to ${formatCount(chart.max)}`}</span>
        <span>{formatDateTime(chart.last)}</span>
      </div>
      <ul class="chart-legend" aria-label="Series">
        {chart.series.map((s, i) => (
          <li key={s.name}>
            <span class={`legend-swatch series-${i % 10}`} aria-hidden="true" />
            <span class="mono">{s.name}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
