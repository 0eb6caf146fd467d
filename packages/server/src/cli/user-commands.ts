/**
 * `hecate user …`: user administration through the management API (Administrators only).
 *
 * The program's global `--username` (who signs in) has the same spelling as `user create --username`
 * (the new user). Commander gives a program option precedence wherever it appears, so for `user create`
 * the value is read as the new user's name, and the CLI signs in with --token/HECATE_TOKEN or
 * HECATE_USERNAME instead.
 */
import type { Command } from 'commander';
import { CliError, type ApiClient, type ClientOptions } from './api-client.js';
import { printTable } from './print-table.js';

interface UserView {
  id: string;
  username: string;
  role: string;
  disabled: boolean;
  canSearch: boolean;
  createdAt: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline comes from `echo` or a here-string; it is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** The user's id for a username (or an id given directly). */
async function resolveUserId(api: ApiClient, nameOrId: string): Promise<string> {
  const { users } = await api.call<{ users: UserView[] }>('GET', '/api/v1/users');
  const found = users.find((u) => u.username === nameOrId || u.id === nameOrId);
  if (!found) throw new CliError(`no user "${nameOrId}"; see hecate user list`);
  return found.id;
}

export function addUserCommands(program: Command, client: (opts: ClientOptions) => ApiClient): void {
  const user = program.command('user').description('manage users (Administrators only)');

  user
    .command('create')
    .description('create a user; the password comes from standard input (--password-stdin) or HECATE_NEW_PASSWORD')
    .option('--username <name>', 'name of the new user (lowercase letters, digits, . _ -)')
    .requiredOption('--role <role>', 'admin, connector_manager, analyst or read_only')
    .option('--password-stdin', 'read the new password from standard input')
    .option('--can-search', 'let a read_only user search raw data')
    .action(async (opts: { username?: string; role: string; passwordStdin?: boolean; canSearch?: boolean }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<ClientOptions>();
      const username = opts.username ?? globals.username;
      if (username === undefined) throw new CliError('--username is required: the name of the new user');
      const password = opts.passwordStdin ? await readStdin() : process.env.HECATE_NEW_PASSWORD;
      if (!password) throw new CliError('no password: pipe it with --password-stdin or set HECATE_NEW_PASSWORD');
      const { username: _newUser, ...signIn } = globals;
      const created = await client(signIn).call<UserView>('POST', '/api/v1/users', {
        username,
        password,
        role: opts.role,
        ...(opts.canSearch ? { canSearch: true } : {}),
      });
      process.stdout.write(`Created user "${created.username}" (id ${created.id}, role ${created.role}).\n`);
    });

  user
    .command('list')
    .description('list users')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { users } = await client(cmd.optsWithGlobals()).call<{ users: UserView[] }>('GET', '/api/v1/users');
      if (opts.json) {
        process.stdout.write(JSON.stringify(users, null, 2) + '\n');
        return;
      }
      const rows = users.map((u) => [u.username, u.id, u.role + (u.canSearch ? ' (+search)' : ''), u.disabled ? 'disabled' : 'enabled', u.createdAt]);
      process.stdout.write(printTable([['USERNAME', 'ID', 'ROLE', 'STATUS', 'CREATED'], ...rows]));
    });

  user
    .command('set-role')
    .description("change a user's role")
    .argument('<user>', 'username or id')
    .argument('<role>', 'admin, connector_manager, analyst or read_only')
    .option('--can-search', 'with read_only: allow searching raw data')
    .action(async (name: string, role: string, opts: { canSearch?: boolean }, cmd: Command) => {
      const api = client(cmd.optsWithGlobals());
      const updated = await api.call<UserView>('PATCH', `/api/v1/users/${encodeURIComponent(await resolveUserId(api, name))}`, {
        role,
        ...(opts.canSearch ? { canSearch: true } : {}),
      });
      process.stdout.write(`User "${updated.username}" now has the role ${updated.role}${updated.canSearch ? ' with search' : ''}.\n`);
    });

  const toggle = (verb: 'disable' | 'enable', disabled: boolean, note: string) =>
    user
      .command(verb)
      .description(`${verb} a user${note}`)
      .argument('<user>', 'username or id')
      .action(async (name: string, _opts: unknown, cmd: Command) => {
        const api = client(cmd.optsWithGlobals());
        const updated = await api.call<UserView>('PATCH', `/api/v1/users/${encodeURIComponent(await resolveUserId(api, name))}`, { disabled });
        process.stdout.write(`User "${updated.username}" is ${updated.disabled ? 'disabled' : 'enabled'}.\n`);
      });
  toggle('disable', true, ' (ends their sessions; their API tokens stop working)');
  toggle('enable', false, '');

  user
    .command('delete')
    .description('delete a user, their sessions and their API tokens')
    .argument('<user>', 'username or id')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const api = client(cmd.optsWithGlobals());
      await api.call('DELETE', `/api/v1/users/${encodeURIComponent(await resolveUserId(api, name))}`);
      process.stdout.write(`Deleted user "${name}".\n`);
    });
}
