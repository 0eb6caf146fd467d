import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../auth/users.js';
import { ApiError } from './api-error.js';
import { createRouter, type ResponseInfo } from './router.js';

const ann: User = { id: 'u1', username: 'ann', role: 'analyst', disabled: false, canSearch: false, createdAt: 0 };
const reports: ResponseInfo[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  const router = createRouter(
    [
      { method: 'POST', path: '/api/v1/things', permission: 'search', handle: () => ({ status: 201, body: { id: 't1', name: 'thing', apiKey: 'secret-key' } }) },
      { method: 'DELETE', path: '/api/v1/things/:id', permission: 'connectors:write', handle: () => ({ status: 204, body: null }) },
      { method: 'GET', path: '/api/v1/boom', permission: 'search', handle: () => { throw new Error('boom'); } },
    ],
    (req) => {
      if (req.headers.authorization !== 'Bearer ok') throw new ApiError('UNAUTHENTICATED', 'no');
      return { user: ann, token: 'ok' };
    },
    pino({ level: 'silent' }),
    {
      onResponse: (info) => {
        reports.push(info);
        if (info.route === '/api/v1/boom') throw new Error('a failing hook');
      },
    },
  );
  server = createServer((req, res) => void router(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
beforeEach(() => {
  reports.length = 0;
});

const call = (method: string, path: string, auth = 'Bearer ok') => fetch(base + path, { method, headers: { authorization: auth } });

describe('router onResponse', () => {
  it('reports the route pattern, caller, status and the id and name of the answer, never the rest of the body', async () => {
    expect((await call('POST', '/api/v1/things')).status).toBe(201);
    expect(reports).toHaveLength(1);
    const [info] = reports as [ResponseInfo];
    expect(info).toMatchObject({ method: 'POST', route: '/api/v1/things', params: {}, status: 201, result: { id: 't1', name: 'thing' } });
    expect(info.user?.username).toBe('ann');
    expect(JSON.stringify({ ...info, req: undefined })).not.toContain('secret-key');
  });

  it('reports a refused request with its error code and params, and an unauthenticated one without a user', async () => {
    expect((await call('DELETE', '/api/v1/things/t%201')).status).toBe(403);
    expect((await call('DELETE', '/api/v1/things/t1', 'Bearer bad')).status).toBe(401);
    expect(reports.map((r) => [r.route, r.params.id, r.status, r.errorCode, r.user?.username])).toEqual([
      ['/api/v1/things/:id', 't 1', 403, 'FORBIDDEN', 'ann'],
      ['/api/v1/things/:id', 't1', 401, 'UNAUTHENTICATED', undefined],
    ]);
  });

  it('does not report unknown paths, and a failing hook changes nothing', async () => {
    expect((await call('GET', '/api/v1/nothing')).status).toBe(404);
    expect(reports).toEqual([]);
    expect((await call('GET', '/api/v1/boom')).status).toBe(500);
    expect(reports.map((r) => [r.status, r.errorCode])).toEqual([[500, 'INTERNAL']]);
  });
});
