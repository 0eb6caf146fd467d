/**
 * HTTPS: HEC, sign-in and search over TLS on the main port, the plain-HTTP redirect listener, and
 * startup errors for bad certificate settings — against the real binary.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTrusting } from '../helpers/https-fetch.js';
import { makeSelfSignedCert, type SelfSigned } from '../helpers/self-signed.js';
import { freePort, HECATE_BIN, marker, rawRequest, REPO_ROOT, splunkAuth, startHecate, type Hecate } from '../helpers/server.js';

let cert: SelfSigned;
let hecate: Hecate;
let redirectPort: number;

beforeAll(async () => {
  cert = makeSelfSignedCert();
  redirectPort = await freePort();
  hecate = await startHecate({
    args: ['--tls-cert', cert.certPath, '--tls-key', cert.keyPath, '--http-redirect-port', String(redirectPort)],
    ca: cert.ca,
  });
});

afterAll(async () => {
  await hecate?.dispose();
  if (cert !== undefined) rmSync(cert.dir, { recursive: true, force: true });
});

describe('HTTPS on the main port', () => {
  it('signs in, takes HEC events and finds them again, all over TLS with the CA trusted', async () => {
    expect(hecate.url.startsWith('https://')).toBe(true);
    const login = await fetchTrusting(cert.ca)(`${hecate.url}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: hecate.adminPassword }),
    });
    expect(login.status).toBe(200);

    const connector = await hecate.createConnector({ name: marker('tls') });
    expect(connector.ingestUrl.startsWith(`https://127.0.0.1:${hecate.port}/`)).toBe(true);
    const mark = marker();
    const reply = await hecate.hec('/services/collector/event', {
      headers: splunkAuth(connector.apiKey),
      body: JSON.stringify({ event: { message: mark } }),
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ text: 'Success', code: 0 });
    const events = await hecate.waitForEvents(mark, 1);
    expect(events).toHaveLength(1);
  });

  it('serves /metrics over TLS too, without authentication by default', async () => {
    const res = await fetchTrusting(cert.ca)(`${hecate.url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^hecate_hec_requests_total\{endpoint="event",code="0"\} 1$/m);
  });

  it('refuses plain HTTP on the TLS port', async () => {
    await expect(rawRequest(hecate.port, '/services/collector/health', { method: 'GET' })).rejects.toThrow();
  });
});

describe('the redirect listener', () => {
  it('answers 308 to the same path and query on https, and the target answers', async () => {
    const reply = await rawRequest(redirectPort, '/services/collector/event?channel=abc', {
      headers: { host: `localhost:${redirectPort}` },
      body: '{"event":"x"}',
    });
    expect(reply.status).toBe(308);
    expect(reply.headers.location).toBe(`https://localhost:${hecate.port}/services/collector/event?channel=abc`);

    const health = await rawRequest(redirectPort, '/services/collector/health', { method: 'GET', headers: { host: '127.0.0.1' } });
    expect(health.status).toBe(308);
    const target = await fetchTrusting(cert.ca)(health.headers.location as string);
    expect(target.status).toBe(200);
  });

  it('does not echo a malformed Host header into Location', async () => {
    const reply = await rawRequest(redirectPort, '/x', { method: 'GET', headers: { host: 'evil.example/@x' } });
    expect(reply.status).toBe(308);
    expect(reply.headers.location).toBe(`https://127.0.0.1:${hecate.port}/x`);
  });
});

describe('bad TLS settings', () => {
  async function startFails(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hecate-tls-bad-'));
    try {
      const proc = spawn(process.execPath, [HECATE_BIN, 'start', '--port', String(await freePort()), '--host', '127.0.0.1', '--data-dir', dataDir, ...args], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      const [code] = (await once(proc, 'exit')) as [number | null];
      clearTimeout(timer);
      return { code, stderr };
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  it.each([
    ['a missing certificate file', () => ['--tls-cert', '/nonexistent/cert.pem', '--tls-key', cert.keyPath], /tlsCert file \/nonexistent\/cert\.pem cannot be read/],
    ['a missing key file', () => ['--tls-cert', cert.certPath, '--tls-key', '/nonexistent/key.pem'], /tlsKey file \/nonexistent\/key\.pem cannot be read/],
    ['a certificate without its key', () => ['--tls-cert', cert.certPath], /TLS needs both tlsCert and tlsKey; tlsKey \(--tls-key\) is not set/],
    ['a file that is not PEM', () => ['--tls-cert', writeTemp('not a certificate'), '--tls-key', cert.keyPath], /tlsCert file .* is not a PEM file/],
    ['a broken PEM', () => ['--tls-cert', writeTemp('-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n'), '--tls-key', cert.keyPath], /not a usable PEM certificate/],
    ['a redirect port without TLS', () => ['--http-redirect-port', '18080'], /httpRedirectPort is set but TLS is off/],
  ])('exits with code 2 and a clear message for %s', async (_name, args, message) => {
    const { code, stderr } = await startFails(args());
    expect(code).toBe(2);
    expect(stderr).toMatch(/^hecate: invalid configuration: /);
    expect(stderr).toMatch(message);
  });
});

function writeTemp(content: string): string {
  const file = path.join(cert.dir, `${marker('f')}.pem`);
  writeFileSync(file, content);
  return file;
}
