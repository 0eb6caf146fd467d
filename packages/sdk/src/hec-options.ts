/**
 * Options of the `HEC` sender, declared once with their defaults, validated at construction and frozen.
 */
import { CHANNEL_PATTERN } from '@hecate/hec';
import { resolveProxy } from './proxy-settings.js';
import type { ProxySettings } from './proxy-settings.js';
import type { HecLogger } from './redacting-logger.js';
import type { TimeUnit } from './time-unit.js';

export interface HecOptions {
  /** Ingest URL: `https://host:8088`, or with a path ending in `/services/collector` (or `/event`, `/raw`). */
  url: string;
  /** The connector's API key (HEC token). Sent as `Authorization: Splunk <key>`; never logged. */
  apiKey: string;
  /** Send events as text lines to `/services/collector/raw` instead of JSON envelopes. Default false. */
  raw?: boolean;
  /** Per-request timeout in ms. Default 30 000. */
  timeoutMs?: number;
  /**
   * Most retries of a request after failures that do not say when they will end: network errors,
   * timeouts, 500, 502, 504. Busy answers (429, 503) are not counted: `retryTimeoutMs` bounds them.
   * Default 5.
   */
  retries?: number;
  /**
   * Most time in ms from a request's first attempt to the start of its last one, whatever the failures.
   * Busy answers (429, and 503 such as HEC code 9 "Server is busy", which a server catching up on a
   * backlog can give for seconds) are retried until it runs out, waiting what `Retry-After` says plus a
   * little jitter. An attempt that would start later is not made: the request fails with its last error.
   * 0: never retry. Default 60 000.
   */
  retryTimeoutMs?: number;
  /** First backoff delay in ms; doubles per attempt, with full jitter, capped at 30 s. Default 250. */
  retryBaseMs?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Most envelopes per request. Default 1000. */
  batchEvents?: number;
  /** Most body bytes per request (before gzip). Default 1 MiB. */
  batchBytes?: number;
  /** Compress request bodies (`Content-Encoding: gzip`). Default false. */
  gzip?: boolean;
  /** Extra trusted CA certificates (PEM) for https URLs. Node only. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Accept any TLS certificate. Node only; for tests and labs. */
  insecure?: boolean;
  /** Use indexer acknowledgement: resolve only once `/services/collector/ack` reports every batch true. */
  useAck?: boolean;
  /** Ack channel (a GUID). Default: a random one when `useAck` is set. */
  channel?: string;
  /** How often to poll `/ack`, in ms. Default 250. */
  ackPollMs?: number;
  /** How long a batch's ackId may stay false before the send fails, in ms. Default 120 000. */
  ackTimeoutMs?: number;
  /** Wait this long after the first `sendEvent` for more to share its request, in ms. Default 5. */
  lingerMs?: number;
  /** Receives debug/info/warn/error messages; the key is redacted from every one. */
  logger?: HecLogger;
  /**
   * HTTP proxy: a URL (`http://user:password@host:port`), `system` (`https_proxy` / `http_proxy` /
   * `no_proxy` from the environment, upper-case names too) or `none`. https targets are tunnelled with
   * CONNECT. The credentials are never logged. Node transport only. Default `none`.
   */
  proxy?: string;
  /** `fetch` (any runtime) or `node` (node:http/https: CA, insecure, keep-alive agent, proxy). Default: `node` on Node. */
  transport?: 'node' | 'fetch';
  /** Unit of FalconPy-style `timestamp` values and of generated ones. Default nanoseconds, as FalconPy. */
  timeunit?: TimeUnit;
  /** Defaults for envelopes that do not set them (JSON mode), or query parameters (raw mode). */
  sourcetype?: string;
  host?: string;
  index?: string;
  source?: string;
}

