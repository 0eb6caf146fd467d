/**
 * Test harness: starts the built `hecate` binary on a free loopback port with a temporary data
 * directory, and talks to it over real HTTP.
 *
 * Every suite under test/ goes through this file, so the way Hecate is started and stopped is
 * decided in one place. Requests to the HEC endpoints use `node:http` (not fetch) so a test can
 * control every header and byte: no implicit Content-Type, chunked bodies, lying Content-Length.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchTrusting } from './https-fetch.js';
import { killChild, stopChild } from './child-exit.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HECATE_BIN = path.join(REPO_ROOT, 'packages/server/dist/bin/hecate.js');

/** How long a fresh server may take to answer its health check. */
const START_TIMEOUT_MS = 30_000;
/** How long a SIGTERM may take before the harness gives up and kills the process. */
const STOP_TIMEOUT_MS = 15_000;

/** The body of an HEC reply as the protocol reference §3 defines it (plus the /ack reply). */
export interface HecBody {
  text?: string;
  code?: number;
  'invalid-event-number'?: number;
  ackId?: number;
  acks?: Record<string, boolean>;
}

export interface HttpReply<B = HecBody> {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body exactly as sent by the server. */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: B;
}

export interface HecRequest {
  method?: string;
  /** String, bytes, or a list of pieces sent as separate chunks (Transfer-Encoding: chunked). */
  body?: string | Buffer | Array<string | Buffer>;
  headers?: OutgoingHttpHeaders;
  query?: Record<string, string>;
}

/** A stored event as `POST /api/v1/search` returns it. */
export type SearchEvent = Record<string, unknown> & {
  '@timestamp'?: unknown;
  '@rawstring'?: string;
  '@id'?: string;
  '@host'?: string | null;
  '@source'?: string | null;
  '@requestId'?: string;
  '@dataConnectionID'?: string;
  '#connector'?: string;
  '#repo'?: string;
  '#type'?: string;
};

export interface SearchOptions {
  start?: string | number;
  end?: string | number;
  limit?: number;
}

export interface HecSettings {
  useAck?: boolean;
  allowQueryStringAuth?: boolean;
  indexes?: string[];
  defaultIndex?: string;
  defaultSourcetype?: string;
}

export interface ConnectorBody {
  name: string;
  description?: string;
  parser?: 'raw' | 'json';
  hec?: HecSettings;
}

export interface Connector {
  id: string;
  name: string;
  description?: string;
  parser: string;
  status: string;
  enabled: boolean;
  ingestUrl: string;
  apiKey: string;
  hec: Required<Omit<HecSettings, 'defaultSourcetype'>> & { defaultSourcetype?: string };
}

export interface StartOptions {
  /** Extra arguments after `start --port … --host … --data-dir …`. */
  args?: string[];
  env?: Record<string, string>;
  /** PEM of the CA that signed the server's certificate: talk HTTPS (pass --tls-cert/--tls-key in args). */
  ca?: string;
}

export interface Hecate {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly adminPassword: string;
  /** A session token of the admin user (renewed by restart()). */
  readonly adminToken: string;
  /** Everything the process wrote to stdout and stderr so far (all runs). */
  logs(): string;
  /** Creates a connector (asserting 201) and returns it, including its apiKey. */
  createConnector(body: ConnectorBody): Promise<Connector>;
  /** A management API call with the admin session token. */
  api<B = unknown>(method: string, urlPath: string, body?: unknown): Promise<HttpReply<B>>;
  /** A raw HTTP request to the server (no implicit headers besides Host and Content-Length). */
  hec(urlPath: string, request?: HecRequest): Promise<HttpReply>;
  /** Runs a search; throws unless the server answers 200. */
  search(query: string, options?: SearchOptions): Promise<SearchEvent[]>;
  /** Polls the search until it returns at least n events or the timeout passes; returns the last result. */
  waitForEvents(query: string, n: number, timeoutMs?: number, options?: SearchOptions): Promise<SearchEvent[]>;
  /** SIGTERM, then waits for the exit; resolves the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
  /** SIGKILL, then waits for the exit. */
  kill9(): Promise<void>;
  /** Starts the binary again on the same port and data directory (stops it first if it runs). */
  restart(): Promise<void>;
  /** Stops the server if it runs and removes the data directory. */
  dispose(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const { port } = address;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A random lowercase alphanumeric marker that is unique per call (safe in names and free text). */
export function marker(prefix = 'mk'): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** A random RFC 4122 v4 GUID (an ack channel). */
export function guid(): string {
  return crypto.randomUUID();
}

/** `@timestamp` of a search result as Unix ms, whether the API sends a number or an ISO string. */
export function timestampMs(event: SearchEvent): number {
  const value = event['@timestamp'];
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    return /^\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value);
  }
  return Number.NaN;
}

