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
import { isLoopback, resolveProxy } from './proxy.js';
import { ForwardingAgent, TunnelingAgent } from './proxy-agent.js';

export interface HecRequest {
  /** The body as written: a few spans of the batch (plain), or the compressed body. */
  body: readonly Buffer[];
  bodyBytes: number;
  headers: Record<string, string>;
}

/** The LogScale Collector accepts the URL with or without the endpoint path; both mean /services/collector. */
export function endpointUrl(url: string): URL {
  const parsed = new URL(url);
  const base = parsed.pathname.replace(/\/+$/, '').replace(/\/services\/collector(\/event)?(\/1\.0)?$/, '');
  parsed.pathname = `${base}/services/collector`;
  return parsed;
}

export interface BuildOptions {
  /**
   * The sink's data channel (a GUID), sent as `X-Splunk-Request-Channel`. A connector with indexer
   * acknowledgement refuses requests without one (400 code 10); to any other, a channel changes nothing.
   */
  channel?: string;
  /** Where the compressed body is written (one per sink worker, reused; see GzipOutput). The body stays valid until the next request built into it. */
  output?: GzipOutput;
  /** The sink's compressions, one at a time (see CompressionLane). */
  lane?: CompressionLane;
}

export async function buildRequest(
  config: HecSinkConfig,
  records: readonly Buffer[],
  requestId: string,
  compress = config.compression !== 'none',
  { channel, output = new GzipOutput(), lane }: BuildOptions = {},
): Promise<HecRequest> {
  const headers: Record<string, string> = {
    authorization: `Splunk ${config.token}`,
    'content-type': 'application/json',
    'x-request-id': requestId,
  };
  if (channel !== undefined) headers['x-splunk-request-channel'] = channel;
  const spans = contiguousSpans(records);
  if (!compress) return { body: spans, bodyBytes: byteSum(spans), headers };
  headers['content-encoding'] = 'gzip';
  const body = await (lane === undefined ? gzipSpans(spans, config.compressionLevel, output) : lane.run(() => gzipSpans(spans, config.compressionLevel, output)));
  return { body: [body], bodyBytes: body.length, headers };
}

/**
 * Whether `compression: auto` compresses for this URL: not to a loopback address, where the bytes
 * never cross a network and gzip would only cost CPU on both sides (the collector's to compress,
 * the server's to inflate) on a machine they share. Everywhere else it does.
 */
export function autoCompresses(url: URL): boolean {
  return !isLoopback(url.hostname);
}

/**
 * Records as the fewest contiguous views: records the encoder wrote into one buffer one after the
 * other become a single view of it, with no copy. Any records whose bytes are adjacent in memory
 * can be joined this way, because the result is byte for byte their concatenation.
 */
export function contiguousSpans(records: readonly Buffer[]): Buffer[] {
  const spans: Buffer[] = [];
  let first: Buffer | undefined;
  let length = 0;
  for (const record of records) {
    if (first !== undefined && record.buffer === first.buffer && record.byteOffset === first.byteOffset + length) {
      length += record.length;
      continue;
    }
    if (first !== undefined) spans.push(length === first.length ? first : Buffer.from(first.buffer, first.byteOffset, length));
    first = record;
    length = record.length;
  }
  if (first !== undefined) spans.push(length === first.length ? first : Buffer.from(first.buffer, first.byteOffset, length));
  return spans;
}

function byteSum(buffers: readonly Buffer[]): number {
  let sum = 0;
  for (const buffer of buffers) sum += buffer.length;
  return sum;
}

/** A compressed body's first allocation: a 1 MiB request of log envelopes gzips to ~150 KiB at level 1. */
const GZIP_OUTPUT_BYTES = 256 * 1024;

/**
 * A sink worker's compressed bodies, written one after the other into the same memory. The gzip
 * stream hands its output in fresh 16 KiB chunks; kept until the server answers, they outlive two
 * scavenges, are promoted, and their memory comes back only at the next full collection: 5–11 MiB of
 * dead chunks at the collector's peak RSS. Copied here as they come, each chunk dies young.
 */
