/**
 * Issue 3's "Done when", tried as a new user would, against the real binary, in one story:
 *
 *   the admin creates a Connector Manager with the CLI → they sign in → create a connector → send data
 *   → see it Active with counts → regenerate its key → the old key is refused (403 code 4) → pause it →
 *   its key answers code 1 → an Analyst signs in and is refused (403) on every write endpoint, which
 *   changes nothing.
 *
 * "Every write endpoint" is read from the route sources (every route whose permission is a `…:write` or
 * `users:manage`), so a write route added later is covered without editing this file.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HECATE_BIN, marker, REPO_ROOT, splunkAuth, startHecate, type Hecate } from '../helpers/server.js';

let hecate: Hecate;

beforeAll(async () => {
  hecate = await startHecate();
});
afterAll(async () => {
  await hecate?.dispose();
});

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** A management API call with someone's token (null: no Authorization). */
async function call<B = Record<string, unknown>>(token: string | null, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: B; text: string }> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(hecate.url + urlPath, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed as B, text };
}

async function signIn(username: string, password: string): Promise<string> {
  const reply = await call<{ token: string }>(null, 'POST', '/api/v1/auth/login', { username, password });
  expect(reply.status).toBe(200);
  return reply.body.token;
}

/** `hecate user create` as the admin, the password piped on standard input. */
async function cliCreateUser(username: string, role: string, password: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [HECATE_BIN, 'user', 'create', '--username', username, '--role', role, '--password-stdin'], {
    env: { ...process.env, HECATE_URL: hecate.url, HECATE_TOKEN: hecate.adminToken },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(password);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
}

/** Every non-GET route declared with a write permission (`…:write`, `users:manage`): `[method, path pattern]`. */
function writeRoutes(): Array<[string, string]> {
  const apiDir = path.join(REPO_ROOT, 'packages/server/src/api');
  const routes: Array<[string, string]> = [];
  for (const file of readdirSync(apiDir).filter((f) => f.endsWith('-routes.ts'))) {
    const text = readFileSync(path.join(apiDir, file), 'utf8');
    // One route object per `method:`; its path and permission follow before the next one.
    for (const chunk of text.split(/(?=method:\s*')/).slice(1)) {
      const m = /^method:\s*'([A-Z]+)',\s*path:\s*'(\/api\/[^']+)'[\s\S]*?permission:\s*'([^']+)'/.exec(chunk);
      if (m === null) continue;
      const [, method, pattern, permission] = m as unknown as [string, string, string, string];
      if (method !== 'GET' && (permission.endsWith(':write') || permission === 'users:manage')) routes.push([method, pattern]);
    }
  }
  return routes;
}

it('walks issue 3 end to end: Connector Manager sets up a connector, rotates and pauses it; an Analyst can write nothing', async () => {
  // 1. The admin creates a Connector Manager (CLI) and an Analyst (API).
  const cmName = marker('cm');
  const cmPassword = `pw-${marker('')}-long`;
  const created = await cliCreateUser(cmName, 'connector_manager', cmPassword);
  expect(created.code, created.out).toBe(0);
  expect(created.out).not.toContain(cmPassword);
  const analystName = marker('an');
  const analystPassword = `pw-${marker('')}-long`;
  const analystReply = await hecate.api<{ id: string; role: string }>('POST', '/api/v1/users', { username: analystName, password: analystPassword, role: 'analyst' });
  expect([analystReply.status, analystReply.body.role]).toEqual([201, 'analyst']);

  // 2. The Connector Manager signs in and is who the server says.
  const cm = await signIn(cmName, cmPassword);
  const me = await call<{ username: string; role: string }>(cm, 'GET', '/api/v1/auth/me');
  expect([me.status, me.body.username, me.body.role]).toEqual([200, cmName, 'connector_manager']);

  // 3. …creates a connector: its key is shown once, in this answer only.
  const made = await call<{ id: string; apiKey: string; status: string; ingestUrl: string }>(cm, 'POST', '/api/v1/connectors', { name: marker('firewalls'), parser: 'json' });
  expect(made.status).toBe(201);
  const { id, apiKey } = made.body;
  expect(made.body.status).toBe('Pending');
  expect(made.body.ingestUrl).toContain(String(hecate.port));
  expect((await call(cm, 'GET', `/api/v1/connectors/${id}`)).text).not.toContain(apiKey);

  // 4. …sends data, and sees the connector Active with its counts.
  const mark = marker('walk');
  const body = [1, 2, 3].map((n) => JSON.stringify({ event: { msg: mark, n }, host: 'fw-1' })).join('');
  const sent = await hecate.hec('/services/collector/event', { headers: splunkAuth(apiKey), body });
  expect([sent.status, sent.body.code]).toEqual([200, 0]);
  let status: { status: string; lastIngestedAt: string | null; last24h: { requests: number; events: number; bytes: number } } | undefined;
  for (let i = 0; i < 100 && status?.last24h.events !== 3; i++) {
    if (i > 0) await sleep(50);
    status = (await call<NonNullable<typeof status>>(cm, 'GET', `/api/v1/connectors/${id}/status`)).body;
  }
  expect(status?.status).toBe('Active');
  expect(status?.lastIngestedAt).not.toBeNull();
  expect(status?.last24h).toMatchObject({ requests: 1, events: 3, bytes: Buffer.byteLength(body) });
  const listed = await call<{ connectors: Array<{ id: string; status: string }> }>(cm, 'GET', '/api/v1/connectors');
  expect(listed.body.connectors.find((c) => c.id === id)?.status).toBe('Active');
  expect((await hecate.waitForEvents(mark, 3)).length).toBe(3);

  // 5. …regenerates the key: the old key is refused at once with code 4, the new one works.
  const rotated = await call<{ apiKey: string }>(cm, 'POST', `/api/v1/connectors/${id}/api-key`, {});
  expect(rotated.status).toBe(200);
  const newKey = rotated.body.apiKey;
  expect(newKey).not.toBe(apiKey);
  const old = await hecate.hec('/services/collector/event', { headers: splunkAuth(apiKey), body: '{"event":"old key"}' });
  expect([old.status, old.text]).toEqual([403, '{"text":"Invalid token","code":4}']);
  const fresh = await hecate.hec('/services/collector/event', { headers: splunkAuth(newKey), body: '{"event":"new key"}' });
  expect([fresh.status, fresh.body.code]).toEqual([200, 0]);

  // 6. …pauses it: the key answers code 1 and the status says Paused.
  const paused = await call<{ enabled: boolean }>(cm, 'PATCH', `/api/v1/connectors/${id}`, { enabled: false });
  expect([paused.status, paused.body.enabled]).toEqual([200, false]);
  const refused = await hecate.hec('/services/collector/event', { headers: splunkAuth(newKey), body: '{"event":"while paused"}' });
  expect([refused.status, refused.text]).toEqual([403, '{"text":"Token disabled","code":1}']);
  expect((await call<{ status: string }>(cm, 'GET', `/api/v1/connectors/${id}/status`)).body.status).toBe('Paused');

  // 7. An Analyst signs in: reads work, every write is refused with 403 and changes nothing.
  const analyst = await signIn(analystName, analystPassword);
  expect((await call(analyst, 'GET', `/api/v1/connectors/${id}`)).status).toBe(200);
  expect((await call(analyst, 'POST', '/api/v1/search', { query: mark, start: '1h' })).status).toBe(200);
  const writes = writeRoutes();
  // The routes this issue is about must be among them (the scan must not silently find nothing).
  for (const expected of ['POST /api/v1/connectors', 'PATCH /api/v1/connectors/:id', 'DELETE /api/v1/connectors/:id', 'POST /api/v1/connectors/:id/api-key', 'POST /api/v1/users', 'POST /api/v1/tokens']) {
    expect(writes.map(([m, p]) => `${m} ${p}`)).toContain(expected);
  }
  const before = (await hecate.api('GET', `/api/v1/connectors/${id}`)).text;
  for (const [method, pattern] of writes) {
    // Real ids: a refusal must come from the role check, not from a missing target.
    const url = pattern.replace(':id', pattern.includes('/users/') ? analystReply.body.id : id).replace(':name', 'json');
    const reply = await call<{ error?: { code: string } }>(analyst, method, url, method === 'DELETE' ? undefined : { name: marker('x'), enabled: true, role: 'admin' });
    expect([`${method} ${pattern}`, reply.status, reply.body?.error?.code]).toEqual([`${method} ${pattern}`, 403, 'FORBIDDEN']);
  }
  // Nothing changed: the connector is as it was (still paused, same key fingerprint) and the analyst is still an analyst.
  expect((await hecate.api('GET', `/api/v1/connectors/${id}`)).text).toBe(before);
  expect((await call<{ role: string }>(analyst, 'GET', '/api/v1/auth/me')).body.role).toBe('analyst');
  const stillPaused = await hecate.hec('/services/collector/event', { headers: splunkAuth(newKey), body: '{"event":"x"}' });
  expect(stillPaused.body.code).toBe(1);
});
