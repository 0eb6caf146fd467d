/**
 * One request to the endpoint under test, with node:http/https so a check controls every header
 * (no implicit Content-Type, any method, bodies that lie about their encoding). A fresh connection
 * per request: an error reply on a reused socket must not colour the next check. Redirects are never
 * followed: the checker sends to the given URL and nothing else.
 */
import http from 'node:http';
import https from 'node:https';
import type { WireAnswer, WireRequest } from './types.js';

export interface WireOptions {
  /** Base URL without the `/services/collector…` path, no trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  insecure: boolean;
  ca?: string | Buffer;
}

export function send(options: WireOptions, request: WireRequest): Promise<WireAnswer> {
  const url = new URL(options.baseUrl + request.path);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const secure = url.protocol === 'https:';
  const headers: Record<string, string | number> = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      {
        method: request.method,
        headers,
        agent: false,
        ...(secure ? { rejectUnauthorized: !options.insecure, ...(options.ca === undefined ? {} : { ca: options.ca }) } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, text, contentType: res.headers['content-type'], body: jsonObject(text) });
        });
      },
    );
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
