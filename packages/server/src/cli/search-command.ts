import type { Command } from 'commander';
import type { ApiClient, ClientOptions } from './api-client.js';
import { printTable } from './print-table.js';

interface SearchAnswer {
  events?: Array<Record<string, unknown>>;
  /** Aggregate pipelines (groupBy, count, timeChart, table, …) answer rows. */
  rows?: Array<Record<string, string>>;
  meta: { eventCount: number; truncated: boolean; timeMillis: number; isAggregate?: boolean; fieldNames?: string[]; note?: string };
}

/** Aggregate rows as an aligned text table (print-table.ts), columns in the answer's field order. */
export function formatRowsTable(rows: ReadonlyArray<Record<string, string>>, fieldNames: readonly string[]): string {
  const columns = fieldNames.length > 0 ? [...fieldNames] : [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const body = rows.map((r) => columns.map((c) => (r[c] ?? '').replace(/[\r\n\t]/g, ' ')));
  return printTable([columns, columns.map((c) => '-'.repeat(Math.max(c.length, ...body.map((row) => (row[columns.indexOf(c)] ?? '').length)))), ...body]);
}

export function addSearchCommand(program: Command, client: (opts: ClientOptions) => ApiClient): void {
  program
    .command('search')
    .description('search stored events, newest first; aggregate pipelines print a table')
    .argument('<query>', 'query, e.g. \'#connector=fw action=deny\'')
    .option('--start <time>', 'relative (15m, 24h, 7d) or epoch ms', '24h')
    .option('--end <time>', 'relative or epoch ms', 'now')
    .option('--limit <n>', 'most events to return', '200')
    .option('--format <format>', 'raw (one @rawstring per line) or json', 'raw')
    .action(async (query: string, opts: { start: string; end: string; limit: string; format: string }, cmd: Command) => {
      const limit = Number(opts.limit);
      const asTime = (t: string) => (/^\d+$/.test(t) ? Number(t) : t);
      const answer = await client(cmd.optsWithGlobals()).call<SearchAnswer>('POST', '/api/v1/search', {
        query,
        start: asTime(opts.start),
        end: asTime(opts.end),
        limit,
      });
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify(answer, null, 2) + '\n');
        return;
      }
      if (answer.rows !== undefined) {
        process.stdout.write(formatRowsTable(answer.rows, answer.meta.fieldNames ?? []));
        process.stderr.write(`${answer.rows.length} row(s)${answer.meta.note === undefined ? '' : ` (${answer.meta.note})`} in ${answer.meta.timeMillis} ms\n`);
        return;
      }
      for (const e of answer.events ?? []) {
        process.stdout.write(`${new Date(Number(e['@timestamp'])).toISOString()}  ${String(e['@rawstring'])}\n`);
      }
      process.stderr.write(
        `${answer.meta.eventCount} event(s)${answer.meta.truncated ? ` (limit ${limit} reached; use --limit)` : ''} in ${answer.meta.timeMillis} ms\n`,
      );
    });
}
