/** `hecate token …`: API tokens for automation (Administrators only). The token is printed once. */
import type { Command } from 'commander';
import type { ApiClient, ClientOptions } from './api-client.js';
import { printTable } from './print-table.js';

interface TokenView {
  id: string;
  name: string;
  role: string;
  fingerprint: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  token?: string;
}

export function addTokenCommands(program: Command, client: (opts: ClientOptions) => ApiClient): void {
  const token = program.command('token').description('manage API tokens for automation (Administrators only)');

  token
    .command('create')
    .description('create an API token; prints it once')
    .requiredOption('--name <name>', 'what the token is for')
    .requiredOption('--role <role>', 'admin, connector_manager, analyst or read_only (at most your own)')
    .option('--expires-in-days <days>', 'days until it expires (default: never)')
    .action(async (opts: { name: string; role: string; expiresInDays?: string }, cmd: Command) => {
      const created = await client(cmd.optsWithGlobals()).call<TokenView>('POST', '/api/v1/tokens', {
        name: opts.name,
        role: opts.role,
        ...(opts.expiresInDays !== undefined ? { expiresInDays: Number(opts.expiresInDays) } : {}),
      });
      process.stdout.write(
        [
          `Created API token "${created.name}" (id ${created.id}, role ${created.role}, fingerprint ${created.fingerprint}, expires ${created.expiresAt ?? 'never'}).`,
          '',
          `  ${created.token}`,
          '',
          'Copy it now: it is shown only this once. Use it as HECATE_TOKEN or "Authorization: Bearer <token>".',
          '',
        ].join('\n'),
      );
    });

  token
    .command('list')
    .description('list API tokens (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { tokens } = await client(cmd.optsWithGlobals()).call<{ tokens: TokenView[] }>('GET', '/api/v1/tokens');
      if (opts.json) {
        process.stdout.write(JSON.stringify(tokens, null, 2) + '\n');
        return;
      }
      const rows = tokens.map((t) => [t.name, t.id, t.role, t.fingerprint, t.createdBy ?? '-', t.expiresAt ?? 'never', t.lastUsedAt ?? '-']);
      process.stdout.write(printTable([['NAME', 'ID', 'ROLE', 'FINGERPRINT', 'CREATED BY', 'EXPIRES', 'LAST USED'], ...rows]));
    });

  token
    .command('revoke')
    .description('revoke an API token at once')
    .argument('<id>', 'token id (see hecate token list)')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await client(cmd.optsWithGlobals()).call('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
      process.stdout.write(`Revoked API token ${id}.\n`);
    });
}
