/**
 * `hecate conformance <url> --key …`: runs the HEC protocol checks against any endpoint and prints,
 * per check, pass or how its answer differs from Splunk's (per the protocol reference), then a
 * summary. Exit code 1 when anything differs, so it can gate CI.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { resultLines, runConformance, summaryLine } from '../conformance/index.js';
import type { CheckResult } from '../conformance/index.js';

/** The checker as a library too: `import { runConformance } from '@hecate/sdk/cli/conformance'`. */
export { CHECKS, runConformance, type ConformanceOptions, type ConformanceReport } from '../conformance/index.js';

interface ConformanceFlags {
  key?: string;
  ackKey?: string;
  restrictedKey?: string;
  queryAuth?: boolean;
  json?: boolean;
  timeout?: string;
  ca?: string;
  insecure?: boolean;
}

export function addConformanceCommand(program: Command): void {
  program
    .command('conformance')
    .description('check how a HEC endpoint (Hecate or another) answers compared with Splunk; exit 1 on any difference')
    .argument('<url>', 'HEC URL, with or without /services/collector')
    .option('--key <key>', 'a HEC token without acks or index restrictions (env HECATE_API_KEY)')
    .option('--ack-key <key>', 'a token with indexer acknowledgement on (enables the ack checks)')
    .option('--restricted-key <key>', 'a token with an index allow-list holding its default index (enables the code-7 checks)')
    .option('--query-auth', '--key allows ?token= (allowQueryStringAuth): expect 200 instead of code 16')
    .option('--json', 'print the whole report as JSON')
    .option('--timeout <ms>', 'per-request timeout', '15000')
    .option('--ca <file>', 'extra CA certificate (PEM) for https')
    .option('--insecure', 'accept any TLS certificate')
    .action(async (url: string, _flags: ConformanceFlags, cmd: Command) => {
      process.exitCode = await runCommand(url, cmd.optsWithGlobals<ConformanceFlags>());
    });
}

async function runCommand(url: string, flags: ConformanceFlags): Promise<number> {
  const key = flags.key ?? process.env.HECATE_API_KEY;
  if (key === undefined || key === '') return fail('--key (or HECATE_API_KEY) is required');
  let lastSection = '';
  const print = (result: CheckResult): void => {
    if (result.section !== lastSection) {
      lastSection = result.section;
      process.stdout.write(`${result.section}\n`);
    }
    process.stdout.write(`${resultLines(result).join('\n')}\n`);
  };
  try {
    const report = await runConformance({
      url,
      key,
      ...(flags.ackKey === undefined ? {} : { ackKey: flags.ackKey }),
      ...(flags.restrictedKey === undefined ? {} : { restrictedKey: flags.restrictedKey }),
      queryAuth: flags.queryAuth ?? false,
      timeoutMs: Number(flags.timeout ?? 15_000),
      insecure: flags.insecure ?? false,
      ...(flags.ca === undefined ? {} : { ca: await readFile(flags.ca) }),
      ...(flags.json === true ? {} : { onResult: print }),
    });
    if (flags.json === true) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`\n${summaryLine(report)} (events marked ${report.marker})\n`);
    return report.summary.diff > 0 ? 1 : 0;
  } catch (error) {
    return fail((error as Error).message);
  }
}

function fail(message: string): number {
  process.stderr.write(`hecate conformance: ${message}\n`);
  return 1;
}
