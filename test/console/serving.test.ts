/**
 * `hecate start` serves the built console at / without shadowing HEC, the API or the metrics: real
 * server, real HTTP, no browser.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHecate, type Hecate } from '../helpers/server.js';
import { CONSOLE_INDEX, requireConsoleBuilt } from './browser.js';

let hecate: Hecate;

beforeAll(async () => {
  requireConsoleBuilt();
  hecate = await startHecate();
}, 60_000);

afterAll(async () => {
  await hecate?.dispose();
});

const get = (path: string, method = 'GET', headers: Record<string, string> = {}) => hecate.hec(path, { method, headers });

describe('serving the console', () => {
  it.each(['/', '/connectors', '/connectors/0123abcd/edit', '/admin/audit?user=admin', '/search?query=%23connector%3Dfw&start=24h'])(
    'answers %s with the console page, revalidated on every load',
    async (path) => {
      const reply = await get(path);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.headers['cache-control']).toBe('no-cache');
      expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
      expect(reply.text).toBe(readFileSync(CONSOLE_INDEX, 'utf8'));
    },
  );

  it('serves the hashed scripts and styles the page names, cached for a year', async () => {
    const html = (await get('/')).text;
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const reply = await get(asset, 'GET', { 'accept-encoding': 'gzip' });
      expect(reply.status, asset).toBe(200);
      expect(reply.headers['content-type'], asset).toBe(asset.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(reply.headers['cache-control'], asset).toBe('public, max-age=31536000, immutable');
      expect(reply.headers['content-encoding'], asset).toBe('gzip');
    }
  });

  it('answers a missing asset with 404, not the page', async () => {
    const reply = await get('/assets/index-00000000.js');
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('leaves the API its JSON answers, including its 404', async () => {
    const reply = await get('/api/v1/no-such-route');
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const me = await hecate.api('GET', '/api/v1/auth/me');
    expect(me.status).toBe(200);
  });

  it('leaves HEC its answers, also for unknown and miscased HEC paths', async () => {
    expect((await get('/services/collector/health')).body).toEqual({ text: 'HEC is healthy', code: 17 });
    const miscased = await get('/services/Collector/event');
    expect(miscased.status).toBe(404);
    expect(miscased.headers['content-type']).toMatch(/^application\/json/);
    expect((await get('/services/collector/nonexistent')).status).toBe(404);
  });

  it('leaves /metrics to Prometheus', async () => {
    const reply = await get('/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('answers other methods on console paths with the JSON 404', async () => {
    const reply = await hecate.hec('/connectors', { method: 'POST', body: '{}' });
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
  });
});
