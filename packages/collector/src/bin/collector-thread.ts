/**
 * The collector itself, on the worker thread that `hecate-collector` starts for it (see
 * hecate-collector.ts for why a thread): reads the config, runs until the main thread posts a stop
 * (SIGTERM or SIGINT arrived there), drains, and ends with the command's exit code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Collector } from '../collector.js';
import { ConfigError } from '../config/config-error.js';
import { createLogger } from '../logger.js';
import { readConfig } from './read-config.js';

export interface CollectorThreadData {
  config: string;
  drainSeconds: number;
}

async function run({ config: file, drainSeconds }: CollectorThreadData): Promise<number> {
  let config;
  try {
    config = readConfig(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`hecate-collector: ${file}: ${error.message}\n`);
    return 1;
  }
  const log = createLogger(config.logLevel);
  const collector = new Collector(config, log);
  await collector.start();
  process.stdout.write(`${collector.statusLine()}\n`);
  log.info('started', { sources: collector.sources.length, sinks: collector.sinks.size });
  // A stop posted during the start waits on the port until this listens.
  await new Promise<void>((resolve) => parentPort?.once('message', () => resolve()));
  log.info('stopping: draining the queues', { drainTimeoutSeconds: drainSeconds });
  await collector.stop(drainSeconds * 1000);
  const stats = collector.stats();
  for (const [name, sink] of Object.entries(stats.sinks)) {
    if (sink.queued > 0) log.warn(`sink ${name}: ${sink.queued} events were not sent before shutdown`, { sink: name });
  }
  log.info('stopped', { stats });
  return 0;
}

run(workerData as CollectorThreadData).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hecate-collector: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    // Ends this thread (and so the command) even if the start left sockets or timers open.
    process.exit(1);
  },
);
