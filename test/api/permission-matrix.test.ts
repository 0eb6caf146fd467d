/**
 * The role × endpoint matrix against the real server: one user per role signs in, and every management
 * endpoint is called by every role. A role that holds the route's permission must get past the check
 * (any answer but 401/403: a 404 for a made-up id or a 400 for an empty body is fine); every other role
 * must get 403. The table lists every endpoint; a test reads the route sources and fails when an
 * endpoint exists without a row, so a new route cannot skip this suite. Adding a row is one line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startHecate, type Hecate } from '../helpers/server.js';

type Role = 'admin' | 'connector_manager' | 'analyst' | 'read_only';
const ROLES: readonly Role[] = ['admin', 'connector_manager', 'analyst', 'read_only'];

// Who may call what, written out independently of ROLE_PERMISSIONS so the matrix is checked, not echoed.
const EVERYONE: readonly Role[] = ROLES;
const CONNECTOR_WRITERS: readonly Role[] = ['admin', 'connector_manager'];
const SEARCHERS: readonly Role[] = ['admin', 'connector_manager', 'analyst'];
const ADMINS: readonly Role[] = ['admin'];

const NO_ID = '00000000-0000-4000-8000-000000000000';

interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  allowed: readonly Role[];
  /** Changes state (creates, edits, deletes something other than one's own session or password). */
  write: boolean;
  body?: unknown;
  /** Call with a session of its own (the route ends the session it is called with). */
  ownSession?: boolean;
}

const row = (method: Row['method'], p: string, allowed: readonly Role[], write: boolean, extra: Partial<Row> = {}): Row => ({ method, path: p, allowed, write, ...extra });

const TABLE: readonly Row[] = [
  row('POST', '/api/v1/auth/logout', EVERYONE, false, { ownSession: true }),
  row('GET', '/api/v1/auth/me', EVERYONE, false),
  row('POST', '/api/v1/auth/password', EVERYONE, false, { body: {} }),
  row('GET', '/api/v1/auth/sessions', EVERYONE, false),
  row('DELETE', `/api/v1/auth/sessions/${NO_ID}`, EVERYONE, false),
  row('GET', '/api/v1/connectors', EVERYONE, false),
  row('POST', '/api/v1/connectors', CONNECTOR_WRITERS, true, { body: {} }),
  row('GET', `/api/v1/connectors/${NO_ID}`, EVERYONE, false),
  row('PATCH', `/api/v1/connectors/${NO_ID}`, CONNECTOR_WRITERS, true, { body: {} }),
  row('DELETE', `/api/v1/connectors/${NO_ID}`, CONNECTOR_WRITERS, true),
  row('POST', `/api/v1/connectors/${NO_ID}/api-key`, CONNECTOR_WRITERS, true, { body: {} }),
  row('GET', `/api/v1/connectors/${NO_ID}/status`, EVERYONE, false),
  row('GET', `/api/v1/connectors/${NO_ID}/senders`, EVERYONE, false),
  row('GET', '/api/v1/parsers', EVERYONE, false),
  row('POST', '/api/v1/parsers', CONNECTOR_WRITERS, true, { body: {} }),
  row('POST', '/api/v1/parsers/import', CONNECTOR_WRITERS, true, { body: {} }),
  row('POST', '/api/v1/parsers/test', EVERYONE, false, { body: {} }),
  row('POST', '/api/v1/parsers/lint', EVERYONE, false, { body: {} }),
  row('GET', `/api/v1/parsers/${NO_ID}`, EVERYONE, false),
  row('PUT', `/api/v1/parsers/${NO_ID}`, CONNECTOR_WRITERS, true, { body: {} }),
  row('DELETE', `/api/v1/parsers/${NO_ID}`, CONNECTOR_WRITERS, true),
  row('POST', `/api/v1/parsers/${NO_ID}/clone`, CONNECTOR_WRITERS, true, { body: {} }),
  row('GET', `/api/v1/parsers/${NO_ID}/yaml`, EVERYONE, false),
  row('POST', `/api/v1/parsers/${NO_ID}/test`, EVERYONE, false),
  row('POST', `/api/v1/connectors/${NO_ID}/preview`, EVERYONE, false, { body: {} }),
  row('POST', '/api/v1/search', SEARCHERS, false, { body: { query: '', start: '5m' } }),
  row('POST', '/api/v1/search/histogram', SEARCHERS, false, { body: { query: '', start: '5m' } }),
  row('POST', '/api/v1/search/fields', SEARCHERS, false, { body: { query: '', start: '5m' } }),
  row('POST', '/api/v1/queryjobs', SEARCHERS, false, { body: { queryString: '', start: '5m' } }),
  row('GET', `/api/v1/queryjobs/${NO_ID}`, SEARCHERS, false),
  row('DELETE', `/api/v1/queryjobs/${NO_ID}`, SEARCHERS, false),
  row('GET', '/api/v1/audit', ADMINS, false),
  row('GET', '/api/v1/users', ADMINS, false),
  row('POST', '/api/v1/users', ADMINS, true, { body: {} }),
  row('GET', `/api/v1/users/${NO_ID}`, ADMINS, false),
  row('PATCH', `/api/v1/users/${NO_ID}`, ADMINS, true, { body: { disabled: true } }),
  row('DELETE', `/api/v1/users/${NO_ID}`, ADMINS, true),
  row('GET', '/api/v1/tokens', ADMINS, false),
  row('POST', '/api/v1/tokens', ADMINS, true, { body: {} }),
  row('DELETE', `/api/v1/tokens/${NO_ID}`, ADMINS, true),
];

