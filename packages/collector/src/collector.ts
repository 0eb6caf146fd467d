/**
 * Wires the collector from one screen: each sink with its queue, each source with its transforms
 * feeding its sink. Start order is sinks then sources; stop order is sources (no new events), then
 * sinks drain their queues.
 */
import path from 'node:path';
import type { CollectorConfig } from './config/schema.js';
import type { CollectEvent, Source, SourceOutput } from './event.js';
import type { Logger } from './logger.js';
import { DiskQueue } from './queue/disk-queue.js';
import type { EventQueue } from './queue/event-queue.js';
import { MemoryQueue } from './queue/memory-queue.js';
import type { HecSinkConfig } from './sinks/hec/config.js';
import { HecSink } from './sinks/hec/hec-sink.js';
import { FileSource } from './sources/file/file-source.js';
import { SyslogSource } from './sources/syslog/syslog-source.js';
import { compileTransforms } from './transforms/apply-transforms.js';

export interface CollectorStats {
  sources: Record<string, { eventsIn: number; dropped: Record<string, number> }>;
  sinks: Record<string, HecSink['counters'] & { queued: number; deletedOldest: number; stopped?: string }>;
}

export class Collector {
  readonly sinks = new Map<string, HecSink>();
  readonly sources: Source[] = [];
  private readonly sourceStats: CollectorStats['sources'] = {};

  constructor(
    private readonly config: CollectorConfig,
    private readonly log: Logger,
  ) {
    for (const [name, sinkConfig] of Object.entries(config.sinks)) {
      this.sinks.set(name, new HecSink(name, sinkConfig, this.openQueue(name, sinkConfig), log));
    }
    for (const [name, sourceConfig] of Object.entries(config.sources)) {
      const output = this.output(name, sourceConfig.sink, compileTransforms(sourceConfig.transforms));
      this.sources.push(
        sourceConfig.type === 'syslog'
          ? new SyslogSource(name, sourceConfig, output, log)
          : new FileSource(name, sourceConfig, config.dataDirectory, output, log),
      );
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
      emit: async (events) => {
        stats.eventsIn += events.length;
        const kept = transform(events);
        if (kept.length < events.length) stats.dropped.filtered = (stats.dropped.filtered ?? 0) + events.length - kept.length;
        if (kept.length > 0) await sink.accept(kept);
      },
      blocked: () => sink.queue.full(),
      dropped: (reason, count) => {
        stats.dropped[reason] = (stats.dropped[reason] ?? 0) + count;
      },
    };
  }

  async start(): Promise<void> {
    for (const sink of this.sinks.values()) sink.start();
    for (const source of this.sources) await source.start();
  }

  /** One line for humans: what runs and where it goes. */
  statusLine(): string {
    const sources = this.sources.map((source) => source.describe()).join('; ');
    const sinks = [...this.sinks.values()].map((sink) => sink.describe()).join('; ');
    return `hecate-collector running — sources: ${sources} — sinks: ${sinks}`;
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

  /** Stops the sources, then lets each sink send what it holds for up to drainMs. */
  async stop(drainMs: number): Promise<void> {
    await Promise.all(this.sources.map((source) => source.stop()));
    await Promise.all([...this.sinks.values()].map((sink) => sink.drain(drainMs)));
  }
}
