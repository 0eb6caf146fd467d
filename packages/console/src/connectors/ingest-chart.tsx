import { ApiFailure, api } from '../api/api-client.js';
import type { Histogram } from '../api/types.js';
import { ErrorAlert } from '../ui/alert.js';
import { formatCount, formatDateTime } from '../ui/format.js';
import { useResource } from '../ui/use-resource.js';
import { connectorEventsQuery } from './search-links.js';

const WIDTH = 720;
const HEIGHT = 120;
const BUCKETS = 48;

/**
 * Events stored by the connector over the last 24 hours, counted by the search histogram
 * (`POST /api/v1/search/histogram`, which needs the `search` permission).
 */
export interface IngestChartProps {
  connectorName: string;
  /** The connector's 24-hour event count: the chart is counted again when it changes. */
  events: number;
  refreshMs: number;
}

export function IngestChart({ connectorName, events, refreshMs }: IngestChartProps) {
  const histogram = useResource(
    (signal) => api<Histogram>('POST', '/search/histogram', { query: connectorEventsQuery(connectorName), start: '24h', buckets: BUCKETS }, { signal }),
    [connectorName],
    { refreshMs, refreshOn: events },
  );
  if (histogram.error instanceof ApiFailure && histogram.error.status === 403) {
    return <p class="muted">The ingest chart needs the search permission.</p>;
  }
  if (histogram.data === undefined) return histogram.error === undefined ? <div class="chart-placeholder" aria-hidden="true" /> : <ErrorAlert error={histogram.error} />;
  const { buckets, meta } = histogram.data;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const peak = buckets.reduce<(typeof buckets)[number] | undefined>((best, b) => (best === undefined || b.count > best.count ? b : best), undefined);
  const slot = WIDTH / Math.max(1, buckets.length);
  const summary =
    meta.eventCount === 0
      ? 'No events in the last 24 hours.'
      : `${formatCount(meta.eventCount)} events in the last 24 hours; the busiest ${histogram.data.span} began ${formatDateTime(peak?.start)} with ${formatCount(peak?.count ?? 0)}.`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} class="chart-axis" />
        {buckets.map((b, i) => {
          const h = b.count === 0 ? 0 : Math.max(2, (b.count / max) * (HEIGHT - 4));
          return (
            <rect key={b.start} x={i * slot + 1} y={HEIGHT - 1 - h} width={Math.max(1, slot - 2)} height={h} class="chart-bar">
              <title>{`${formatDateTime(b.start)}: ${formatCount(b.count)} events`}</title>
            </rect>
          );
        })}
      </svg>
      <div class="chart-axis-labels" aria-hidden="true">
        <span>24 h ago</span>
        <span>{`${formatCount(max)} max per ${histogram.data.span}`}</span>
        <span>now</span>
      </div>
      <figcaption class="muted small">{summary}</figcaption>
    </figure>
  );
}
