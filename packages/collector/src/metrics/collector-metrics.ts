/**
 * The collector's metrics, as Prometheus families, from one reading of its counters taken when the
 * endpoint is scraped (nothing here runs per event). Labels carry only names from the config file
 * (source, sink), queue types and fixed reason words, never event content, tokens or peers.
 *
 * Every discard has a reason: a source drops events a `regex_filter` removed (`filtered`), UDP
 * datagrams that arrived while the queue was full (`queue_full`), datagrams the kernel dropped
 * because the socket buffer was full (`receive_buffer`, Linux), and its own (damaged archives, …);
 * a sink drops events the server refused (`refused`, HTTP 400), single events larger than the
 * server accepts (`too_large`, 413) and events thrown out of a full queue (`deleted_oldest`).
 */
import type { QueueStats } from '../queue/event-queue.js';
import type { SinkCounters } from '../sinks/hec/hec-sink.js';
import type { HistogramSnapshot } from './histogram.js';
import type { Labels, MetricFamily } from './prometheus-text.js';
import { udpKernelDrops } from './udp-drops.js';

export interface SourceReading {
  name: string;
  eventsIn: number;
  dropped: Readonly<Record<string, number>>;
  /** Set for syslog UDP sources: their kernel drops are read from /proc. */
  udpPort?: number;
}

export interface SinkReading {
  name: string;
  counters: Readonly<SinkCounters>;
  sendSeconds: HistogramSnapshot;
  queue: QueueStats & { kind: string; limitBytes: number };
  /** False once the server refused the token (401/403) and the sink stopped. */
  up: boolean;
}

export interface CollectorReading {
  sources: readonly SourceReading[];
  sinks: readonly SinkReading[];
}

const SINK_DROP_REASONS = ['refused', 'too_large'] as const;

