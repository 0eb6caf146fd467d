/**
 * The HEC sink through a real HTTP proxy on 127.0.0.1: a CONNECT tunnel for https (the server's
 * certificate still checked, for a name only the proxy resolves), absolute-form requests for http,
 * Proxy-Authorization from the URL's credentials (never in a log line), a 407 retried with a clear
 * message, and `auto` reading HTTPS_PROXY from the environment.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../packages/collector/src/config/load-config.js';
import { MemoryQueue } from '../../packages/collector/src/queue/memory-queue.js';
import { HecSink } from '../../packages/collector/src/sinks/hec/hec-sink.js';
import { captureLog, makeTestPki, waitFor } from './source-harness.js';
import type { CapturedLog, TestPki } from './source-harness.js';

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  events: string[];
}

/** A minimal HEC receiver: records each request and answers success. */
function hecHandler(received: Received[]): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const events = body.toString('utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { event: string }).event);
      received.push({ url: req.url ?? '', headers: req.headers, events });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"Success","code":0}');
    });
  };
}

interface ProxyLog {
  method: string;
  target: string;
  authorization: string | undefined;
}

/** A forward proxy that resolves every host name to 127.0.0.1 and requires Basic user:p@ss when `auth` is set. */
function startProxy(seen: ProxyLog[], auth: string | undefined): Promise<net.Server & { port: number }> {
  const expected = auth === undefined ? undefined : `Basic ${Buffer.from(auth).toString('base64')}`;
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    if (expected !== undefined && req.headers['proxy-authorization'] !== expected) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request({ host: '127.0.0.1', port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push({ method: 'CONNECT', target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    if (expected !== undefined && req.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const port = Number((req.url ?? '').split(':').pop());
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(Object.assign(server, { port: (server.address() as net.AddressInfo).port }))));
}

async function listen<T extends net.Server>(server: T): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

let pki: TestPki;
let httpsTarget: https.Server;
let httpTarget: http.Server;
let httpsPort: number;
let httpPort: number;
const received: Received[] = [];
const servers: net.Server[] = [];
const sinks: HecSink[] = [];

beforeAll(async () => {
  pki = makeTestPki();
  httpsTarget = https.createServer({ cert: pki.read(pki.serverCert), key: pki.read(pki.serverKey) }, hecHandler(received));
  httpTarget = http.createServer(hecHandler(received));
  httpsPort = await listen(httpsTarget);
  httpPort = await listen(httpTarget);
});

afterEach(async () => {
  await Promise.all(sinks.splice(0).map((sink) => sink.drain(200)));
  for (const server of servers.splice(0)) server.close();
  received.length = 0;
  delete process.env.HTTPS_PROXY;
});

afterAll(() => {
  httpsTarget.close();
  httpTarget.close();
  rmSync(pki.dir, { recursive: true, force: true });
});

function startSink(url: string, proxy: string | undefined, logs: CapturedLog): HecSink {
  const proxyLine = proxy === undefined ? '' : `    proxy: "${proxy}"\n`;
  const yaml = `sources: {}\nsinks:\n  hecate:\n    type: hec\n    token: tok\n    url: ${url}\n${proxyLine}    tls: {caFile: ${pki.caFile}}\n    queue: {type: memory, flushTimeOutInMillisecond: 20}\n`;
  const config = loadConfig(yaml, {}).sinks.hecate;
  if (config === undefined) throw new Error('no sink');
  const sink = new HecSink('hecate', config, new MemoryQueue({ maxBytes: 1 << 20, fullAction: 'pause' }), logs.log);
  sink.start();
  sinks.push(sink);
  return sink;
}

const events = (...texts: string[]) => texts.map((text) => ({ text, time: Date.now(), fields: {} }));

describe('HEC sink through a proxy', () => {
  it('tunnels https with CONNECT, sends Proxy-Authorization only to the proxy and still verifies the server certificate', async () => {
    const seen: ProxyLog[] = [];
    const proxy = await startProxy(seen, 'collector:p@ss');
    servers.push(proxy);
    const logs = captureLog();
    const sink = startSink(`https://hecate.test:${httpsPort}`, `http://collector:p%40ss@127.0.0.1:${proxy.port}`, logs);
    expect(sink.describe()).toContain(`hecate → https://hecate.test:${httpsPort}/services/collector via proxy http://127.0.0.1:${proxy.port} (`);
    await sink.accept(events('through the tunnel'));
    await waitFor('the batch at the server', () => received.length === 1);
    expect(seen).toEqual([{ method: 'CONNECT', target: `hecate.test:${httpsPort}`, authorization: `Basic ${Buffer.from('collector:p@ss').toString('base64')}` }]);
    expect(received[0]?.events).toEqual(['through the tunnel']);
    expect(received[0]?.headers.authorization).toBe('Splunk tok');
    expect(received[0]?.headers['proxy-authorization']).toBeUndefined();
    // A second batch reuses the tunnel (keep-alive): no second CONNECT.
    await sink.accept(events('again'));
    await waitFor('the second batch', () => received.length === 2);
    expect(seen).toHaveLength(1);
  });

  it('refuses a server whose certificate does not match the name, through the tunnel too', async () => {
    const seen: ProxyLog[] = [];
    const proxy = await startProxy(seen, undefined);
    servers.push(proxy);
    const logs = captureLog();
    const sink = startSink(`https://not-in-the-cert.test:${httpsPort}`, `http://127.0.0.1:${proxy.port}`, logs);
    await sink.accept(events('must not arrive'));
    await waitFor('a retry logged', () => logs.text().includes('sending failed, retrying'));
    expect(logs.text()).toMatch(/not-in-the-cert\.test|altnames/i);
    expect(received).toHaveLength(0);
  });

  it('sends http requests in absolute form to the proxy', async () => {
    const seen: ProxyLog[] = [];
    const proxy = await startProxy(seen, 'collector:p@ss');
    servers.push(proxy);
    const sink = startSink(`http://hecate.test:${httpPort}`, `http://collector:p%40ss@127.0.0.1:${proxy.port}`, captureLog());
    await sink.accept(events('forwarded'));
    await waitFor('the batch at the server', () => received.length === 1);
    expect(seen).toEqual([{ method: 'POST', target: `http://hecate.test:${httpPort}/services/collector`, authorization: `Basic ${Buffer.from('collector:p@ss').toString('base64')}` }]);
    expect(received[0]).toMatchObject({ url: '/services/collector', events: ['forwarded'] });
    expect(received[0]?.headers.host).toBe(`hecate.test:${httpPort}`);
  });

  it('retries a 407 with a message naming the proxy but never the password', async () => {
    const seen: ProxyLog[] = [];
    const proxy = await startProxy(seen, 'collector:right');
    servers.push(proxy);
    const logs = captureLog();
    const sink = startSink(`https://hecate.test:${httpsPort}`, `http://collector:wrong-secret@127.0.0.1:${proxy.port}`, logs);
    await sink.accept(events('kept queued'));
    await waitFor('the refusal logged', () => logs.text().includes('407'));
    expect(logs.text()).toContain(`proxy http://127.0.0.1:${proxy.port} refused CONNECT hecate.test:${httpsPort}: HTTP/1.1 407 Proxy Authentication Required (check the user and password in the proxy URL)`);
    expect(logs.text()).not.toContain('wrong-secret');
    expect(sink.queue.stats().records).toBe(1);
  });

  it('with proxy auto (the default) uses HTTPS_PROXY, but never for a loopback server', async () => {
    const seen: ProxyLog[] = [];
    const proxy = await startProxy(seen, undefined);
    servers.push(proxy);
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`;
    const viaProxy = startSink(`https://hecate.test:${httpsPort}`, undefined, captureLog());
    await viaProxy.accept(events('via HTTPS_PROXY'));
    await waitFor('the proxied batch', () => received.length === 1);
    expect(seen.map((entry) => entry.target)).toEqual([`hecate.test:${httpsPort}`]);
    const direct = startSink(`https://localhost:${httpsPort}`, undefined, captureLog());
    await direct.accept(events('direct'));
    await waitFor('the direct batch', () => received.length === 2);
    expect(seen).toHaveLength(1);
  });
});
