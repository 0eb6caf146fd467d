import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';
import { collectorFamilies } from './collector-metrics.js';
import type { CollectorReading, SinkReading } from './collector-metrics.js';
import { renderFamilies } from './prometheus-text.js';

function sink(overrides: Partial<SinkReading> = {}): SinkReading {
  return {
    name: 'hecate',
    counters: { eventsIn: 10, eventsOut: 7, batchesOut: 2, retries: 3, retriesByReason: { http_503: 3 }, rejected: 1, bytesOut: 700, dropped: { refused: 1 } },
    sendSeconds: new Histogram([1]).snapshot(),
    queue: { records: 2, bytes: 200, deletedOldest: 4, kind: 'disk', limitBytes: 1024 },
    up: true,
    ...overrides,
  };
}

/** The value of one sample line, found by its exact name and labels. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('collectorFamilies', () => {
  const reading: CollectorReading = {
    sources: [
      { name: 'files', eventsIn: 12, dropped: { filtered: 2 } },
      { name: 'udp', eventsIn: 5, dropped: { queue_full: 1 }, udpPort: 5514 },
    ],
    sinks: [sink(), sink({ name: 'refused', up: false })],
  };
  const text = renderFamilies(collectorFamilies(reading, new Map([[5514, 9]])));

  it.each([
    ['hecate_collector_source_events_total{source="files"}', 12],
    ['hecate_collector_source_dropped_events_total{source="files",reason="filtered"}', 2],
    ['hecate_collector_source_dropped_events_total{source="udp",reason="filtered"}', 0],
    ['hecate_collector_source_dropped_events_total{source="udp",reason="queue_full"}', 1],
    ['hecate_collector_source_dropped_events_total{source="udp",reason="receive_buffer"}', 9],
    ['hecate_collector_sink_events_out_total{sink="hecate"}', 7],
    ['hecate_collector_sink_bytes_out_total{sink="hecate"}', 700],
    ['hecate_collector_sink_dropped_events_total{sink="hecate",reason="refused"}', 1],
    ['hecate_collector_sink_dropped_events_total{sink="hecate",reason="too_large"}', 0],
    ['hecate_collector_sink_dropped_events_total{sink="hecate",reason="deleted_oldest"}', 4],
    ['hecate_collector_sink_retries_total{sink="hecate",reason="network"}', 0],
    ['hecate_collector_sink_retries_total{sink="hecate",reason="http_503"}', 3],
    ['hecate_collector_sink_up{sink="hecate"}', 1],
    ['hecate_collector_sink_up{sink="refused"}', 0],
    ['hecate_collector_queue_events{sink="hecate",type="disk"}', 2],
    ['hecate_collector_queue_bytes{sink="hecate",type="disk"}', 200],
    ['hecate_collector_queue_limit_bytes{sink="hecate",type="disk"}', 1024],
  ])('reports %s = %d', (series, expected) => {
    expect(value(text, series)).toBe(expected);
  });

  it('reports no kernel drops for a file source, nor where /proc cannot be read', () => {
    expect(text).not.toContain('source="files",reason="receive_buffer"');
    const elsewhere = renderFamilies(collectorFamilies(reading, undefined));
    expect(elsewhere).not.toContain('receive_buffer"}');
  });

  it('declares every family once, with its type', () => {
    const types = text.split('\n').filter((line) => line.startsWith('# TYPE '));
    expect(new Set(types).size).toBe(types.length);
    expect(types).toContain('# TYPE hecate_collector_sink_send_seconds histogram');
    expect(types).toContain('# TYPE process_resident_memory_bytes gauge');
  });
});
