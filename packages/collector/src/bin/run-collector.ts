/**
 * `hecate-collector --config FILE`: reads the config, starts the collector, prints the status line,
 * runs until `stop` resolves (a signal), drains, and resolves with the command's exit code. Runs on
 * the command's own thread or on the worker thread it starts (see hecate-collector.ts).
 */
import { Collector, StartError } from '../collector.js';
import { ConfigError } from '../config/config-error.js';
import { createLogger } from '../logger.js';
import { readConfig } from './read-config.js';

export interface CollectorRun {
  config: string;
  drainSeconds: number;
}

export async function runCollector({ config: file, drainSeconds }: CollectorRun, stop: Promise<void>): Promise<number> {
  let config;
  try {
    config = readConfig(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`hecate-collector: ${file}: ${error.message}\n`);
    return 1;
  }
  const log = createLogger(config.logLevel);
  let collector: Collector;
  try {
    collector = new Collector(config, log);
  } catch (error) {
    // Opening queues and checkpoint stores: a dataDirectory that cannot be written, say.
    process.stderr.write(`hecate-collector: cannot start: ${(error as Error).message} (check dataDirectory and the queues' storageDir)\n`);
    return 1;
  }
  try {
    await collector.start();
  } catch (error) {
    if (!(error instanceof StartError)) throw error;
    process.stderr.write(`hecate-collector: cannot start: ${error.message}\n`);
    // The sources started before the failing one already read input (a file source saved how far):
    // what they queued is sent before the exit, as on a normal stop.
    await collector.stop(drainSeconds * 1000);
    return 1;
  }
  process.stdout.write(`${collector.statusLine()}\n`);
  log.info('started', { sources: collector.sources.length, sinks: collector.sinks.size });
  await stop;
  log.info('stopping: draining the queues', { drainTimeoutSeconds: drainSeconds });
  await collector.stop(drainSeconds * 1000);
  const stats = collector.stats();
  for (const [name, sink] of Object.entries(stats.sinks)) {
    if (sink.queued > 0) log.warn(`sink ${name}: ${sink.queued} events were not sent before shutdown`, { sink: name });
  }
  log.info('stopped', { stats });
  return 0;
}

/** Reports an error that ended the run and ends the thread it ran on, even if the start left sockets or timers open. */
export function failRun(error: unknown): never {
  process.stderr.write(`hecate-collector: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
