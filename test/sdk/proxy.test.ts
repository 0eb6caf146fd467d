/**
 * The SDK through an HTTP proxy (the one in forward-proxy.ts) to the real Hecate, over http (absolute-form
 * requests) and https (a CONNECT tunnel, the certificate still checked end to end): credentials,
 * refusals, the `system` environment with no_proxy, the logger, and `hecate send --proxy`.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeliveryError, HEC, HecError } from '../../packages/sdk/src/index.js';
import { makeSelfSignedCert } from '../helpers/self-signed.js';
import type { SelfSigned } from '../helpers/self-signed.js';
import { HECATE_BIN, marker, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';
import { forwardProxy } from './forward-proxy.js';
import type { ForwardProxy } from './forward-proxy.js';

const USER = 'sdk-user';
// Characters that must be percent-encoded in the URL and decoded for the header.
const PASSWORD = 'pr0xy:p@ss/word';
const ENCODED = encodeURIComponent(PASSWORD);
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

let cert: SelfSigned;
let plain: Hecate;
let secure: Hecate;
let plainConnector: Connector;
let secureConnector: Connector;
let proxy: ForwardProxy;
let dir: string;

beforeAll(async () => {
  cert = makeSelfSignedCert();
  [plain, secure] = await Promise.all([startHecate(), startHecate({ args: ['--tls-cert', cert.certPath, '--tls-key', cert.keyPath], ca: cert.ca })]);
  [plainConnector, secureConnector] = await Promise.all([plain.createConnector({ name: 'proxy-http', parser: 'raw' }), secure.createConnector({ name: 'proxy-https', parser: 'raw' })]);
  proxy = await forwardProxy({ user: USER, password: PASSWORD });
  dir = await mkdtemp(path.join(os.tmpdir(), 'hecate-sdk-proxy-'));
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([plain?.dispose(), secure?.dispose()]);
  if (cert !== undefined) rmSync(cert.dir, { recursive: true, force: true });
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

const proxyUrl = (password = ENCODED) => `http://${USER}:${password}@127.0.0.1:${proxy.port}`;
const seenSince = (from: number) => proxy.seen.slice(from);

/** Both endpoints, so each case runs over http and over https. */
const targets = () =>
  [
    { scheme: 'http', hecate: plain, connector: plainConnector, extra: {} },
    { scheme: 'https', hecate: secure, connector: secureConnector, extra: { ca: cert.ca } },
  ] as const;

describe('HEC through a proxy URL', () => {
  it('sends to an http endpoint in absolute form, with Proxy-Authorization from the URL', async () => {
    const mark = marker('pxh');
    const from = proxy.seen.length;
    const hec = new HEC({ url: plainConnector.ingestUrl, apiKey: plainConnector.apiKey, proxy: proxyUrl(), batchEvents: 10 });
    const result = await hec.sendEventList(Array.from({ length: 30 }, (_, i) => `${mark} ${i}`));
    await hec.close();
    expect(result).toMatchObject({ events: 30, requests: 3 });
    expect(seenSince(from)).toEqual(
      Array.from({ length: 3 }, () => ({ method: 'POST', target: `${plain.url}/services/collector/event`, authorization: BASIC })),
    );
    expect(await plain.waitForEvents(mark, 30)).toHaveLength(30);
  });

  it('tunnels to an https endpoint with CONNECT and checks its certificate through the tunnel', async () => {
    const mark = marker('pxs');
    const from = proxy.seen.length;
    const hec = new HEC({ url: secureConnector.ingestUrl, apiKey: secureConnector.apiKey, proxy: proxyUrl(), ca: cert.ca, batchEvents: 10, concurrency: 1 });
    const result = await hec.sendEventList(Array.from({ length: 30 }, (_, i) => `${mark} ${i}`));
    await hec.close();
    expect(result).toMatchObject({ events: 30, requests: 3 });
    // One tunnel, kept alive for the three requests; the proxy never sees a path or the HEC key.
    expect(seenSince(from)).toEqual([{ method: 'CONNECT', target: `127.0.0.1:${secure.port}`, authorization: BASIC }]);
    expect(await secure.waitForEvents(mark, 30)).toHaveLength(30);

    const untrusting = new HEC({ url: secureConnector.ingestUrl, apiKey: secureConnector.apiKey, proxy: proxyUrl(), retries: 0 });
    const error = (await untrusting.sendEvent(`${mark} untrusted`).catch((e: unknown) => e)) as HecError;
    await untrusting.close();
    expect(error).toBeInstanceOf(HecError);
    expect(error.kind).toBe('network');
    expect(String((error.cause as { code?: string }).code)).toMatch(/CERT|SELF_SIGNED/);
  });

  it.each(['http', 'https'] as const)('fails over %s with 407, once and without retrying, when the proxy refuses the credentials', async (scheme) => {
    const { connector, extra } = targets().find((t) => t.scheme === scheme)!;
    const from = proxy.seen.length;
    const hec = new HEC({ url: connector.ingestUrl, apiKey: connector.apiKey, proxy: proxyUrl('wrong'), retries: 3, retryBaseMs: 1, batchEvents: 1, concurrency: 1, ...extra });
    const error = (await hec.sendEventList(['a', 'b', 'c']).catch((e: unknown) => e)) as DeliveryError;
    await hec.close();
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.result.events).toBe(0);
    expect(error.result.rejections[0]?.error).toMatchObject({ kind: 'http', status: 407 });
    // 407 fails every request: the first batch stops the send, the others are reported as not sent.
    expect(error.result.rejections.map((r) => [r.index, r.count, r.error.kind])).toEqual([
      [0, 1, 'http'],
      [1, 1, 'aborted'],
      [2, 1, 'aborted'],
    ]);
    expect(seenSince(from)).toHaveLength(1);
  });

  it('never hands the proxy credentials to the logger, even when an answer echoes them', async () => {
    const echoing = await forwardProxy({
      user: USER,
      password: PASSWORD,
      intercept: (req, i) => (i < 2 ? { status: 503, body: JSON.stringify({ text: `busy; you sent ${req.authorization} = ${USER}:${PASSWORD} via ${proxyUrl()}`, code: 9 }) } : undefined),
    });
    const lines: string[] = [];
    const sink = (m: string) => lines.push(m);
    const mark = marker('pxl');
    const hec = new HEC({
      url: plainConnector.ingestUrl,
      apiKey: plainConnector.apiKey,
      proxy: `http://${USER}:${ENCODED}@127.0.0.1:${echoing.port}`,
      retryBaseMs: 1,
      logger: { debug: sink, info: sink, warn: sink, error: sink },
    });
    await hec.sendEvent(`${mark} after two 503s`);
    await hec.close();
    await echoing.close();
    expect(echoing.seen).toHaveLength(3);
    const log = lines.join('\n');
    expect(log).toContain(`through the proxy 127.0.0.1:${echoing.port}`);
    expect(log).toContain('busy; you sent Basic ***');
    for (const secret of [PASSWORD, ENCODED, BASIC.slice('Basic '.length), `${USER}:`]) expect(log).not.toContain(secret);
    expect(await plain.waitForEvents(mark, 1)).toHaveLength(1);
  });
});

