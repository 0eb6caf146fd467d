/**
 * `hecate search '<query>'`: runs the search as a query job (POST /api/v1/queryjobs, then polls it),
 * so a long search shows its progress and Ctrl-C stops it on the server (DELETE). Output formats:
 *
 *   raw    one line per event: ISO time and @rawstring (the default); aggregates print a table
 *   json   the job's final answer, as the API gives it
 *   table  events as columns of @timestamp and their own fields (or @rawstring); aggregate rows as they are
 *   csv    RFC 4180: a header row, then one record per event (@timestamp, then every field) or aggregate row
 *
 * Results go to standard output; the spinner and the summary go to standard error, so output can be piped.
 */
import type { Command } from 'commander';
import { CliError } from './api-client.js';
import type { ApiClient, ClientOptions } from './api-client.js';
import { printTable } from './print-table.js';

export const FORMATS = ['raw', 'json', 'table', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** The poll answer of a query job (GET /api/v1/queryjobs/:id). */
export interface JobAnswer {
  done: boolean;
  cancelled: boolean;
  events: Array<Record<string, unknown>>;
  metaData: {
    eventCount: number;
    timeMillis: number;
    isAggregate: boolean;
    fieldNames: string[];
    totalWork: number;
    workDone: number;
    extraData?: { hasMoreEvents?: string; note?: string };
  };
}

export interface JobRequest {
  queryString: string;
  start: string | number;
  end: string | number;
  limit: number;
}

export interface PollOptions {
  /** Aborting deletes the job on the server and rejects with CliError. */
  signal?: AbortSignal;
  /** Called with every answer while the job runs. */
  onProgress?: (answer: JobAnswer) => void;
  /** First wait between polls; it grows to POLL_MAX_MS. */
  pollMs?: number;
}

const POLL_MAX_MS = 1_000;

export class SearchCancelled extends CliError {}

/** Creates a job, polls it until done, deletes it, and returns its final answer. */
export async function runSearchJob(client: Pick<ApiClient, 'call'>, request: JobRequest, options: PollOptions = {}): Promise<JobAnswer> {
  const { id } = await client.call<{ id: string }>('POST', '/api/v1/queryjobs', request);
  const path = `/api/v1/queryjobs/${encodeURIComponent(id)}`;
  let wait = options.pollMs ?? 50;
  try {
    for (;;) {
      if (options.signal?.aborted) throw new SearchCancelled('search cancelled');
      const answer = await client.call<JobAnswer>('GET', path);
      if (answer.done) return answer;
      options.onProgress?.(answer);
      await sleep(wait, options.signal);
      wait = Math.min(POLL_MAX_MS, Math.round(wait * 1.5));
    }
  } finally {
    // Done, failed or cancelled: the server need not keep it (and an interrupted search stops there too).
    await client.call('DELETE', path).catch(() => undefined);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Aggregate rows as an aligned text table (print-table.ts), columns in the answer's field order. */
export function formatRowsTable(rows: ReadonlyArray<Record<string, unknown>>, fieldNames: readonly string[]): string {
  const columns = fieldNames.length > 0 ? [...fieldNames] : [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const body = rows.map((r) => columns.map((c) => cellText(r[c]).replace(/[\r\n\t]/g, ' ')));
  return printTable([columns, columns.map((c, i) => '-'.repeat(Math.max(c.length, ...body.map((row) => (row[i] ?? '').length)))), ...body]);
}

/** The columns of the events table: @timestamp, then the events' own fields (not @… or #… metadata), else @rawstring. */
export function eventColumns(fieldNames: readonly string[]): string[] {
  const own = fieldNames.filter((f) => !f.startsWith('@') && !f.startsWith('#'));
  return ['@timestamp', ...(own.length > 0 ? own : ['@rawstring'])];
}

/** Every field of the events, @timestamp first (and @rawstring when there are no events to name any). */
export function csvEventColumns(fieldNames: readonly string[]): string[] {
  const rest = fieldNames.filter((f) => f !== '@timestamp');
  return ['@timestamp', ...(rest.length > 0 ? rest : ['@rawstring'])];
}

/** Events as a table; @timestamp shown as ISO 8601 UTC. */
export function formatEventsTable(events: ReadonlyArray<Record<string, unknown>>, fieldNames: readonly string[]): string {
  const rows = events.map((e) => ({ ...e, '@timestamp': isoTime(e['@timestamp']) }));
  return formatRowsTable(rows, eventColumns(fieldNames));
}

/** One line per event: ISO time, two spaces, @rawstring. */
export function formatRaw(events: ReadonlyArray<Record<string, unknown>>): string {
  return events.map((e) => `${isoTime(e['@timestamp'])}  ${cellText(e['@rawstring'])}\n`).join('');
}

/**
 * RFC 4180 CSV: CRLF line ends, a header row, a field quoted when it holds a comma, a double quote, CR
 * or LF, and a double quote inside a quoted field doubled. Missing values are empty fields.
 */
export function toCsv(columns: readonly string[], records: ReadonlyArray<Record<string, unknown>>): string {
  const line = (cells: readonly string[]): string => cells.map(csvField).join(',') + '\r\n';
  return line(columns) + records.map((r) => line(columns.map((c) => cellText(r[c])))).join('');
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function isoTime(value: unknown): string {
  const ms = Number(value);
  return Number.isFinite(ms) && value !== null && value !== '' ? new Date(ms).toISOString() : cellText(value);
}

/** The answer in the chosen format, for standard output. */
export function formatAnswer(answer: JobAnswer, format: Format): string {
  const { events, metaData } = answer;
  if (format === 'json') return JSON.stringify(answer, null, 2) + '\n';
  if (format === 'csv') return toCsv(metaData.isAggregate ? metaData.fieldNames : csvEventColumns(metaData.fieldNames), events);
  if (metaData.isAggregate) return formatRowsTable(events, metaData.fieldNames);
  return format === 'table' ? formatEventsTable(events, metaData.fieldNames) : formatRaw(events);
}

/** The line on standard error after the results. */
export function summaryLine(answer: JobAnswer, limit: number): string {
  const m = answer.metaData;
  const what = m.isAggregate ? `${m.eventCount} row(s)` : `${m.eventCount} event(s)`;
  const more = m.extraData?.hasMoreEvents === 'true' ? ` (limit ${limit} reached; use --limit)` : '';
  const note = m.extraData?.note !== undefined && more === '' ? ` (${m.extraData.note})` : '';
  const cut = answer.cancelled ? ' (stopped at the time limit: partial)' : '';
  return `${what}${more}${note}${cut} in ${m.timeMillis} ms\n`;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A one-line progress display on a terminal's standard error; nothing when stderr is not a terminal. */
function progressLine(stream: NodeJS.WriteStream): { update(answer: JobAnswer): void; clear(): void } {
  if (!stream.isTTY) return { update: () => undefined, clear: () => undefined };
  let frame = 0;
  let shown = false;
  return {
    update(answer) {
      const m = answer.metaData;
      const found = m.isAggregate ? 'aggregating' : `${m.eventCount} event(s) so far`;
      stream.write(`\r\x1b[K${SPINNER[frame++ % SPINNER.length]} searching ${m.workDone}/${m.totalWork} · ${found}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

export function addSearchCommand(program: Command, client: (opts: ClientOptions) => ApiClient): void {
  program
    .command('search')
    .description('search stored events, newest first, with progress; aggregate pipelines print a table')
    .argument('<query>', 'query, e.g. \'#connector=fw action=deny\'')
    .option('--start <time>', 'relative (15m, 24h, 7d) or epoch ms', '24h')
    .option('--end <time>', 'relative or epoch ms', 'now')
    .option('--limit <n>', 'most events (or rows) to return, 1–10000', '200')
    .option('--format <format>', `${FORMATS.join(', ')}`, 'raw')
    .action(async (query: string, opts: { start: string; end: string; limit: string; format: string }, cmd: Command) => {
      const format = opts.format as Format;
      if (!FORMATS.includes(format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}`);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError('--limit must be a whole number of at least 1');
      const asTime = (t: string): string | number => (/^\d+$/.test(t) ? Number(t) : t);
      const interrupt = new AbortController();
      const onSigint = (): void => interrupt.abort();
      process.once('SIGINT', onSigint);
      const progress = progressLine(process.stderr);
      try {
        const answer = await runSearchJob(
          client(cmd.optsWithGlobals()),
          { queryString: query, start: asTime(opts.start), end: asTime(opts.end), limit },
          { signal: interrupt.signal, onProgress: progress.update },
        );
        progress.clear();
        process.stdout.write(formatAnswer(answer, format));
        process.stderr.write(summaryLine(answer, limit));
      } catch (err) {
        progress.clear();
        if (!(err instanceof SearchCancelled)) throw err;
        process.stderr.write('search cancelled\n');
        process.exitCode = 130;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
