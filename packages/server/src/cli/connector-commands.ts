import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, type ApiClient, type ClientOptions } from './api-client.js';
import { parseDuration } from './parse-duration.js';

interface ConnectorView {
  id: string;
  name: string;
  description: string;
  parser: string;
  status: string;
  enabled: boolean;
  ingestUrl: string;
  keyFingerprint: string;
  lastIngestedAt: string | null;
  apiKey?: string;
}

interface StatusView {
  id: string;
  name: string;
  status: string;
  lastIngestedAt: string | null;
  lastRequestAt: string | null;
  last24h: { requests: number; rejectedRequests: number; events: number; bytes: number; parseErrors: number; hecErrorsByCode: Record<string, number> };
  keys: { keyFingerprint: string; keyLastUsedAt: string | null; previousKeyFingerprint?: string; previousKeyValidUntil?: string; previousKeyLastUsedAt?: string | null };
}

interface SendersView {
  name: string;
  senders: Array<{ host: string | null; source: string | null; lastSeenAt: string; events: number; usualIntervalSeconds: number | null; silent: boolean }>;
  tracked: number;
  evictions: number;
}

/** What each status means, printed under `connector status` so the user knows what to do next. */
const STATUS_HINTS: Record<string, string> = {
  Pending: 'no event received yet: check the shipper uses the ingest URL and this API key',
  Active: 'events arrived within the last 15 minutes',
  Idle: 'no events for 15 minutes: is the shipper running and able to reach Hecate?',
  Error: 'the most recent requests were all rejected: see the HEC errors by code below',
  Paused: 'paused: its key is answered with HEC code 1; resume with `hecate connector resume`',
};

/** Resolves an id or a (case-insensitive) name to the connector's id. */
async function resolveId(api: ApiClient, idOrName: string): Promise<string> {
  const { connectors } = await api.call<{ connectors: ConnectorView[] }>('GET', '/api/v1/connectors');
  const byId = connectors.find((c) => c.id === idOrName);
  if (byId) return byId.id;
  const byName = connectors.filter((c) => c.name.toLowerCase() === idOrName.toLowerCase());
  if (byName.length === 1) return (byName[0] as ConnectorView).id;
  if (byName.length > 1) throw new CliError(`"${idOrName}" names more than one connector; use its id`);
  throw new CliError(`no connector with id or name "${idOrName}"; see hecate connector list`);
}

const path = (id: string, rest = ''): string => `/api/v1/connectors/${encodeURIComponent(id)}${rest}`;
const print = (value: unknown): void => void process.stdout.write(JSON.stringify(value, null, 2) + '\n');

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

