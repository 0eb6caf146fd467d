import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startMetricsServer } from './metrics-server.js';
import type { MetricsServer } from './metrics-server.js';

const servers: MetricsServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(render = (): string => '# TYPE up gauge\nup 1\n'): Promise<MetricsServer> {
  const server = await startMetricsServer({ bind: '127.0.0.1', port: 0 }, render);
  servers.push(server);
  return server;
}

function request(url: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the metrics endpoint', () => {
  it('answers GET /metrics with the text rendered at that moment', async () => {
    let scrapes = 0;
    const server = await start(() => `scrapes ${++scrapes}\n`);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(await request(server.url)).toEqual({ status: 200, type: 'text/plain; version=0.0.4; charset=utf-8', body: 'scrapes 1\n' });
    expect((await request(server.url)).body).toBe('scrapes 2\n');
  });

  it.each([
    ['another path', '/other', 'GET', 404],
    ['a POST', '/metrics', 'POST', 405],
  ])('refuses %s with %d', async (_name, path, method, status) => {
    const server = await start();
    expect((await request(server.url.replace('/metrics', path), method)).status).toBe(status);
  });

  it('fails to start on a port in use, naming the key to change', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    await expect(startMetricsServer({ bind: '127.0.0.1', port }, () => '')).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+ .*EADDRINUSE.*metrics\.port/);
  });
});
