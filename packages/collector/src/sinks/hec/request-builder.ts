/**
 * The HTTP request for one batch: the endpoint URL, headers and (compressed) body. Kept apart from
 * the sender so retries reuse the exact same bytes and X-Request-Id.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { HecSinkConfig } from './config.js';
import { resolveProxy } from './proxy.js';
import { ForwardingAgent, TunnelingAgent } from './proxy-agent.js';

export interface HecRequest {
  body: Buffer;
  headers: Record<string, string>;
}

/** The LogScale Collector accepts the URL with or without the endpoint path; both mean /services/collector. */
export function endpointUrl(url: string): URL {
  const parsed = new URL(url);
  const base = parsed.pathname.replace(/\/+$/, '').replace(/\/services\/collector(\/event)?(\/1\.0)?$/, '');
  parsed.pathname = `${base}/services/collector`;
  return parsed;
}

export async function buildRequest(config: HecSinkConfig, records: readonly Buffer[], requestId: string): Promise<HecRequest> {
  const headers: Record<string, string> = {
    authorization: `Splunk ${config.token}`,
    'content-type': 'application/json',
    'x-request-id': requestId,
  };
  if (config.compression === 'none') return { body: Buffer.concat(records), headers };
  headers['content-encoding'] = 'gzip';
  return { body: await gzipRecords(records, config.compressionLevel), headers };
}

/** Records handed to the compressor at a time: big enough for few calls, small enough not to copy the batch. */
const GZIP_INPUT_BYTES = 1 << 20;

/**
 * gzip on libuv's thread pool, fed a slice at a time: the event loop keeps reading sockets while a
 * batch is compressed (a synchronous gzip of a batch stalls it long enough for UDP datagrams to
 * overflow the socket buffer), and the uncompressed batch is never copied whole.
 */
async function gzipRecords(records: readonly Buffer[], level: number): Promise<Buffer> {
  const gzip = createGzip({ level });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = once(gzip, 'end');
  let slice: Buffer[] = [];
  let size = 0;
  for (const record of records) {
    slice.push(record);
    size += record.length;
    if (size < GZIP_INPUT_BYTES) continue;
    if (!gzip.write(Buffer.concat(slice, size))) await once(gzip, 'drain');
    slice = [];
    size = 0;
  }
  gzip.end(Buffer.concat(slice, size));
  await ended;
  return Buffer.concat(out);
}

/** The connection pool for one sink: direct, or through the proxy that `proxy` (and the environment) names. */
export function createAgent(config: HecSinkConfig, url: URL, env: NodeJS.ProcessEnv = process.env): http.Agent {
  const options = { keepAlive: true, maxSockets: config.workers };
  const proxy = resolveProxy(config.proxy, url, env);
  if (url.protocol !== 'https:') return proxy === undefined ? new http.Agent(options) : new ForwardingAgent(options, proxy);
  const ca = config.tls.caCert ?? (config.tls.caFile === undefined ? undefined : fs.readFileSync(config.tls.caFile, 'utf8'));
  const tlsOptions = { ...options, rejectUnauthorized: !config.tls.insecure, ...(ca === undefined ? {} : { ca }) };
  return proxy === undefined ? new https.Agent(tlsOptions) : new TunnelingAgent(tlsOptions, proxy);
}

/** The proxy an agent goes through, as it may be logged (no credentials), or undefined when direct. */
export function proxyOf(agent: http.Agent): string | undefined {
  return agent instanceof TunnelingAgent || agent instanceof ForwardingAgent ? agent.proxy.display : undefined;
}

export interface HecResponse {
  status: number;
  body: string;
  retryAfterSeconds?: number;
}

/** Sends one request; rejects on network errors and on a response that does not come within timeoutMs. */
export function send(url: URL, agent: http.Agent, request: HecRequest, timeoutMs: number): Promise<HecResponse> {
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { ...request.headers, 'content-length': String(request.body.length) };
  // Through a forwarding proxy an http request names its whole URL (absolute form) and carries the proxy's credentials.
  const forwarding = agent instanceof ForwardingAgent ? agent.proxy : undefined;
  if (forwarding?.authorization !== undefined) headers['proxy-authorization'] = forwarding.authorization;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method: 'POST', agent, headers, timeout: timeoutMs, ...(forwarding === undefined ? {} : { path: url.href }) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const retryAfter = Number(res.headers['retry-after']);
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}
