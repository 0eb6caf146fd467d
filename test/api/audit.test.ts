/**
 * The audit log (docs/audit.md): management writes and sign-ins are listed by GET /api/v1/audit (admins only)
 * and searchable in #repo=audit. Real binary, real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, startHecate, type Hecate } from '../helpers/server.js';

interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actorType: string;
  action: string;
  method: string;
  route: string;
  targetId?: string;
  targetName?: string;
  clientIp?: string;
  status: number;
  errorCode?: string;
}

interface AuditPage {
  entries: AuditEntry[];
  next: number | null;
}

let hecate: Hecate;
let connectorId: string;
let connectorName: string;
const ghost = marker('ghost');
const wrongPassword = `wrong-${marker('pw')}`;

beforeAll(async () => {
  hecate = await startHecate();
  connectorName = marker('audited');
  const created = await hecate.createConnector({ name: connectorName });
  connectorId = created.id;
  expect((await hecate.api('PATCH', `/api/v1/connectors/${connectorId}`, { description: 'changed' })).status).toBe(200);
  expect((await hecate.api('GET', `/api/v1/connectors/${connectorId}`)).status).toBe(200);
  expect((await hecate.api('DELETE', `/api/v1/connectors/${connectorId}`)).status).toBe(204);
  const login = await fetch(`${hecate.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username: ghost, password: wrongPassword }) });
  expect(login.status).toBe(401);
});

afterAll(async () => {
  await hecate?.dispose();
});

async function audit(query = ''): Promise<AuditPage> {
  const reply = await hecate.api<AuditPage>('GET', `/api/v1/audit${query}`);
  expect(reply.status).toBe(200);
  return reply.body;
}

describe('GET /api/v1/audit', () => {
  it('lists connector changes newest first with who, what, target and outcome', async () => {
    const { entries } = await audit(`?user=admin`);
    const mine = entries.filter((e) => e.targetId === connectorId);
    expect(mine.map((e) => e.action)).toEqual(['connector.delete', 'connector.update', 'connector.create']);
    expect(mine[2]).toMatchObject({
      actor: 'admin',
      actorType: 'user',
      method: 'POST',
      route: '/api/v1/connectors',
      targetName: connectorName,
      clientIp: '127.0.0.1',
      status: 201,
    });
    expect(mine[1]).toMatchObject({ method: 'PATCH', route: '/api/v1/connectors/:id', status: 200, targetName: connectorName });
    // The connector is gone by the time its delete is recorded; its name comes from the earlier records.
    expect(mine[0]).toMatchObject({ method: 'DELETE', status: 204, targetName: connectorName });
    expect(Date.parse(mine[0]?.at ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('records a failed sign-in as auth.login 401 with the attempted username and never the password', async () => {
    const reply = await hecate.api<AuditPage>('GET', `/api/v1/audit?action=auth.login&user=${ghost}`);
    expect(reply.body.entries).toEqual([
      expect.objectContaining({ actor: ghost, actorType: 'anonymous', action: 'auth.login', status: 401, errorCode: 'BAD_CREDENTIALS' }),
    ]);
    expect((await hecate.api('GET', '/api/v1/audit?limit=1000')).text).not.toContain(wrongPassword);
  });

  it('does not record reads', async () => {
    const { entries } = await audit('?limit=1000');
    expect(entries.filter((e) => e.method === 'GET')).toEqual([]);
  });

  it('pages with limit and before', async () => {
    const first = await audit('?limit=2');
    expect(first.entries).toHaveLength(2);
    expect(first.next).toBe(first.entries[1]?.id);
    const second = await audit(`?limit=2&before=${first.next}`);
    expect(second.entries[0]?.id).toBeLessThan(first.entries[1]?.id ?? 0);
    const bad = await hecate.api('GET', '/api/v1/audit?limit=0');
    expect(bad.status).toBe(400);
  });

  it('is for administrators only; a forbidden write is itself recorded', async () => {
    const username = marker('analyst');
    const password = `pw-${marker('')}-long`;
    const created = await hecate.api('POST', '/api/v1/users', { username, password, role: 'analyst' });
    expect(created.status).toBe(201);
    const login = await fetch(`${hecate.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const list = await fetch(`${hecate.url}/api/v1/audit`, { headers });
    expect(list.status).toBe(403);
    expect(((await list.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const write = await fetch(`${hecate.url}/api/v1/connectors`, { method: 'POST', headers, body: JSON.stringify({ name: marker('nope') }) });
    expect(write.status).toBe(403);
    const { entries } = await audit(`?user=${username}`);
    expect(entries.map((e) => [e.action, e.actorType, e.status, e.errorCode])).toEqual([
      ['connector.create', 'user', 403, 'FORBIDDEN'],
      ['auth.login', 'user', 200, undefined],
    ]);
    const byAdmin = await audit(`?action=user.create`);
    expect(byAdmin.entries[0]).toMatchObject({ actor: 'admin', status: 201, targetName: username });
    // Nor can an analyst read the audit log through search: #repo=audit is hidden from them.
    await hecate.waitForEvents(`#repo=audit actor=${username}`, 1, 10_000);
    const searched = await fetch(`${hecate.url}/api/v1/search`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: `#repo=audit actor=${username}`, start: '1h' }),
    });
    expect(searched.status).toBe(200);
    expect(((await searched.json()) as { events: unknown[] }).events).toEqual([]);
  });
});

describe('#repo=audit', () => {
  it('finds the same records in search', async () => {
    const events = await hecate.waitForEvents(`#repo=audit target_id=${connectorId}`, 3, 10_000);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['connector.create', 'connector.update', 'connector.delete']));
    expect(events.find((e) => e.action === 'connector.create')).toMatchObject({
      '#type': 'audit',
      actor: 'admin',
      target_name: connectorName,
      status_code: '201',
      outcome: 'success',
      client_ip: '127.0.0.1',
    });
    const failed = await hecate.waitForEvents(`#repo=audit action=auth.login actor=${ghost}`, 1, 10_000);
    expect(failed[0]).toMatchObject({ status_code: '401', outcome: 'failure', error_code: 'BAD_CREDENTIALS' });
  });
});