export function collectorFamilies(reading: CollectorReading, kernelDrops = udpKernelDrops()): MetricFamily[] {
  const { sources, sinks } = reading;
  const perSink = (value: (sink: SinkReading) => number): Array<{ labels: { sink: string }; value: number }> =>
    sinks.map((sink) => ({ labels: { sink: sink.name }, value: value(sink) }));
  const perQueue = (value: (sink: SinkReading) => number): Array<{ labels: { sink: string; type: string }; value: number }> =>
    sinks.map((sink) => ({ labels: { sink: sink.name, type: sink.queue.kind }, value: value(sink) }));
  return [
    {
      name: 'hecate_collector_source_events_total',
      help: 'Events read by each source, before its transforms.',
      type: 'counter',
      samples: sources.map((source) => ({ labels: { source: source.name }, value: source.eventsIn })),
    },
    {
      name: 'hecate_collector_source_dropped_events_total',
      help: 'Events a source did not queue, by reason: filtered, queue_full (UDP), receive_buffer (UDP, dropped by the kernel), and per source type (docs/collector.md).',
      type: 'counter',
      samples: sources.flatMap((source) => {
        const dropped: Record<string, number> = { filtered: 0, ...source.dropped };
        if (source.udpPort !== undefined) {
          dropped.queue_full ??= 0;
          const kernel = kernelDrops?.get(source.udpPort);
          if (kernel !== undefined) dropped.receive_buffer = kernel;
        }
        return Object.entries(dropped).map(([reason, value]) => ({ labels: { source: source.name, reason }, value }));
      }),
    },
    { name: 'hecate_collector_sink_events_in_total', help: 'Events queued for each sink.', type: 'counter', samples: perSink((s) => s.counters.eventsIn) },
    { name: 'hecate_collector_sink_events_out_total', help: 'Events the server acknowledged (HTTP 200).', type: 'counter', samples: perSink((s) => s.counters.eventsOut) },
    {
      name: 'hecate_collector_sink_bytes_out_total',
      help: 'Bytes of HEC envelopes the server acknowledged, before compression.',
      type: 'counter',
      samples: perSink((s) => s.counters.bytesOut),
    },
    { name: 'hecate_collector_sink_batches_total', help: 'Requests the server acknowledged.', type: 'counter', samples: perSink((s) => s.counters.batchesOut) },
    {
      name: 'hecate_collector_sink_dropped_events_total',
      help: 'Events a sink threw away, by reason: refused (HTTP 400), too_large (413 for a single event), deleted_oldest (full queue with fullAction deleteOldest).',
      type: 'counter',
      samples: sinks.flatMap((sink) => [
        ...SINK_DROP_REASONS.map((reason) => ({ labels: { sink: sink.name, reason }, value: sink.counters.dropped[reason] ?? 0 })),
        { labels: { sink: sink.name, reason: 'deleted_oldest' }, value: sink.queue.deletedOldest },
      ]),
    },
    {
      name: 'hecate_collector_sink_retries_total',
      help: 'Requests sent again after a failure, by reason: network (no answer) or http_<status> (429, 5xx, 404, 408).',
      type: 'counter',
      samples: sinks.flatMap((sink) => Object.entries({ network: 0, ...sink.counters.retriesByReason }).map(([reason, value]) => ({ labels: { sink: sink.name, reason }, value }))),
    },
    {
      name: 'hecate_collector_sink_send_seconds',
      help: 'Time from sending a request to the end of its answer, whatever the status (requests without an answer are counted as retries).',
      type: 'histogram',
      samples: sinks.map((sink) => ({ labels: { sink: sink.name }, value: sink.sendSeconds })),
    },
    {
      name: 'hecate_collector_sink_up',
      help: '1 while the sink sends; 0 once it stopped because the server refused its token (HTTP 401/403).',
      type: 'gauge',
      samples: perSink((s) => (s.up ? 1 : 0)),
    },
    {
      name: 'hecate_collector_queue_events',
      help: "Events in a sink's queue that the server has not acknowledged yet (waiting or in flight).",
      type: 'gauge',
      samples: perQueue((s) => s.queue.records),
    },
    { name: 'hecate_collector_queue_bytes', help: "Bytes held by a sink's queue (in memory, or on disk).", type: 'gauge', samples: perQueue((s) => s.queue.bytes) },
    { name: 'hecate_collector_queue_limit_bytes', help: "A sink's queue limit (queue.maxLimitInMB) in bytes.", type: 'gauge', samples: perQueue((s) => s.queue.limitBytes) },
    ...processFamilies(),
  ];
}

/** The standard process metrics (the names client libraries use), for the collector's own footprint. */
function processFamilies(): MetricFamily[] {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const one = (value: number): Array<{ labels: Labels; value: number }> => [{ labels: {}, value }];
  return [
    { name: 'process_cpu_seconds_total', help: 'User and system CPU time spent, in seconds.', type: 'counter', samples: one((cpu.user + cpu.system) / 1e6) },
    { name: 'process_resident_memory_bytes', help: 'Resident memory size in bytes.', type: 'gauge', samples: one(memory.rss) },
    // Where the resident memory goes: queued records and request bodies are Buffers (external), events and strings are heap.
    { name: 'nodejs_heap_size_total_bytes', help: 'V8 heap reserved, in bytes.', type: 'gauge', samples: one(memory.heapTotal) },
    { name: 'nodejs_heap_size_used_bytes', help: 'V8 heap in use, in bytes.', type: 'gauge', samples: one(memory.heapUsed) },
    { name: 'nodejs_external_memory_bytes', help: 'Memory of Buffers and other objects outside the V8 heap, in bytes.', type: 'gauge', samples: one(memory.external) },
    {
      name: 'process_start_time_seconds',
      help: 'Start time of the process since the Unix epoch, in seconds.',
      type: 'gauge',
      samples: one(Math.round((Date.now() - process.uptime() * 1000) / 1000)),
    },
  ];
}
