import type { Command } from 'commander';
import type { ApiClient, ClientOptions } from './api-client.js';

interface SearchAnswer {
  events: Array<Record<string, unknown>>;
  meta: { eventCount: number; truncated: boolean; timeMillis: number };
}

export function addSearchCommand(program: Command, client: (opts: ClientOptions) => ApiClient): void {
  program
    .command('search')
    .description('search stored events, newest first')
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
      for (const e of answer.events) {
        process.stdout.write(`${new Date(Number(e['@timestamp'])).toISOString()}  ${String(e['@rawstring'])}\n`);
      }
      process.stderr.write(
        `${answer.meta.eventCount} event(s)${answer.meta.truncated ? ` (limit ${limit} reached; use --limit)` : ''} in ${answer.meta.timeMillis} ms\n`,
      );
    });
}
