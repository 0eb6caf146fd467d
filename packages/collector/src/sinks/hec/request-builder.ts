/**
 * The HTTP request for one batch: the endpoint URL, headers and (compressed) body. Kept apart from
 * the sender so retries reuse the exact same bytes and X-Request-Id.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { gzipSync } from 'node:zlib';
import type { HecSinkConfig } from './config.js';

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

export function buildRequest(config: HecSinkConfig, records: readonly Buffer[], requestId: string): HecRequest {
  const raw = Buffer.concat(records);
  const headers: Record<string, string> = {
    authorization: `Splunk ${config.token}`,
    'content-type': 'application/json',
    'x-request-id': requestId,
  };
  if (config.compression === 'none') return { body: raw, headers };
  headers['content-encoding'] = 'gzip';
  return { body: gzipSync(raw, { level: config.compressionLevel }), headers };
}

export function createAgent(config: HecSinkConfig, url: URL): http.Agent {
  const options = { keepAlive: true, maxSockets: config.workers };
  if (url.protocol !== 'https:') return new http.Agent(options);
  const ca = config.tls.caCert ?? (config.tls.caFile === undefined ? undefined : fs.readFileSync(config.tls.caFile, 'utf8'));
  return new https.Agent({ ...options, rejectUnauthorized: !config.tls.insecure, ...(ca === undefined ? {} : { ca }) });
}

export interface HecResponse {
  status: number;
  body: string;
  retryAfterSeconds?: number;
}

/** Sends one request; rejects on network errors and on a response that does not come within timeoutMs. */
export function send(url: URL, agent: http.Agent, request: HecRequest, timeoutMs: number): Promise<HecResponse> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method: 'POST', agent, headers: { ...request.headers, 'content-length': String(request.body.length) }, timeout: timeoutMs },
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
