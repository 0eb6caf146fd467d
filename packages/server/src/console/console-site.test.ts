import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleSite, isReservedPath, safeRelativePath } from './console-site.js';

const INDEX = '<!doctype html><title>Hecate</title><script type="module" src="/assets/index-abc123.js"></script>';
const SCRIPT = 'console.log("hello from the console");'.repeat(20);

let root: string;
let server: Server;
let port: number;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hecate-console-site-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), INDEX);
  await writeFile(join(root, 'assets/index-abc123.js'), SCRIPT);
  await writeFile(join(root, 'assets/app-1f2e.css'), 'body{color:red}');
  await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, '.secret'), 'no');
  const site = createConsoleSite({ root });
  server = createServer((req, res) => {
    if (!site.handle(req, res)) res.writeHead(599).end('not the console');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
  await rm(root, { recursive: true, force: true });
});

describe('the console site', () => {
  it('answers / with index.html, not cached without revalidation, with a content security policy', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expect(String(reply.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(reply.body.toString()).toBe(INDEX);
  });

  it.each(['/connectors', '/connectors/5b0c-42', '/admin/audit?user=ann', '/search?query=%23connector%3Dfw&start=24h'])(
    'answers the client-side route %s with index.html',
    async (path) => {
      const reply = await get(path);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.body.toString()).toBe(INDEX);
    },
  );

  it('serves hashed assets with their content type and a long, immutable cache', async () => {
    const js = await get('/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body.toString()).toBe(SCRIPT);
    const css = await get('/assets/app-1f2e.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('serves other files with revalidation', async () => {
    const svg = await get('/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('no-cache');
  });

  it('gzips text files for clients that accept it', async () => {
    const reply = await get('/assets/index-abc123.js', { 'accept-encoding': 'br, gzip;q=0.8' });
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(reply.body).toString()).toBe(SCRIPT);
    expect(reply.body.length).toBeLessThan(SCRIPT.length);
    const refused = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 when the ETag still matches', async () => {
    const first = await get('/');
    const again = await get('/', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers HEAD with the headers and no body', async () => {
    const reply = await get('/assets/index-abc123.js', {}, 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe(String(SCRIPT.length));
    expect(reply.body.length).toBe(0);
  });

  it.each(['/assets/missing-0000.js', '/robots.txt', '/connectors/app.js'])('answers a missing file %s with 404 text, never index.html', async (path) => {
    const reply = await get(path);
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it.each(['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fetc/passwd', '/.secret', '/a%00b', '/%E0%A4%A'])(
    'never serves a file outside the console directory or a dot-file (%s)',
    async (path) => {
      const reply = await get(path);
      expect(reply.body.toString()).not.toBe('no');
      expect(reply.body.toString()).not.toContain('"name"');
      expect([200, 404]).toContain(reply.status);
    },
  );

  it.each([
    ['GET', '/api/v1/connectors'],
    ['GET', '/api'],
    ['GET', '/services/Collector/event'],
    ['GET', '/services'],
    ['GET', '/metrics'],
    ['POST', '/connectors'],
    ['DELETE', '/'],
  ])('leaves %s %s to the other handlers', async (method, path) => {
    const reply = await get(path, {}, method);
    expect(reply.status).toBe(599);
  });
});

describe('path rules', () => {
  it.each([
    ['/', ''],
    ['/assets/a.js', 'assets/a.js'],
    ['//assets//a.js', 'assets/a.js'],
    ['/connectors/%20x', 'connectors/ x'],
  ])('maps %s to %j', (path, expected) => {
    expect(safeRelativePath(path)).toBe(expected);
  });

  it.each(['/..', '/a/../b', '/%2e%2e', '/.env', '/a\\b', '/a%5cb', '/%00', '/%zz'])('refuses %s', (path) => {
    expect(safeRelativePath(path)).toBeUndefined();
  });

  it.each([
    ['/api/v1/x', true],
    ['/api', true],
    ['/services/collector', true],
    ['/metrics', true],
    ['/apis', false],
    ['/metrics-overview', false],
    ['/connectors', false],
  ])('isReservedPath(%s) is %s', (path, reserved) => {
    expect(isReservedPath(path)).toBe(reserved);
  });
});
