/**
 * Users, sessions, API tokens and the sign-in rate limit, against the real binary.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HECATE_BIN, marker, REPO_ROOT, startHecate, type Hecate } from '../helpers/server.js';

interface ErrorBody {
  error: { code: string; message: string };
}

let hecate: Hecate;

beforeAll(async () => {
  hecate = await startHecate();
});

afterAll(async () => {
  await hecate?.dispose();
});

async function request(method: string, urlPath: string, token: string, body?: unknown) {
  const res = await fetch(hecate.url + urlPath, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

async function login(username: string, password: string) {
  const res = await fetch(`${hecate.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password }) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function newUser(role: string, extra: Record<string, unknown> = {}) {
  const username = marker('u');
  const password = `pw ${username} long enough`;
  const created = await hecate.api<Record<string, unknown>>('POST', '/api/v1/users', { username, password, role, ...extra });
  expect(created.status, created.text).toBe(201);
  const signed = await login(username, password);
  return { id: created.body.id as string, username, password, token: signed.body.token as string };
}

describe('users', () => {
  it('validates username, password length and role', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ username: 'Bad Name', password: 'long enough password', role: 'analyst' }, 'username'],
      [{ username: 'x', password: 'long enough password', role: 'analyst' }, 'username'],
      [{ username: 'short-pw', password: 'elevenchars', role: 'analyst' }, 'password'],
      [{ username: 'bad-role', password: 'long enough password', role: 'root' }, 'role'],
      [{ username: 'extra', password: 'long enough password', role: 'analyst', isAdmin: true }, 'isAdmin'],
    ];
    for (const [body, field] of cases) {
      const res = await hecate.api<{ error: { field: string } }>('POST', '/api/v1/users', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
  });

  it('refuses to delete, demote or disable the last enabled admin, with a clear message', async () => {
    const { users } = (await hecate.api<{ users: Array<{ id: string; username: string }> }>('GET', '/api/v1/users')).body;
    const admin = users.find((u) => u.username === 'admin') as { id: string };
    for (const [method, body] of [['DELETE', undefined], ['PATCH', { role: 'analyst' }], ['PATCH', { disabled: true }]] as const) {
      const res = await hecate.api<ErrorBody>(method, `/api/v1/users/${admin.id}`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('LAST_ADMIN');
      expect(res.body.error.message).toMatch(/last enabled admin/);
    }
  });

  it('ends a user’s sessions when they are disabled, and refuses their sign-in', async () => {
    const ann = await newUser('analyst');
    expect((await request('GET', '/api/v1/auth/me', ann.token)).status).toBe(200);
    expect((await hecate.api('PATCH', `/api/v1/users/${ann.id}`, { disabled: true })).status).toBe(200);
    expect((await request('GET', '/api/v1/auth/me', ann.token)).status).toBe(401);
    expect((await login(ann.username, ann.password)).status).toBe(401);
    expect((await hecate.api('PATCH', `/api/v1/users/${ann.id}`, { disabled: false })).status).toBe(200);
    expect((await request('GET', '/api/v1/auth/me', ann.token)).status).toBe(401);
    expect((await login(ann.username, ann.password)).status).toBe(200);
  });

  it('ends a user’s sessions when they are deleted', async () => {
    const bob = await newUser('read_only');
    expect((await hecate.api('DELETE', `/api/v1/users/${bob.id}`)).status).toBe(204);
    expect((await request('GET', '/api/v1/auth/me', bob.token)).status).toBe(401);
    expect((await hecate.api('GET', `/api/v1/users/${bob.id}`)).status).toBe(404);
  });

  it('lets a read_only user search only with the canSearch grant', async () => {
    const ro = await newUser('read_only');
    const search = () => request('POST', '/api/v1/search', ro.token, { query: '', start: '5m' });
    expect((await search()).status).toBe(403);
    const granted = await hecate.api<Record<string, unknown>>('PATCH', `/api/v1/users/${ro.id}`, { canSearch: true });
    expect(granted.body).toMatchObject({ role: 'read_only', canSearch: true });
    expect((await search()).status).toBe(200);
    expect((await request('POST', '/api/v1/connectors', ro.token, { name: marker('c'), parser: 'json' })).status).toBe(403);
    expect((await hecate.api('PATCH', `/api/v1/users/${ro.id}`, { canSearch: false })).status).toBe(200);
    expect((await search()).status).toBe(403);
  });
});

describe('own password and sessions', () => {
  it('changes the password with the current one, ending every other session', async () => {
    const ann = await newUser('analyst');
    const other = (await login(ann.username, ann.password)).body.token as string;
    const wrong = await request('POST', '/api/v1/auth/password', ann.token, { currentPassword: 'not it at all', newPassword: 'a brand new password' });
    expect(wrong.status).toBe(401);
    const short = await request('POST', '/api/v1/auth/password', ann.token, { currentPassword: ann.password, newPassword: 'short' });
    expect(short.status).toBe(400);
    const ok = await request('POST', '/api/v1/auth/password', ann.token, { currentPassword: ann.password, newPassword: 'a brand new password' });
    expect(ok.status).toBe(200);
    expect((await request('GET', '/api/v1/auth/me', other)).status).toBe(401);
    expect((await request('GET', '/api/v1/auth/me', ann.token)).status).toBe(200);
    expect((await login(ann.username, ann.password)).status).toBe(401);
    expect((await login(ann.username, 'a brand new password')).status).toBe(200);
  });

  it('lists one’s own sessions by id (never a token) and revokes one', async () => {
    const ann = await newUser('analyst');
    const second = await login(ann.username, ann.password);
    const list = await request('GET', '/api/v1/auth/sessions', ann.token);
    const sessions = list.body.sessions as Array<{ id: string; current: boolean }>;
    expect(sessions).toHaveLength(2);
    expect(list.text).not.toContain(ann.token);
    expect(list.text).not.toContain(second.body.token as string);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const secondId = second.body.sessionId as string;
    expect(sessions.map((s) => s.id)).toContain(secondId);
    // Another user cannot end it.
    const bob = await newUser('analyst');
    expect((await request('DELETE', `/api/v1/auth/sessions/${secondId}`, bob.token)).status).toBe(404);
    expect((await request('DELETE', `/api/v1/auth/sessions/${secondId}`, ann.token)).status).toBe(204);
    expect((await request('GET', '/api/v1/auth/me', second.body.token as string)).status).toBe(401);
    expect((await request('GET', '/api/v1/auth/me', ann.token)).status).toBe(200);
  });
});

describe('API tokens', () => {
  it('shows the token once, lists it without the secret, acts with its role, and stops at revocation', async () => {
    const created = await hecate.api<Record<string, unknown>>('POST', '/api/v1/tokens', { name: 'ci pipeline', role: 'analyst', expiresInDays: 30 });
    expect(created.status, created.text).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^hct_/);
    expect(created.body).toMatchObject({ name: 'ci pipeline', role: 'analyst', createdBy: 'admin', lastUsedAt: null });
    expect(created.body.fingerprint).toMatch(/^[0-9a-f]{8}$/);

    expect((await request('POST', '/api/v1/search', token, { query: '', start: '5m' })).status).toBe(200);
    expect((await request('GET', '/api/v1/connectors', token)).status).toBe(200);
    expect((await request('POST', '/api/v1/connectors', token, { name: marker('c'), parser: 'json' })).status).toBe(403);
    expect((await request('GET', '/api/v1/users', token)).status).toBe(403);
    // Sessions and passwords belong to people, not tokens.
    expect((await request('GET', '/api/v1/auth/sessions', token)).status).toBe(403);

    const list = await hecate.api<{ tokens: Array<Record<string, unknown>> }>('GET', '/api/v1/tokens');
    expect(list.text).not.toContain(token);
    const listed = list.body.tokens.find((t) => t.id === created.body.id);
    expect(listed).toMatchObject({ fingerprint: created.body.fingerprint, role: 'analyst' });
    expect(listed?.lastUsedAt).not.toBeNull();

    expect((await hecate.api('DELETE', `/api/v1/tokens/${String(created.body.id)}`)).status).toBe(204);
    const after = await request('GET', '/api/v1/connectors', token);
    expect(after.status).toBe(401);
    expect((after.body as unknown as ErrorBody).error.code).toBe('UNAUTHENTICATED');
    expect((await request('GET', '/api/v1/connectors', 'hct_madeup')).status).toBe(401);
  });

  it('lets an admin API token mint tokens, and refuses an unknown role', async () => {
    const adminToken = (await hecate.api<Record<string, unknown>>('POST', '/api/v1/tokens', { name: 'admin-bot', role: 'admin' })).body.token as string;
    const minted = await request('POST', '/api/v1/tokens', adminToken, { name: 'child', role: 'read_only' });
    expect(minted.status).toBe(201);
    expect((await request('POST', '/api/v1/tokens', adminToken, { name: 'bad', role: 'superuser' })).status).toBe(400);
  });
});

describe('CLI', () => {
  const run = (args: string[], stdin?: string, env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const proc = spawn(process.execPath, [HECATE_BIN, ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, HECATE_URL: hecate.url, HECATE_PASSWORD: hecate.adminPassword, HECATE_USERNAME: 'admin', HECATE_TOKEN: '', ...env },
      });
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      proc.stdin.end(stdin ?? '');
      proc.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

  it('creates, lists, re-roles, disables and deletes a user, and creates, lists and revokes a token', async () => {
    const name = marker('cli');
    const created = await run(['user', 'create', '--username', name, '--role', 'analyst', '--password-stdin'], 'cli password long enough\n');
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain(`Created user "${name}"`);
    expect((await login(name, 'cli password long enough')).status).toBe(200);
    expect((await run(['user', 'list'])).stdout).toMatch(new RegExp(`${name}\\s+\\S+\\s+analyst`));
    expect((await run(['user', 'set-role', name, 'read_only', '--can-search'])).stdout).toContain('read_only with search');
    expect((await run(['user', 'disable', name])).stdout).toContain('is disabled');
    expect((await login(name, 'cli password long enough')).status).toBe(401);
    expect((await run(['user', 'delete', name])).code).toBe(0);
    expect((await run(['user', 'list'])).stdout).not.toContain(name);

    const fromEnv = await run(['user', 'create', '--username', `${name}-2`, '--role', 'read_only'], undefined, { HECATE_NEW_PASSWORD: 'env password long enough' });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);

    const token = await run(['token', 'create', '--name', 'cli-bot', '--role', 'read_only', '--expires-in-days', '7']);
    expect(token.code, token.stderr).toBe(0);
    const secret = /(hct_\S+)/.exec(token.stdout)?.[1] as string;
    expect(secret).toBeDefined();
    const listed = await run(['token', 'list']);
    expect(listed.stdout).toContain('cli-bot');
    expect(listed.stdout).not.toContain(secret);
    expect((await run(['connector', 'list'], undefined, { HECATE_TOKEN: secret })).code).toBe(0);
    const id = /id ([0-9a-f-]{36})/.exec(token.stdout)?.[1] as string;
    expect((await run(['token', 'revoke', id])).code).toBe(0);
    const refused = await run(['connector', 'list'], undefined, { HECATE_TOKEN: secret });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('401');
  });
});