/** Sends one HTTP request with full control of headers and body framing. */
export function rawRequest(
  port: number,
  urlPath: string,
  request: HecRequest = {},
  agent?: http.Agent,
): Promise<HttpReply> {
  const query = request.query === undefined ? '' : `${urlPath.includes('?') ? '&' : '?'}${new URLSearchParams(request.query).toString()}`;
  const method = request.method ?? 'POST';
  const headers: OutgoingHttpHeaders = { ...(request.headers ?? {}) };
  const { body } = request;
  const chunked = Array.isArray(body);
  if (!chunked && body !== undefined && !hasHeader(headers, 'content-length')) {
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = (agent instanceof https.Agent ? https : http).request(
      { host: '127.0.0.1', port, path: urlPath + query, method, headers, agent: agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parseJson(text) as HecBody });
        });
      },
    );
    req.on('error', reject);
    if (chunked) {
      for (const piece of body) req.write(piece);
      req.end();
    } else if (body !== undefined) {
      req.end(body);
    } else {
      req.end();
    }
  });
}

function hasHeader(headers: OutgoingHttpHeaders, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts Hecate and resolves once its health check answers 200 and the admin can log in. */
export async function startHecate(options: StartOptions = {}): Promise<Hecate> {
  if (!existsSync(HECATE_BIN)) {
    throw new Error(`${HECATE_BIN} does not exist: build first (npx tsc -b)`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hecate-test-'));
  const adminPassword = `pw-${marker('')}`;
  const url = `${options.ca === undefined ? 'http' : 'https'}://127.0.0.1:${port}`;
  const agent = options.ca === undefined ? new http.Agent({ keepAlive: true, maxSockets: 16 }) : new https.Agent({ keepAlive: true, maxSockets: 16, ca: options.ca });
  const fetch = options.ca === undefined ? globalThis.fetch : fetchTrusting(options.ca);
  let output = '';
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  let adminToken = '';

  const launch = async (): Promise<void> => {
    const argv = [HECATE_BIN, 'start', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, ...(options.args ?? [])];
    output += `\n$ node ${argv.join(' ')}\n`;
    const proc = spawn(process.execPath, argv, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env, HECATE_ADMIN_PASSWORD: adminPassword },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        output += `\n[hecate exited: code ${String(code)}, signal ${String(signal)}]\n`;
        if (child === proc) child = undefined;
        resolve(code);
      });
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child !== proc) {
        throw new Error(`hecate exited before it became healthy. Output:\n${output}`);
      }
      try {
        const probe = options.ca === undefined ? undefined : new https.Agent({ ca: options.ca });
        const reply = await rawRequest(port, '/services/collector/health', { method: 'GET' }, probe);
        if (reply.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`hecate did not answer its health check within ${START_TIMEOUT_MS} ms. Output:\n${output}`);
      }
      await sleep(100);
    }
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    const loginText = await login.text();
    if (login.status !== 200) {
      throw new Error(`admin login answered ${login.status} ${loginText}. Output:\n${output}`);
    }
    const token = (parseJson(loginText) as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') {
      throw new Error(`admin login gave no token: ${loginText}`);
    }
    adminToken = token;
  };

  const api = async <B = unknown>(method: string, urlPath: string, body?: unknown): Promise<HttpReply<B>> => {
    const headers: Record<string, string> = { authorization: `Bearer ${adminToken}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url + urlPath, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const responseHeaders: IncomingHttpHeaders = {};
    response.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    return { status: response.status, headers: responseHeaders, text, body: parseJson(text) as B };
  };

  const search = async (query: string, searchOptions: SearchOptions = {}): Promise<SearchEvent[]> => {
    const reply = await api<{ events?: SearchEvent[] }>('POST', '/api/v1/search', {
      query,
      start: searchOptions.start ?? '7d',
      ...(searchOptions.end === undefined ? {} : { end: searchOptions.end }),
      limit: searchOptions.limit ?? 1000,
    });
    if (reply.status !== 200 || !Array.isArray(reply.body?.events)) {
      throw new Error(`search ${JSON.stringify(query)} answered ${reply.status} ${reply.text.slice(0, 500)}`);
    }
    return reply.body.events;
  };

  const stop = (): Promise<number | null> => stopChild(child, exited, STOP_TIMEOUT_MS);
  const kill9 = (): Promise<void> => killChild(child, exited);

  try {
    await launch();
  } catch (error) {
    await kill9();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    url,
    port,
    dataDir,
    adminPassword,
    get adminToken() {
      return adminToken;
    },
    logs: () => output,
    api,
    async createConnector(body) {
      const reply = await api<Connector>('POST', '/api/v1/connectors', { parser: 'json', ...body });
      if (reply.status !== 201 || typeof reply.body?.apiKey !== 'string') {
        throw new Error(`creating connector ${body.name} answered ${reply.status} ${reply.text}`);
      }
      return reply.body;
    },
    hec: (urlPath, request) => rawRequest(port, urlPath, request, agent),
    search,
    async waitForEvents(query, n, timeoutMs = 3_000, searchOptions = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const events = await search(query, searchOptions);
        if (events.length >= n || Date.now() > deadline) return events;
        await sleep(100);
      }
    },
    stop,
    kill9,
    async restart() {
      if (child !== undefined) await stop();
      agent.destroy();
      await launch();
    },
    async dispose() {
      agent.destroy();
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `Authorization: Splunk <key>` */
export function splunkAuth(key: string): OutgoingHttpHeaders {
  return { authorization: `Splunk ${key}` };
}
