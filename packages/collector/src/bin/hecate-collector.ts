/**
 * The `hecate-collector` command:
 *   hecate-collector --config collector.yaml          run
 *   hecate-collector config validate --config FILE    check a config, print every problem
 *   hecate-collector config docs                      print the config reference (markdown)
 * `--cfg` is accepted for `--config`, as the LogScale Collector spells it.
 *
 * Why node's heap is sized by the command. At V8's defaults the young generation grows to 32 MiB
 * resident under load, and the old one grows by several times what is live before it is collected:
 * with a 64 MB memory queue (61 MiB of slabs) and node's own ~45 MiB, that alone overshoots the 150 MB
 * the collector is meant to fit. The shebang line therefore starts node with 1 MiB semi-spaces (a 3 MB
 * young generation; sources queue in slices whose garbage dies young) and an old generation that
 * grows by 20 % over what a collection left alive. Measured with bench:collector --quick, two runs
 * each (peak RSS, file / gzip / TCP): 129 / 135–136 / 129–140 MiB; with 2 MiB semi-spaces and the
 * same growth 130–132 / 139–142 / 131–144; with V8's own growth, TCP swung between 130 and 174 (old-
 * generation garbage while the queue was full). The CPU per line was the same within noise.
 * It also turns off V8's allocation-site pretenuring: V8 may decide early in a run that the objects a
 * site allocates live long (the frames and events of a TCP read, held for a moment while the queue
 * was full) and allocate them straight in the old generation from then on; they and the line
 * strings they point to then fill it with garbage many times a second. In-process TCP → stub runs
 * with a full 64 MB queue, four each: 142.5–145.7 MiB peak RSS and ~60 full collections in 10 s in
 * three of four runs with it, 136.6–137.8 MiB and 5–7 full collections in all four without.
 * Only node's command line sizes the main thread's heap (NODE_OPTIONS accepts --max-semi-space-size
 * but not the other two), so:
 * - started through its shebang (`hecate-collector`, `npx hecate-collector`), node runs with
 *   SHEBANG_FLAG and the collector runs on this thread;
 * - started as `node …/hecate-collector.js`, the flag is missing and the collector runs on a worker
 *   thread whose young generation is set when it is created (resourceLimits; its old generation keeps
 *   V8's growth). That also costs a second JavaScript heap: 135 against 128 MiB of peak RSS with a
 *   full 64 MB queue, 145–161 against 139–140 when it also gzips.
 */
import { Worker } from 'node:worker_threads';
import type { CollectorRun } from './run-collector.js';

/** The node option of the shebang line that says node's heap was sized for the collector. */
const SHEBANG_FLAG = '--max-semi-space-size';
/**
 * The worker thread's young generation when node was started without SHEBANG_FLAG. Not 3 MB as on
 * the main thread: on a worker that promoted enough to swing peak RSS between 144 and 161 MiB.
 */
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
  const run = { config: args.config ?? '', drainSeconds: args.drainSeconds };
  return youngGenerationSized() ? runHere(run) : runOnThread(run);
}

/** Whether node was started with SHEBANG_FLAG (on its command line or in NODE_OPTIONS). */
function youngGenerationSized(): boolean {
  const options = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  return options.some((option) => option === SHEBANG_FLAG || option.startsWith(`${SHEBANG_FLAG}=`));
}

/** Runs the collector on this thread until SIGTERM or SIGINT. */
async function runHere(run: CollectorRun): Promise<number> {
  // Loaded here, not at the top: on the worker path this thread loads none of the collector.
  const { failRun, runCollector } = await import('./run-collector.js');
  const stop = new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  return runCollector(run, stop).catch(failRun);
}

/**
 * Runs the collector on a worker thread whose young generation is YOUNG_GENERATION_MB, and resolves
 * with its exit code. SIGTERM and SIGINT arrive here and are passed on as a stop message.
 */
function runOnThread(data: CollectorRun): Promise<number> {
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