/** Every `method: '…', path: '/api/…'` declared in api/*-routes.ts and server.ts. */
function declaredEndpoints(): string[] {
  const src = path.join(REPO_ROOT, 'packages/server/src');
  const files = [
    ...readdirSync(path.join(src, 'api'))
      .filter((f) => f.endsWith('-routes.ts'))
      .map((f) => path.join(src, 'api', f)),
    path.join(src, 'server.ts'),
  ];
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/method:\s*'([A-Z]+)',\s*path:\s*'(\/api\/[^']+)'/g)) found.push(`${m[1]} ${m[2]}`);
  }
  return found;
}

const pattern = (p: string): string => p.replace(/\/:[^/]+/g, '/:param');
const endpointOf = (r: Row): string => `${r.method} ${pattern(r.path.replace(new RegExp(NO_ID, 'g'), ':id'))}`;

let hecate: Hecate;
const tokens = new Map<Role, string>();
const passwords = new Map<Role, string>();
/** Every response body seen in this suite, to look for password hashes in all of them at the end. */
const seen: string[] = [];

async function signIn(username: string, password: string): Promise<string> {
  const res = await fetch(`${hecate.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password }) });
  const text = await res.text();
  seen.push(text);
  expect(res.status, text).toBe(200);
  return (JSON.parse(text) as { token: string }).token;
}

async function call(token: string, r: Row): Promise<{ status: number; text: string }> {
  const res = await fetch(hecate.url + r.path, {
    method: r.method,
    headers: { authorization: `Bearer ${token}`, ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}),
  });
  const text = await res.text();
  seen.push(text);
  return { status: res.status, text };
}

beforeAll(async () => {
  hecate = await startHecate();
  for (const role of ROLES) {
    const username = `matrix-${role.replace('_', '-')}`;
    const password = `matrix password for ${role}`;
    const created = await hecate.api('POST', '/api/v1/users', { username, password, role });
    seen.push(created.text);
    expect(created.status, created.text).toBe(201);
    passwords.set(role, password);
    tokens.set(role, await signIn(username, password));
  }
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('permission matrix', () => {
  it('has a row for every management endpoint the server declares', () => {
    const declared = declaredEndpoints().filter((e) => e !== 'POST /api/v1/auth/login'); // public: no role involved
    const covered = new Set(TABLE.map(endpointOf));
    const missing = declared.map((e) => {
      const [method, p] = e.split(' ') as [string, string];
      return `${method} ${pattern(p)}`;
    }).filter((e) => !covered.has(e));
    expect(missing, 'endpoints without a row in TABLE').toEqual([]);
    expect(declared.length).toBeGreaterThanOrEqual(TABLE.length);
  });

  describe.each(ROLES)('%s', (role) => {
    it.each(TABLE.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_name, r) => {
      const username = `matrix-${role.replace('_', '-')}`;
      const token = r.ownSession ? await signIn(username, passwords.get(role) as string) : (tokens.get(role) as string);
      const { status, text } = await call(token, r);
      if (r.allowed.includes(role)) {
        expect([401, 403], `${role} ${r.method} ${r.path} answered ${status} ${text}`).not.toContain(status);
      } else {
        expect(status, `${role} ${r.method} ${r.path} answered ${text}`).toBe(403);
        expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      }
    });
  });

  it.each(['read_only', 'analyst'] as const)('a %s user cannot reach any write endpoint', async (role) => {
    const writes = TABLE.filter((r) => r.write);
    expect(writes.length).toBeGreaterThan(5);
    for (const r of writes) {
      const { status } = await call(tokens.get(role) as string, r);
      expect(status, `${role} ${r.method} ${r.path}`).toBe(403);
    }
  });

  it('refuses every endpoint without a token with 401', async () => {
    for (const r of TABLE) {
      const res = await fetch(hecate.url + r.path, { method: r.method });
      seen.push(await res.text());
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });

  it('never shows a password hash in any answer', async () => {
    const listed = await hecate.api('GET', '/api/v1/users');
    seen.push(listed.text);
    expect(listed.status).toBe(200);
    expect(seen.length).toBeGreaterThan(TABLE.length * ROLES.length);
    for (const text of seen) {
      expect(text).not.toMatch(/scrypt\$|password_?hash/i);
      for (const password of passwords.values()) expect(text).not.toContain(password);
    }
  });
});
