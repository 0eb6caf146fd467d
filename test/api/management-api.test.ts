/**
 * The management API v0 and the server's lifecycle, against the real binary on a loopback port.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, HECATE_BIN, REPO_ROOT, splunkAuth, startHecate, type Hecate } from '../helpers/server.js';

interface ApiErrorBody {
  error: { code: string; message: string; field?: string; position?: { start: number; end: number } };
}

let hecate: Hecate;

beforeAll(async () => {
  hecate = await startHecate();
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('sign-in', () => {
  it('answers 401 with a JSON error for a wrong password', async () => {
    const res = await fetch(`${hecate.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'nope' }) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ApiErrorBody).error.code).toBe('BAD_CREDENTIALS');
  });

  it('answers 401 for an unknown user, the same way', async () => {
    const res = await fetch(`${hecate.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'nobody', password: 'x' }) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ApiErrorBody).error.code).toBe('BAD_CREDENTIALS');
  });

  it('refuses API calls without a session token, and with a made-up one', async () => {
    const none = await fetch(`${hecate.url}/api/v1/connectors`);
    expect(none.status).toBe(401);
    const fake = await fetch(`${hecate.url}/api/v1/connectors`, { headers: { authorization: 'Bearer hcs_madeup' } });
    expect(fake.status).toBe(401);
    expect(((await fake.json()) as ApiErrorBody).error.code).toBe('UNAUTHENTICATED');
  });

  it('ends a session on logout', async () => {
    const login = await fetch(`${hecate.url}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: hecate.adminPassword }),
    });
    const { token } = (await login.json()) as { token: string };
    const out = await fetch(`${hecate.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBe(204);
    const after = await fetch(`${hecate.url}/api/v1/connectors`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });
});

describe('connectors', () => {
  it('creates a connector and shows its key once, with the ingest URL', async () => {
    const res = await hecate.api<Record<string, unknown>>('POST', '/api/v1/connectors', { name: 'api-once', description: 'd', parser: 'json' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'api-once',
      description: 'd',
      parser: 'json',
      status: 'Pending',
      enabled: true,
      ingestUrl: `http://127.0.0.1:${hecate.port}/services/collector`,
      hec: { useAck: false, allowQueryStringAuth: false, indexes: [], defaultIndex: 'main' },
    });
    const key = res.body.apiKey as string;
    expect(key.length).toBeGreaterThanOrEqual(22);
    const one = await hecate.api('GET', `/api/v1/connectors/${String(res.body.id)}`);
    const all = await hecate.api('GET', '/api/v1/connectors');
    expect(one.status).toBe(200);
    expect(one.text).not.toContain(key);
    expect(all.text).not.toContain(key);
    expect(one.body).not.toHaveProperty('apiKey');
  });

  it.each([
    [{ parser: 'json' }, 'INVALID_FIELD', 'name'],
    [{ name: 'x1', parser: 'cisco' }, 'UNKNOWN_PARSER', 'parser'],
    [{ name: 'x2', parser: 'json', hec: { useAck: 'on' } }, 'INVALID_FIELD', 'hec.useAck'],
    [{ name: 'x3', parser: 'json', extra: true }, 'UNKNOWN_FIELD', 'extra'],
  ])('rejects %j with 400 %s naming %s', async (body, code, field) => {
    const res = await hecate.api<ApiErrorBody>('POST', '/api/v1/connectors', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.field).toBe(field);
  });

  it('rejects a duplicate name', async () => {
    await hecate.createConnector({ name: 'dup', parser: 'raw' });
    const res = await hecate.api<ApiErrorBody>('POST', '/api/v1/connectors', { name: 'dup', parser: 'raw' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'NAME_TAKEN', field: 'name' });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await fetch(`${hecate.url}/api/v1/connectors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hecate.adminToken}` },
      body: '{nope',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ApiErrorBody).error.code).toBe('BAD_JSON');
  });

  it('pauses and resumes a connector: a paused key answers HEC code 1', async () => {
    const c = await hecate.createConnector({ name: 'pausable', parser: 'raw' });
    const paused = await hecate.api('PATCH', `/api/v1/connectors/${c.id}`, { enabled: false });
    expect(paused.body).toMatchObject({ enabled: false, status: 'Paused' });
    const refused = await hecate.hec('/services/collector', { method: 'POST', headers: splunkAuth(c.apiKey), body: '{"event":"x"}' });
    expect(refused.status).toBe(403);
    expect(refused.text).toBe('{"text":"Token disabled","code":1}');
    await hecate.api('PATCH', `/api/v1/connectors/${c.id}`, { enabled: true });
    const ok = await hecate.hec('/services/collector', { method: 'POST', headers: splunkAuth(c.apiKey), body: '{"event":"x"}' });
    expect(ok.status).toBe(200);
  });

  it('applies edited HEC settings to the next request', async () => {
    const c = await hecate.createConnector({ name: 'editable', parser: 'raw' });
    await hecate.api('PATCH', `/api/v1/connectors/${c.id}`, { hec: { indexes: ['sec'], defaultIndex: 'sec' } });
    const bad = await hecate.hec('/services/collector', { method: 'POST', headers: splunkAuth(c.apiKey), body: '{"event":"x","index":"main"}' });
    expect(bad.body).toMatchObject({ code: 7 });
    const renamed = await hecate.api<Record<string, unknown>>('PATCH', `/api/v1/connectors/${c.id}`, { name: 'edited' });
    expect(renamed.body.name).toBe('edited');
  });

  it('becomes Active once events arrive', async () => {
    const c = await hecate.createConnector({ name: 'activity', parser: 'raw' });
    await hecate.hec('/services/collector', { method: 'POST', headers: splunkAuth(c.apiKey), body: '{"event":"x"}' });
    const res = await hecate.api<Record<string, unknown>>('GET', `/api/v1/connectors/${c.id}`);
    expect(res.body.status).toBe('Active');
    expect(typeof res.body.lastIngestedAt).toBe('string');
  });

  it('deletes a connector: its key stops working at once and its events stay searchable', async () => {
    const c = await hecate.createConnector({ name: 'doomed', parser: 'raw' });
    const sent = await hecate.hec('/services/collector', { method: 'POST', headers: splunkAuth(c.apiKey), body: '{"event":"doomed-event-1"}' });
    expect(sent.status).toBe(200);
    expect((await hecate.api('DELETE', `/api/v1/connectors/${c.id}`)).status).toBe(204);
    const after = await hecate.hec('/services/collector', { method: 'POST', headers: splunkAuth(c.apiKey), body: '{"event":"x"}' });
    expect(after.status).toBe(403);
    expect(after.body).toMatchObject({ code: 4 });
    expect((await hecate.api('GET', `/api/v1/connectors/${c.id}`)).status).toBe(404);
    expect(await hecate.waitForEvents('"doomed-event-1"', 1)).toHaveLength(1);
  });
});

describe('search', () => {
  it('answers a syntax error with 400, the position and a message', async () => {
    const res = await hecate.api<ApiErrorBody>('POST', '/api/v1/search', { query: 'a and (b' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('QUERY_SYNTAX');
    expect(typeof res.body.error.position?.start).toBe('number');
    expect(res.body.error.message.length).toBeGreaterThan(0);
  });

  it('rejects a bad time and a bad limit naming the field', async () => {
    const t = await hecate.api<ApiErrorBody>('POST', '/api/v1/search', { query: '', start: 'yesterday' });
    expect(t.status).toBe(400);
    expect(t.body.error.field).toBe('start');
    const l = await hecate.api<ApiErrorBody>('POST', '/api/v1/search', { query: '', limit: 0 });
    expect(l.status).toBe(400);
    expect(l.body.error.field).toBe('limit');
  });

  it('finds events by connector, field, free text and time range, newest first', async () => {
    const c = await hecate.createConnector({ name: 'finder', parser: 'json' });
    const now = Date.now() / 1000;
    const body = [
      { event: { user: 'ann', action: 'login', n: 5 }, time: now - 3 },
      { event: { user: 'bob', action: 'logout', n: 50 }, time: now - 2 },
      { event: { user: 'ann', action: 'logout', n: 500 }, time: now - 1 },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n');
    expect((await hecate.hec('/services/collector', { method: 'POST', headers: splunkAuth(c.apiKey), body })).status).toBe(200);
    const all = await hecate.waitForEvents('#connector=finder', 3);
    expect(all.map((e) => e.action)).toEqual(['logout', 'logout', 'login']);
    expect(all[0]).toMatchObject({ '#connector': 'finder', '#repo': 'main', '#type': 'json', '@dataConnectionID': c.id, user: 'ann' });
    expect((await hecate.search('#connector=finder user=ann')).length).toBe(2);
    expect((await hecate.search('#connector=finder n>40')).length).toBe(2);
    expect((await hecate.search('#connector=finder not user=ann')).length).toBe(1);
    expect((await hecate.search('#connector=finder logout', { start: '15m' })).length).toBe(2);
    expect((await hecate.search('#connector=finder', { start: Date.now() - 3_600_000, end: Date.now() - 1_800_000 })).length).toBe(0);
  });
});

describe('start-up', () => {
  async function run(args: string[], env: Record<string, string> = {}, untilHealthy = false) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hecate-start-'));
    const port = await freePort();
    const child = spawn(process.execPath, [HECATE_BIN, 'start', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, HECATE_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exit = once(child, 'exit') as Promise<[number | null, string | null]>;
    if (untilHealthy) {
      for (let i = 0; i < 200; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/services/collector/health`).then((r) => r.status === 200, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return { child, exit, output: () => out, port, dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }

  it('exits with status 2 and a clear message for a bad setting', async () => {
    const r = await run(['--port', 'eighty']);
    const [code] = await r.exit;
    expect(code).toBe(2);
    expect(r.output()).toMatch(/invalid configuration: port from --port: "eighty" is not an integer/);
    await r.cleanup();
  });

  it('generates an admin password on first start, prints it once, and exits 0 on SIGTERM', async () => {
    const env = { HECATE_ADMIN_PASSWORD: '' };
    const r = await run([], env, true);
    const match = /Created user "admin" with password: (\S+)/.exec(r.output());
    expect(match).not.toBeNull();
    const login = await fetch(`http://127.0.0.1:${r.port}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: match?.[1] }),
    });
    expect(login.status).toBe(200);
    r.child.kill('SIGTERM');
    const [code] = await r.exit;
    expect(code).toBe(0);
    const port = await freePort();
    const again = spawn(process.execPath, [HECATE_BIN, 'start', '--host', '127.0.0.1', '--port', String(port), '--data-dir', r.dataDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, HECATE_LOG_LEVEL: 'warn', HECATE_ADMIN_PASSWORD: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    again.stdout.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 200 && !out.includes('Hecate is running'); i++) await new Promise((res) => setTimeout(res, 100));
    again.kill('SIGTERM');
    const [code2] = (await once(again, 'exit')) as [number | null];
    expect(code2).toBe(0);
    expect(out).not.toContain('Created user');
    await r.cleanup();
  });
});
