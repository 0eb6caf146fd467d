/**
 * Wires the collector from one screen: each sink with its queue, each source with its transforms
 * feeding its sink. Start order is sinks then sources; stop order is sources (no new events), then
 * sinks drain their queues.
 */
import path from 'node:path';
import type { CollectorConfig, SourceConfig } from './config/schema.js';
import type { CollectEvent, Source, SourceOutput } from './event.js';
import type { Logger } from './logger.js';
import { collectorFamilies } from './metrics/collector-metrics.js';
import type { CollectorReading } from './metrics/collector-metrics.js';
import { startMetricsServer } from './metrics/metrics-server.js';
import type { MetricsServer } from './metrics/metrics-server.js';
import { renderFamilies } from './metrics/prometheus-text.js';
import { DiskQueue } from './queue/disk-queue.js';
import type { EventQueue } from './queue/event-queue.js';
import { MemoryQueue } from './queue/memory-queue.js';
import type { HecSinkConfig } from './sinks/hec/config.js';
import { HecSink } from './sinks/hec/hec-sink.js';
import { CmdSource } from './sources/cmd/cmd-source.js';
import { FileSource } from './sources/file/file-source.js';
import { JournaldSource } from './sources/journald/journald-source.js';
import { SyslogSource } from './sources/syslog/syslog-source.js';
import { SyslogTlsSource } from './sources/syslog-tls/syslog-tls-source.js';
import { compileTransforms } from './transforms/apply-transforms.js';

export interface CollectorStats {
  sources: Record<string, { eventsIn: number; dropped: Record<string, number> }>;
  sinks: Record<string, HecSink['counters'] & { queued: number; deletedOldest: number; stopped?: string }>;
}

export class Collector {
  readonly sinks = new Map<string, HecSink>();
  readonly sources: Source[] = [];
  /** The sources whose start succeeded: what `stop` stops. */
  private readonly running: Source[] = [];
  private readonly sourceStats: CollectorStats['sources'] = {};
  private metricsServer: MetricsServer | undefined;

  constructor(
    private readonly config: CollectorConfig,
    private readonly log: Logger,
  ) {
    for (const [name, sinkConfig] of Object.entries(config.sinks)) {
      this.sinks.set(name, new HecSink(name, sinkConfig, this.openQueue(name, sinkConfig), log));
    }
    for (const [name, sourceConfig] of Object.entries(config.sources)) {
      const output = this.output(name, sourceConfig.sink, compileTransforms(sourceConfig.transforms));
      this.sources.push(this.openSource(name, sourceConfig, output));
    }
  }

  private openSource(name: string, source: SourceConfig, output: SourceOutput): Source {
    switch (source.type) {
      case 'syslog':
        return new SyslogSource(name, source, output, this.log);
      case 'syslog_tls':
        return new SyslogTlsSource(name, source, output, this.log);
      case 'file':
        return new FileSource(name, source, this.config.dataDirectory, output, this.log);
      case 'cmd':
        return new CmdSource(name, source, output, this.log);
      case 'journald':
        return new JournaldSource(name, source, this.config.dataDirectory, output, this.log);
    }
  }

  private openQueue(name: string, sink: HecSinkConfig): EventQueue {
    const maxBytes = sink.queue.maxLimitInMB * 1024 * 1024;
    if (sink.queue.type === 'memory') return new MemoryQueue({ maxBytes, fullAction: sink.queue.fullAction });
    const dir = sink.queue.storageDir ?? path.join(this.config.dataDirectory, 'queue', name);
    const queue = DiskQueue.open({ dir, maxBytes, fullAction: sink.queue.fullAction });
    const { records, truncatedBytes, corruptSegments } = queue.recovery;
    if (records > 0 || truncatedBytes > 0) this.log.info(`sink ${name}: disk queue recovered`, { sink: name, records, truncatedBytes, corruptSegments, dir });
    return queue;
  }

  private output(sourceName: string, sinkName: string, transform: (events: CollectEvent[]) => CollectEvent[]): SourceOutput {
    const sink = this.sinks.get(sinkName);
    if (sink === undefined) throw new Error(`source ${sourceName}: sink ${sinkName} does not exist`); // validated before
    const stats = { eventsIn: 0, dropped: {} as Record<string, number> };
    this.sourceStats[sourceName] = stats;
    return {
      // Not an async function: its events would stay referenced while the push waits for room (see
      // SourceOutput.room); the sink has encoded them into its queue before it returns. A throw still
      // becomes a rejection, as from an async function (the TCP receiver logs those).
      emit: (events) => {
        try {
          stats.eventsIn += events.length;
          const kept = transform(events);
          if (kept.length < events.length) stats.dropped.filtered = (stats.dropped.filtered ?? 0) + events.length - kept.length;
          return kept.length > 0 ? sink.accept(kept) : Promise.resolve();
        } catch (error) {
          return Promise.reject(error as Error);
        }
      },
      blocked: () => sink.queue.full(),
      room: (bytes) => sink.queue.room(bytes),
      dropped: (reason, count) => {
        stats.dropped[reason] = (stats.dropped[reason] ?? 0) + count;
      },
    };
  }

