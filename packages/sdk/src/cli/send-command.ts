/**
 * `hecate send [files…]`: streams files (plain or gzip, `-` for stdin) to an HEC endpoint.
 * On a terminal it redraws a progress line (bytes, events, events/s, ETA); otherwise it prints one
 * summary line per input. The exit code is 1 when anything was not delivered, with what and why.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { HEC } from '../hec.js';
import type { HecOptions } from '../hec-options.js';
import { DeliveryError } from '../send-result.js';
import type { SendProgress, SendResult } from '../send-result.js';
import { lineEvents } from './line-events.js';
import { progressLine, summaryLine } from './progress-line.js';

interface SendFlags {
  url?: string;
  key?: string;
  raw?: boolean;
  sourcetype?: string;
  host?: string;
  index?: string;
  source?: string;
  gzip?: boolean;
  concurrency?: string;
  retries?: string;
  retryTimeout?: string;
  ca?: string;
  insecure?: boolean;
  proxy?: string;
}

/** Redraws at most this often: a terminal cannot show more, and each redraw costs a write. */
const REDRAW_MS = 200;

export function addSendCommand(program: Command): void {
  program
    .command('send')
    .description('send files (plain or .gz; - for stdin) to a HEC endpoint, one event per line')
    .argument('<files...>', 'files to send, - for stdin')
    .option('--url <url>', 'HEC ingest URL, with or without /services/collector (env HECATE_URL)')
    .option('--key <key>', 'connector API key (env HECATE_API_KEY; prefer the environment: flags show in ps)')
    .option('--raw', 'stream lines to /services/collector/raw (fastest) instead of one JSON envelope per line')
    .option('--sourcetype <sourcetype>', 'sourcetype of the events')
    .option('--host <host>', 'host of the events')
    .option('--index <index>', 'index of the events')
    .option('--source <source>', 'source of the events (default: the file name)')
    .option('--gzip', 'compress requests')
    .option('--concurrency <n>', 'requests in flight', '4')
    .option('--retries <n>', 'retries per request after network errors, timeouts, 500, 502, 504', '5')
    .option('--retry-timeout <seconds>', 'keep retrying a request for this long; busy answers (429, 503) are retried until it runs out', '60')
    .option('--ca <file>', 'extra CA certificate (PEM) for https')
    .option('--insecure', 'accept any TLS certificate')
    .option('--proxy <proxy>', 'HTTP proxy: http://[user:password@]host:port, "system" (https_proxy, http_proxy, no_proxy) or "none"', 'none')
    .action(async (files: string[], _flags: SendFlags, cmd: Command) => {
      process.exitCode = await runSend(files, cmd.optsWithGlobals<SendFlags>());
    });
}

async function runSend(files: string[], flags: SendFlags): Promise<number> {
  const url = flags.url ?? process.env.HECATE_URL;
  const key = flags.key ?? process.env.HECATE_API_KEY;
  if (url === undefined || url === '') return fail('--url (or HECATE_URL) is required');
  if (key === undefined || key === '') return fail('--key (or HECATE_API_KEY) is required');
  const concurrency = numberFlag('--concurrency', flags.concurrency ?? '4', 1);
  const retries = numberFlag('--retries', flags.retries ?? '5', 0);
  const retryTimeout = numberFlag('--retry-timeout', flags.retryTimeout ?? '60', 0);
  if (typeof concurrency === 'string') return fail(concurrency);
  if (typeof retries === 'string') return fail(retries);
  if (typeof retryTimeout === 'string') return fail(retryTimeout);
  let failures = 0;
  for (const file of files) {
    const options: HecOptions = {
      url,
      apiKey: key,
      raw: flags.raw ?? false,
      gzip: flags.gzip ?? false,
      concurrency,
      retries,
      retryTimeoutMs: retryTimeout * 1000,
      insecure: flags.insecure ?? false,
      proxy: flags.proxy ?? 'none',
      source: flags.source ?? (file === '-' ? 'stdin' : file),
      ...(flags.sourcetype === undefined ? {} : { sourcetype: flags.sourcetype }),
      ...(flags.host === undefined ? {} : { host: flags.host }),
      ...(flags.index === undefined ? {} : { index: flags.index }),
      ...(flags.ca === undefined ? {} : { ca: await readFile(flags.ca) }),
    };
    let hec: HEC;
    try {
      hec = new HEC(options);
    } catch (error) {
      return fail((error as Error).message);
    }
    try {
      failures += await sendOne(hec, file, flags.raw ?? false);
    } finally {
      await hec.close();
    }
  }
  return failures > 0 ? 1 : 0;
}

async function sendOne(hec: HEC, file: string, raw: boolean): Promise<number> {
  const name = file === '-' ? 'stdin' : file;
  let total: number | undefined;
  if (file !== '-') {
    try {
      total = (await stat(file)).size;
    } catch (error) {
      return fail(`${name}: ${(error as Error).message}`);
    }
  }
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let lastDraw = 0;
  let sourceBytes = 0;
  const input = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 256 * 1024 });
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      sourceBytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const onProgress = (progress: SendProgress) => {
    if (!tty || Date.now() - lastDraw < REDRAW_MS) return;
    lastDraw = Date.now();
    const line = progressLine(name, { ...progress, sourceBytes }, lastDraw - started, total);
    process.stderr.write(`\r${line}\x1b[K`);
  };
  let result: SendResult;
  let failed: DeliveryError | undefined;
  try {
    result = raw ? await hec.sendRawStream(counted(), { onProgress }) : await hec.sendEventList(lineEvents(counted()), { onProgress });
  } catch (error) {
    if (!(error instanceof DeliveryError)) {
      if (tty) process.stderr.write('\n');
      return fail(`${name}: ${(error as Error).message}`);
    }
    failed = error;
    result = error.result;
  }
  if (tty) process.stderr.write('\r\x1b[K');
  process.stderr.write(`${summaryLine(name, result, Date.now() - started)}\n`);
  if (failed === undefined) return 0;
  const unit = raw ? 'line' : 'event';
  // A raw stream is not read past the stop, so how many lines it still held is unknown.
  const unread = raw && result.rejections.some((r) => r.error.kind === 'aborted');
  process.stderr.write(`hecate send: ${name}: ${result.failed} ${unit}(s) not delivered${unread ? ', and the rest of the input was not read' : ''}\n`);
  for (const rejection of result.rejections.slice(0, 10)) {
    const last = unread && rejection.error.kind === 'aborted' ? ' onwards' : rejection.count > 1 ? `…${rejection.index + rejection.count}` : '';
    process.stderr.write(`  ${unit} ${rejection.index + 1}${last}: ${rejection.error.message}\n`);
  }
  if (result.rejections.length > 10) process.stderr.write(`  … and ${result.rejections.length - 10} more\n`);
  return 1;
}

/** The flag's value as a number, or the message saying what is wrong with it. */
function numberFlag(flag: string, value: string, min: number): number | string {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < min) return `${flag} must be a number ≥ ${min}, not "${value}"`;
  return number;
}

function fail(message: string): number {
  process.stderr.write(`hecate send: ${message}\n`);
  return 1;
}