export function addConnectorCommands(program: Command, client: (opts: ClientOptions) => ApiClient): void {
  const connector = program.command('connector').description('create and list data connectors (HEC API keys)');

  connector
    .command('create')
    .description('create a connector; prints its API key (shown once) and ingest URL')
    .requiredOption('--name <name>', 'connector name (letters, digits, spaces, _ - .)')
    .requiredOption('--parser <parser>', 'parser to apply to its events (raw, json)')
    .option('--description <text>', 'free-text description')
    .option('--use-ack', 'require indexer acknowledgement channels (HEC useACK)')
    .option('--allow-query-string-auth', 'accept the key as ?token= in the URL')
    .option('--index <name...>', 'allowed indexes (default: any)')
    .option('--default-index <name>', 'index for events that name none', 'main')
    .option('--default-sourcetype <name>', 'sourcetype for events that name none')
    .option('--json', 'print the created connector as JSON')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const body = {
        name: opts.name,
        parser: opts.parser,
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        hec: {
          useAck: Boolean(opts.useAck),
          allowQueryStringAuth: Boolean(opts.allowQueryStringAuth),
          indexes: (opts.index as string[] | undefined) ?? [],
          defaultIndex: opts.defaultIndex,
          ...(opts.defaultSourcetype !== undefined ? { defaultSourcetype: opts.defaultSourcetype } : {}),
        },
      };
      const created = await client(cmd.optsWithGlobals()).call<ConnectorView>('POST', '/api/v1/connectors', body);
      if (opts.json) {
        process.stdout.write(JSON.stringify(created, null, 2) + '\n');
        return;
      }
      process.stdout.write(
        [
          `Created connector "${created.name}" (id ${created.id}, parser ${created.parser}).`,
          '',
          `  Ingest URL: ${created.ingestUrl}`,
          `  API key:    ${created.apiKey}`,
          '',
          'Copy the API key now: it is shown only this once.',
          'Send an event:',
          `  curl ${created.ingestUrl} -H "Authorization: Splunk ${created.apiKey}" -d '{"event": "hello, Hecate"}'`,
          '',
        ].join('\n'),
      );
    });

  connector
    .command('list')
    .description('list connectors with their status')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { connectors } = await client(cmd.optsWithGlobals()).call<{ connectors: ConnectorView[] }>('GET', '/api/v1/connectors');
      if (opts.json) {
        process.stdout.write(JSON.stringify(connectors, null, 2) + '\n');
        return;
      }
      if (connectors.length === 0) {
        process.stdout.write('No connectors yet. Create one with: hecate connector create --name NAME --parser json\n');
        return;
      }
      const rows = [['NAME', 'ID', 'PARSER', 'STATUS', 'LAST EVENT', 'KEY'], ...connectors.map((c) => [c.name, c.id, c.parser, c.status, c.lastIngestedAt ?? '-', c.keyFingerprint])];
      process.stdout.write(table(rows) + '\n');
    });

  connector
    .command('regenerate-key <idOrName>')
    .description('replace the API key (shown once); the old key stops at once, or after --grace')
    .option('--grace <duration>', 'keep the old key working this long too, e.g. 30m, 1h, 7d (at most 7 days)')
    .option('--json', 'print JSON')
    .action(async (idOrName: string, opts: { grace?: string; json?: boolean }, cmd: Command) => {
      const api = client(cmd.optsWithGlobals());
      const graceSeconds = opts.grace === undefined ? 0 : parseDuration(opts.grace);
      const id = await resolveId(api, idOrName);
      const out = await api.call<{ apiKey: string; keyFingerprint: string; previousKeyFingerprint: string; previousKeyValidUntil?: string }>(
        'POST',
        path(id, '/api-key'),
        { gracePeriodSeconds: graceSeconds },
      );
      if (opts.json) return print(out);
      process.stdout.write(
        [
          `New API key (fingerprint ${out.keyFingerprint}):`,
          `  ${out.apiKey}`,
          '',
          'Copy it now: it is shown only this once.',
          out.previousKeyValidUntil !== undefined
            ? `The old key (${out.previousKeyFingerprint}) keeps working until ${out.previousKeyValidUntil}.`
            : `The old key (${out.previousKeyFingerprint}) no longer works.`,
          '',
        ].join('\n'),
      );
    });

  for (const [name, enabled] of [['pause', false], ['resume', true]] as const) {
    connector
      .command(`${name} <idOrName>`)
      .description(enabled ? 'accept events again' : 'refuse events (HEC code 1) without deleting the connector')
      .action(async (idOrName: string, _opts: unknown, cmd: Command) => {
        const api = client(cmd.optsWithGlobals());
        const c = await api.call<ConnectorView>('PATCH', path(await resolveId(api, idOrName)), { enabled });
        process.stdout.write(`Connector "${c.name}" is ${c.status}.\n`);
      });
  }

  connector
    .command('delete <idOrName>')
    .description('delete a connector: its key stops at once, its stored events stay searchable')
    .action(async (idOrName: string, _opts: unknown, cmd: Command) => {
      const api = client(cmd.optsWithGlobals());
      const id = await resolveId(api, idOrName);
      await api.call('DELETE', path(id));
      process.stdout.write(`Deleted connector ${idOrName} (id ${id}). Its events remain searchable.\n`);
    });

  connector
    .command('update <idOrName>')
    .description('change name, description or parser (a new parser applies to events received after)')
    .option('--name <name>', 'new name')
    .option('--description <text>', 'new description')
    .option('--parser <parser>', 'new parser')
    .option('--json', 'print JSON')
    .action(async (idOrName: string, opts: { name?: string; description?: string; parser?: string; json?: boolean }, cmd: Command) => {
      const patch = {
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        ...(opts.parser !== undefined ? { parser: opts.parser } : {}),
      };
      if (Object.keys(patch).length === 0) throw new CliError('nothing to update: give --name, --description or --parser');
      const api = client(cmd.optsWithGlobals());
      const c = await api.call<ConnectorView>('PATCH', path(await resolveId(api, idOrName)), patch);
      if (opts.json) return print(c);
      process.stdout.write(`Updated connector "${c.name}" (id ${c.id}, parser ${c.parser}).\n`);
    });

  connector
    .command('status <idOrName>')
    .description('status, last 24 hours of traffic and HEC errors by code, key last use')
    .option('--json', 'print JSON')
    .action(async (idOrName: string, opts: { json?: boolean }, cmd: Command) => {
      const api = client(cmd.optsWithGlobals());
      const s = await api.call<StatusView>('GET', path(await resolveId(api, idOrName), '/status'));
      if (opts.json) return print(s);
      const errors = Object.entries(s.last24h.hecErrorsByCode).map(([code, n]) => `code ${code}: ${n}`).join(', ') || 'none';
      const lines = [
        `${s.name}: ${s.status} — ${STATUS_HINTS[s.status] ?? ''}`,
        `  last event:    ${s.lastIngestedAt ?? 'never'}`,
        `  last request:  ${s.lastRequestAt ?? 'never'}`,
        `  last 24 hours: ${s.last24h.events} events, ${s.last24h.bytes} bytes, ${s.last24h.requests} requests (${s.last24h.rejectedRequests} rejected), ${s.last24h.parseErrors} parse errors`,
        `  HEC errors:    ${errors}`,
        `  key:           ${s.keys.keyFingerprint}, last used ${s.keys.keyLastUsedAt ?? 'never'}`,
      ];
      if (s.keys.previousKeyFingerprint !== undefined) {
        lines.push(`  previous key:  ${s.keys.previousKeyFingerprint}, valid until ${s.keys.previousKeyValidUntil}, last used ${s.keys.previousKeyLastUsedAt ?? 'never'}`);
      }
      if (s.last24h.rejectedRequests > 0) lines.push('', `Rejected requests in detail: hecate search '#repo=connection_errors #connector=${s.name}'`);
      process.stdout.write(lines.join('\n') + '\n');
    });

  connector
    .command('senders <idOrName>')
    .description('hosts and sources seen in the last 7 days; --silent: only those gone quiet')
    .option('--silent', 'only senders quiet for much longer than their usual interval')
    .option('--json', 'print JSON')
    .action(async (idOrName: string, opts: { silent?: boolean; json?: boolean }, cmd: Command) => {
      const api = client(cmd.optsWithGlobals());
      const out = await api.call<SendersView>('GET', path(await resolveId(api, idOrName), `/senders${opts.silent ? '?silent=true' : ''}`));
      if (opts.json) return print(out);
      if (out.senders.length === 0) {
        process.stdout.write(opts.silent ? 'No silent senders.\n' : 'No senders in the last 7 days.\n');
        return;
      }
      const rows = [
        ['HOST', 'SOURCE', 'LAST SEEN', 'EVENTS', 'USUAL INTERVAL', 'SILENT'],
        ...out.senders.map((s) => [s.host ?? '-', s.source ?? '-', s.lastSeenAt, String(s.events), s.usualIntervalSeconds === null ? '-' : `${s.usualIntervalSeconds}s`, s.silent ? 'yes' : '']),
      ];
      process.stdout.write(table(rows) + '\n');
      if (out.evictions > 0) process.stdout.write(`(${out.evictions} least recently seen senders were forgotten to stay within the limit)\n`);
    });

  connector
    .command('preview <idOrName> <file>')
    .description('show what the connector would store for sample events (a JSON array, or one HEC envelope or raw line per line); stores nothing')
    .action(async (idOrName: string, file: string, _opts: unknown, cmd: Command) => {
      const api = client(cmd.optsWithGlobals());
      print(await api.call('POST', path(await resolveId(api, idOrName), '/preview'), { events: readSamples(file) }));
    });
}

/** Sample events for preview: a JSON array, or lines that are each an HEC envelope object or a raw event. */
function readSamples(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (text.trimStart().startsWith('[')) {
    try {
      return JSON.parse(text) as unknown[];
    } catch {
      // Not a JSON array after all: fall through to one event per line.
    }
  }
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      if (!line.trimStart().startsWith('{')) return line;
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return line;
      }
    });
}
