/**
 * The collector on the worker thread that `hecate-collector` starts for it when node was not started
 * with a small young generation (see hecate-collector.ts): runs until the main thread posts a stop
 * (SIGTERM or SIGINT arrived there), drains, and ends with the command's exit code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { failRun, runCollector } from './run-collector.js';
import type { CollectorRun } from './run-collector.js';

// A stop posted during the start waits on the port until this listens.
const stop = new Promise<void>((resolve) => parentPort?.once('message', () => resolve()));
runCollector(workerData as CollectorRun, stop).then((code) => {
  process.exitCode = code;
  // A run that ended without a stop (a config or start error) leaves the listener above: it would
  // keep this thread, and the command, alive for ever.
  parentPort?.unref();
}, failRun);
