/**
 * The `hecate-collector` command:
 *   hecate-collector --config collector.yaml          run
 *   hecate-collector config validate --config FILE    check a config, print every problem
 *   hecate-collector config docs                      print the config reference (markdown)
 * `--cfg` is accepted for `--config`, as the LogScale Collector spells it.
 */
import fs from 'node:fs';
import { Collector } from '../collector.js';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { renderConfigDocs } from '../config/render-config-docs.js';
import { createLogger } from '../logger.js';

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

function readConfig(file: string): ReturnType<typeof loadConfig> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ path: '(file)', message: `cannot read ${file}: ${(error as Error).message}` }]);
  }
  return loadConfig(text);
}

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
    process.stdout.write(`${renderConfigDocs()}\n`);
    return 0;
  }
  let config;
  try {
    config = readConfig(args.config ?? '');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`hecate-collector: ${args.config ?? ''}: ${error.message}\n`);
    return 1;
  }
  if (args.command === 'validate') {
    process.stdout.write(`${args.config ?? ''}: valid (${Object.keys(config.sources).length} sources, ${Object.keys(config.sinks).length} sinks)\n`);
    return 0;
  }
  const log = createLogger(config.logLevel);
  const collector = new Collector(config, log);
  await collector.start();
  process.stdout.write(`${collector.statusLine()}\n`);
  log.info('started', { sources: collector.sources.length, sinks: collector.sinks.size });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log.info('stopping: draining the queues', { drainTimeoutSeconds: args.drainSeconds });
  await collector.stop(args.drainSeconds * 1000);
  const stats = collector.stats();
  for (const [name, sink] of Object.entries(stats.sinks)) {
    if (sink.queued > 0) log.warn(`sink ${name}: ${sink.queued} events were not sent before shutdown`, { sink: name });
  }
  log.info('stopped', { stats });
  return 0;
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