export class GzipOutput {
  /** Allocated at the first compressed body: a sink that sends uncompressed never needs it. */
  private buffer = Buffer.alloc(0);
  private length = 0;

  reset(): void {
    this.length = 0;
  }

  append(chunk: Buffer): void {
    if (this.length + chunk.length > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.length + chunk.length, this.buffer.length * 2, GZIP_OUTPUT_BYTES));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += chunk.copy(this.buffer, this.length);
  }

  /** The body written since the last reset: a view, valid until the next reset. */
  body(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/**
 * A sink's compressions, run one after the other instead of one per sender worker at once. Each
 * running gzip holds its own zlib state and output on its own thread-pool thread: four at once put
 * the collector's peak RSS at 140–148 MiB with a full 64 MB queue, one at a time at 137–140. One
 * thread still compresses ~1 MiB of envelopes in a few milliseconds at level 1, several times what a
 * server ingests.
 */
export class CompressionLane {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * gzip on libuv's thread pool, fed the batch's spans as they are: the event loop keeps reading
 * sockets while a batch is compressed (a synchronous gzip of a batch stalls it long enough for UDP
 * datagrams to overflow the socket buffer), and the uncompressed batch is never copied.
 */
async function gzipSpans(spans: readonly Buffer[], level: number, output: GzipOutput): Promise<Buffer> {
  const gzip = createGzip({ level });
  output.reset();
  gzip.on('data', (chunk: Buffer) => output.append(chunk));
  const ended = once(gzip, 'end');
  for (const span of spans) {
    if (!gzip.write(span)) await once(gzip, 'drain');
  }
  gzip.end();
  await ended;
  return output.body();
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

/** The most a `Retry-After` makes a sink wait, whatever it says: an hour. */
export const MAX_RETRY_AFTER_SECONDS = 3_600;

/**
 * Seconds to wait from a `Retry-After` header: delay-seconds, or an HTTP date (RFC 9110 §10.2.3),
 * at most MAX_RETRY_AFTER_SECONDS; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text), MAX_RETRY_AFTER_SECONDS);
  // An HTTP date starts with the day's name; Date.parse alone would take "-3" or "1.5" for dates.
  const at = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(at)) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - now) / 1000)), MAX_RETRY_AFTER_SECONDS);
}

/**
 * Sends one request; rejects on network errors, on a response that does not come within timeoutMs,
 * and when `signal` aborts (shutdown: the request is cut off rather than waited for).
 */
export function send(url: URL, agent: http.Agent, request: HecRequest, timeoutMs: number, signal?: AbortSignal): Promise<HecResponse> {
  const client = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { ...request.headers, 'content-length': String(request.bodyBytes) };
  // Through a forwarding proxy an http request names its whole URL (absolute form) and carries the proxy's credentials.
  const forwarding = agent instanceof ForwardingAgent ? agent.proxy : undefined;
  if (forwarding?.authorization !== undefined) headers['proxy-authorization'] = forwarding.authorization;
  return new Promise((resolve, reject) => {
    // The answer counts only once the body was handed to the socket (or the request is gone): the
    // caller may then reuse the body's memory (the memory queue's slabs) while nothing reads it.
    let answer: HecResponse | undefined;
    let written = false;
    const settle = (response?: HecResponse): void => {
      if (response !== undefined) answer = response;
      if (answer !== undefined && written) resolve(answer);
    };
    const req = client.request(
      url,
      { method: 'POST', agent, headers, timeout: timeoutMs, ...(signal === undefined ? {} : { signal }), ...(forwarding === undefined ? {} : { path: url.href }) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const retryAfter = parseRetryAfter(res.headers['retry-after']);
          settle({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.once('finish', () => {
      written = true;
      settle();
    });
    req.once('close', () => {
      written = true;
      settle();
    });
    for (const part of request.body) req.write(part);
    req.end();
  });
}