describe("HEC with proxy: 'system'", () => {
  /** Sets every spelling, so whatever the machine has set does not leak into the case. */
  const environment = (values: { http?: string; https?: string; noProxy?: string; lowerCase?: boolean }) => {
    for (const [name, value] of [
      ['http_proxy', values.http],
      ['https_proxy', values.https],
      ['no_proxy', values.noProxy],
    ] as const) {
      vi.stubEnv(name, values.lowerCase === false ? '' : (value ?? ''));
      vi.stubEnv(name.toUpperCase(), values.lowerCase === false ? (value ?? '') : '');
    }
  };

  it.each(['http', 'https'] as const)('reads %s_proxy from the environment', async (scheme) => {
    const target = targets().find((t) => t.scheme === scheme)!;
    environment(scheme === 'http' ? { http: proxyUrl(), lowerCase: false } : { https: proxyUrl() });
    const mark = marker('pxe');
    const from = proxy.seen.length;
    const hec = new HEC({ url: target.connector.ingestUrl, apiKey: target.connector.apiKey, proxy: 'system', ...target.extra });
    await hec.sendEvent(`${mark} via the environment`);
    await hec.close();
    expect(seenSince(from).map((r) => r.method)).toEqual([scheme === 'http' ? 'POST' : 'CONNECT']);
    expect(await target.hecate.waitForEvents(mark, 1)).toHaveLength(1);
  });

  it.each(['127.0.0.1', 'localhost,127.0.0.0/8', '*'])('goes direct to a target that no_proxy=%s covers', async (noProxy) => {
    environment({ http: proxyUrl(), https: proxyUrl(), noProxy });
    const mark = marker('pxn');
    const from = proxy.seen.length;
    for (const target of targets()) {
      const hec = new HEC({ url: target.connector.ingestUrl, apiKey: target.connector.apiKey, proxy: 'system', ...target.extra });
      await hec.sendEvent(`${mark} direct`);
      await hec.close();
      expect(await target.hecate.waitForEvents(mark, 1)).toHaveLength(1);
    }
    expect(seenSince(from)).toEqual([]);
  });
});

describe('hecate send --proxy', () => {
  it('streams a file through the proxy', async () => {
    const mark = marker('pxc');
    const file = path.join(dir, 'lines.log');
    await writeFile(file, Array.from({ length: 25 }, (_, i) => `${mark} ${i}`).join('\n') + '\n');
    const from = proxy.seen.length;
    const outcome = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [HECATE_BIN, 'send', file, '--url', plain.url, '--raw', '--proxy', proxyUrl()],
        { env: { ...process.env, HECATE_API_KEY: plainConnector.apiKey } },
        (error, _stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stderr }),
      );
    });
    expect(outcome).toMatchObject({ code: 0 });
    expect(outcome.stderr).not.toContain(PASSWORD);
    expect(seenSince(from).map((r) => [r.method, r.target])).toEqual([['POST', `${plain.url}/services/collector/raw?source=${encodeURIComponent(file)}`]]);
    expect(await plain.waitForEvents(mark, 25)).toHaveLength(25);
  });
});
