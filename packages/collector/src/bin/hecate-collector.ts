/**
 * The `hecate-collector` command:
 *   hecate-collector --config collector.yaml          run
 *   hecate-collector config validate --config FILE    check a config, print every problem
 *   hecate-collector config docs                      print the config reference (markdown)
 * `--cfg` is accepted for `--config`, as the LogScale Collector spells it.
 *
 * Why the collector runs on a worker thread (collector-thread.ts): only a thread's young generation
 * can be sized from inside the process. At V8's default (16 MiB semi-spaces) it grows to 32 MiB
 * resident under load, a fifth of the 150 MiB the collector is meant to fit with a 64 MB memory
 * queue. Sources queue in slices whose garbage dies young, so YOUNG_GENERATION_MB costs ~5 % CPU per
 * line, not the promotions a small young generation usually brings. This thread only parses the
 * arguments, waits for signals and loads nothing else for `run`: its heap stays a few MiB.
 */
import { Worker } from 'node:worker_threads';
import type { CollectorThreadData } from './collector-thread.js';

/** V8 splits a young generation into two semi-spaces and a large-object space of one semi-space each: 6 MB is 2 MiB semi-spaces. */
const YOUNG_GENERATION_MB = 6;

const USAGE = `usage:
  hecate-collector --config <file> [--drain-timeout <seconds>]
  hecate-collector config validate --config <file>
  hecate-collector config docs`;

interface Args {
  command: 'run' | 'validate' | 'docs' | 'help';
  config?: string;
  drainSeconds: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { command: 'run', drainSeconds: 10 };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--config' || flag === '--cfg' || flag === '-c') args.config = value();
    else if (flag === '--drain-timeout') args.drainSeconds = Number(value());
    else if (flag === '--help' || flag === '-h') args.command = 'help';
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else words.push(arg);
  }
  const sub = words.join(' ');
  if (sub === 'config validate') args.command = 'validate';
  else if (sub === 'config docs') args.command = 'docs';
  else if (sub !== '') throw new UsageError(`unknown command ${sub}`);
  if (!Number.isFinite(args.drainSeconds) || args.drainSeconds < 0) throw new UsageError('--drain-timeout must be a number of seconds');
  if ((args.command === 'run' || args.command === 'validate') && args.config === undefined) throw new UsageError('--config <file> is required');
  return args;
}

class UsageError extends Error {}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`hecate-collector: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.command === 'docs') {
    const { renderConfigDocs } = await import('../config/render-config-docs.js');
    process.stdout.write(`${renderConfigDocs()}\n`);
    return 0;
  }
  if (args.command === 'validate') {
    const { ConfigError } = await import('../config/config-error.js');
    const { readConfig } = await import('./read-config.js');
    let config;
    try {
      config = readConfig(args.config ?? '');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`hecate-collector: ${args.config ?? ''}: ${error.message}\n`);
      return 1;
    }
    process.stdout.write(`${args.config ?? ''}: valid (${Object.keys(config.sources).length} sources, ${Object.keys(config.sinks).length} sinks)\n`);
    return 0;
  }
  return runOnThread({ config: args.config ?? '', drainSeconds: args.drainSeconds });
}

/**
 * Runs the collector on a worker thread whose young generation is YOUNG_GENERATION_MB, and resolves
 * with its exit code. SIGTERM and SIGINT arrive here and are passed on as a stop message.
 */
function runOnThread(data: CollectorThreadData): Promise<number> {
  const worker = new Worker(new URL('./collector-thread.js', import.meta.url), { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  const stop = (): void => worker.postMessage('stop');
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return new Promise((resolve) => {
    worker.once('error', (error) => process.stderr.write(`hecate-collector: ${error.stack ?? error.message}\n`));
    worker.once('exit', (code) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(code);
    });
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hecate-collector: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