  /**
   * Starts the metrics endpoint, the sinks, then the sources one by one. A source that cannot start
   * (a port taken, a certificate missing) fails the start with an error naming it; the sources
   * started before it are running then, and `stop` stops them and sends what they queued.
   */
  async start(): Promise<void> {
    const { port, bind } = this.config.metrics;
    // First, so a taken port fails the start before any source listens or reads.
    if (port !== undefined) {
      try {
        this.metricsServer = await startMetricsServer({ port, bind }, () => renderFamilies(collectorFamilies(this.metricsReading())));
      } catch (error) {
        throw new StartError((error as Error).message);
      }
    }
    for (const sink of this.sinks.values()) sink.start();
    for (const source of this.sources) {
      try {
        await source.start();
      } catch (error) {
        throw new StartError(startFailure(source.name, this.config.sources[source.name], error as NodeJS.ErrnoException));
      }
      this.running.push(source);
    }
  }

  /** One line for humans: what runs and where it goes. */
  statusLine(): string {
    const sources = this.sources.map((source) => source.describe()).join('; ');
    const sinks = [...this.sinks.values()].map((sink) => sink.describe()).join('; ');
    const metrics = this.metricsServer === undefined ? '' : ` — metrics: ${this.metricsServer.url}`;
    return `hecate-collector running — sources: ${sources} — sinks: ${sinks}${metrics}`;
  }

  stats(): CollectorStats {
    const sinks: CollectorStats['sinks'] = {};
    for (const [name, sink] of this.sinks) {
      const queue = sink.queue.stats();
      const stopped = sink.stopped();
      sinks[name] = { ...sink.counters, queued: queue.records, deletedOldest: queue.deletedOldest, ...(stopped === undefined ? {} : { stopped }) };
    }
    return { sources: this.sourceStats, sinks };
  }

  /** What the metrics endpoint reports, read at scrape time. */
  metricsReading(): CollectorReading {
    const sources = Object.entries(this.sourceStats).map(([name, stats]) => {
      const config = this.config.sources[name];
      const udpPort = config?.type === 'syslog' && config.mode === 'udp' ? config.port : undefined;
      return { name, eventsIn: stats.eventsIn, dropped: stats.dropped, ...(udpPort === undefined ? {} : { udpPort }) };
    });
    const sinks = [...this.sinks].map(([name, sink]) => ({
      name,
      counters: sink.counters,
      sendSeconds: sink.sendSeconds.snapshot(),
      queue: { ...sink.queue.stats(), kind: sink.queue.kind, limitBytes: (this.config.sinks[name]?.queue.maxLimitInMB ?? 0) * 1024 * 1024 },
      up: sink.stopped() === undefined,
    }));
    return { sources, sinks };
  }

  /**
   * Stops the sources, then lets each sink send what it holds; all of it within drainMs. The metrics
   * endpoint closes last.
   */
  async stop(drainMs: number): Promise<void> {
    const deadline = Date.now() + drainMs;
    // A source hands over what it read before it stops, and may wait for queue room to do so. When
    // the sinks cannot make room (the server is down), the queues are closed at the deadline: waiting
    // pushes then go in (or, for a closed disk queue, fail), and the sources finish.
    const closeQueues = setTimeout(() => {
      for (const sink of this.sinks.values()) void sink.queue.close();
    }, drainMs);
    // A source that fails to stop (say its checkpoint directory was deleted) must not keep the
    // sinks from draining and the process from exiting: its error is raised after the rest stopped.
    const stopped = await Promise.allSettled(this.running.map((source) => source.stop()));
    clearTimeout(closeQueues);
    const left = Math.max(0, deadline - Date.now());
    await Promise.all([...this.sinks.values()].map((sink) => sink.drain(left)));
    await this.metricsServer?.close();
    const failed = stopped.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
}

/** A start that failed for a reason the user can fix: its message says what, without a stack. */
export class StartError extends Error {}

function startFailure(name: string, config: SourceConfig | undefined, error: NodeJS.ErrnoException): string {
  const message = error.message.startsWith(`source ${name}:`) ? error.message : `source ${name}: ${error.message}`;
  if (error.code === 'EADDRINUSE') return `${message} (another program uses sources.${name}.port${config !== undefined && 'port' in config ? ` ${String(config.port)}` : ''})`;
  if (error.code === 'EACCES' && error.syscall === 'listen') return `${message} (ports below 1024 need root or CAP_NET_BIND_SERVICE: sources.${name}.port)`;
  return message;
}