export interface ResolvedOptions
  extends Readonly<Required<Omit<HecOptions, 'ca' | 'logger' | 'channel' | 'sourcetype' | 'host' | 'index' | 'source' | 'url' | 'proxy'>>> {
  /** Base URL without the `/services/collector…` path, no trailing slash. */
  readonly baseUrl: string;
  readonly ca: HecOptions['ca'];
  readonly logger: HecLogger | undefined;
  readonly channel: string | undefined;
  /** The proxies, read once from the option (and the environment for `system`); undefined: always direct. */
  readonly proxy: ProxySettings | undefined;
  readonly metadata: Readonly<Record<'sourcetype' | 'host' | 'index' | 'source', string | undefined>>;
}

const KNOWN_KEYS = new Set<string>([
  'url', 'apiKey', 'raw', 'timeoutMs', 'retries', 'retryTimeoutMs', 'retryBaseMs', 'concurrency', 'batchEvents', 'batchBytes', 'gzip',
  'ca', 'insecure', 'useAck', 'channel', 'ackPollMs', 'ackTimeoutMs', 'lingerMs', 'logger', 'transport', 'timeunit',
  'sourcetype', 'host', 'index', 'source', 'proxy',
]);

const COLLECTOR_PATH = /\/services\/collector(\/(event|raw)(\/1\.0)?|\/1\.0)?\/?$/;

export function resolveOptions(options: HecOptions): ResolvedOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.has(key)) throw new TypeError(`HEC: unknown option "${key}"`);
  }
  if (typeof options.apiKey !== 'string' || options.apiKey === '') throw new TypeError('HEC: apiKey is required');
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new TypeError(`HEC: url "${options.url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError('HEC: url must be http or https');
  const path = parsed.pathname.replace(COLLECTOR_PATH, '').replace(/\/+$/, '');
  const baseUrl = `${parsed.protocol}//${parsed.host}${path}`;
  const useAck = options.useAck ?? false;
  const channel = options.channel ?? (useAck ? crypto.randomUUID() : undefined);
  if (channel !== undefined && !CHANNEL_PATTERN.test(channel)) throw new TypeError('HEC: channel must be a GUID');
  const positive = (name: string, value: number | undefined, fallback: number, min = 1): number => {
    const v = value ?? fallback;
    if (!Number.isFinite(v) || v < min) throw new TypeError(`HEC: ${name} must be a number ≥ ${min}`);
    return v;
  };
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  const transport = options.transport ?? (isNode ? 'node' : 'fetch');
  if (options.proxy !== undefined && typeof options.proxy !== 'string') throw new TypeError('HEC: proxy must be a URL, "system" or "none"');
  const proxy = resolveProxy(options.proxy ?? 'none', isNode ? process.env : {});
  if (proxy !== undefined && transport !== 'node') throw new TypeError('HEC: proxy needs the node transport (fetch takes its proxy from the runtime)');
  return Object.freeze({
    baseUrl,
    apiKey: options.apiKey,
    raw: options.raw ?? false,
    timeoutMs: positive('timeoutMs', options.timeoutMs, 30_000),
    retries: positive('retries', options.retries, 5, 0),
    retryTimeoutMs: positive('retryTimeoutMs', options.retryTimeoutMs, 60_000, 0),
    retryBaseMs: positive('retryBaseMs', options.retryBaseMs, 250, 0),
    concurrency: positive('concurrency', options.concurrency, 4),
    batchEvents: positive('batchEvents', options.batchEvents, 1000),
    batchBytes: positive('batchBytes', options.batchBytes, 1024 * 1024, 64),
    gzip: options.gzip ?? false,
    ca: options.ca,
    insecure: options.insecure ?? false,
    useAck,
    channel,
    ackPollMs: positive('ackPollMs', options.ackPollMs, 250),
    ackTimeoutMs: positive('ackTimeoutMs', options.ackTimeoutMs, 120_000),
    lingerMs: positive('lingerMs', options.lingerMs, 5, 0),
    logger: options.logger,
    transport,
    proxy,
    timeunit: options.timeunit ?? 'nanoseconds',
    metadata: Object.freeze({
      sourcetype: options.sourcetype,
      host: options.host,
      index: options.index,
      source: options.source,
    }),
  });
}
