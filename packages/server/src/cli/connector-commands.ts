import type { Command } from 'commander';
import type { ApiClient, ClientOptions } from './api-client.js';

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
}
