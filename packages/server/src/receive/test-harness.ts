/**
 * Test support for the receiver's suites (not used at runtime): a real node:http server on a loopback
 * port with the receiver and fake dependencies, and a node:http client that controls every byte.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingEvent } from '../events.js';
import { createHecReceiver, type HecReceiverWithStats } from './hec-receiver.js';
import type { HecConnector, IngestContext, ReceiverLimits, ReceiverOptions, RequestOutcome } from './types.js';

export interface IngestCall {
  connector: HecConnector;
  events: IncomingEvent[];
  context: IngestContext;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: Record<string, unknown>;
}

export interface SendOptions {
  method?: string;
  headers?: http.OutgoingHttpHeaders;
  /** A list is sent as separate chunks (Transfer-Encoding: chunked). */
  body?: string | Buffer | Array<string | Buffer>;
}

export const TEST_LIMITS: ReceiverLimits = {
  maxContentLength: 64 * 1024,
  maxDecodedLength: 256 * 1024,
  maxEventSize: 16 * 1024,
  dedupWindowMs: 60_000,
  maxAckChannels: 100,
  maxPendingAcksPerChannel: 3,
  ackChannelIdleMs: 60_000,
};

export function connector(id: string, hec: Partial<HecConnector['hec']> = {}, enabled = true): HecConnector {
  return {
    id,
    name: `conn-${id}`,
    enabled,
    parser: 'json',
    hec: { useAck: false, allowQueryStringAuth: false, indexes: [], defaultIndex: 'main', ...hec },
  };
}

export class Harness {
  readonly calls: IngestCall[] = [];
  readonly keys = new Map<string, HecConnector>();
  /** Every outcome the receiver reported through `observe`. */
  readonly outcomes: RequestOutcome[] = [];
  busy = false;
  /** Called inside `ingest`; throw to fail the commit, await to delay it. */
  onIngest: (call: IngestCall) => Promise<void> | void = () => {};
  clock = 1_000_000;
  readonly receiver: HecReceiverWithStats;
  private readonly server: http.Server;
  private listeningPort = 0;

  constructor(limits: Partial<ReceiverLimits> = {}, options: ReceiverOptions = {}) {
    this.receiver = createHecReceiver(
      {
        findConnectorByKey: (key) => this.keys.get(key),
        ingest: async (conn, events, context) => {
          const call = { connector: conn, events, context };
          await this.onIngest(call);
          this.calls.push(call);
        },
        isBusy: () => this.busy,
        whenNotBusy: async (ms) => {
          const deadline = Date.now() + ms;
          while (this.busy && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
          return !this.busy;
        },
        limits: { ...TEST_LIMITS, ...limits },
        observe: (outcome) => this.outcomes.push(outcome),
      },
      { now: () => this.clock, ...options },
    );
    this.server = http.createServer((req, res) => {
      if (!this.receiver.handle(req, res)) {
        res.writeHead(418).end('not hec');
      }
    });
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.listeningPort = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  get port(): number {
    return this.listeningPort;
  }

  get events(): IncomingEvent[] {
    return this.calls.flatMap((c) => c.events);
  }

  send(path: string, options: SendOptions = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.listeningPort, path, method: options.method ?? 'POST', headers: options.headers, agent: false });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // left empty: the test asserts on `text`
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      });
      req.on('error', reject);
      const { body } = options;
      if (Array.isArray(body)) {
        for (const piece of body) req.write(piece);
        req.end();
      } else {
        req.end(body);
      }
    });
  }
}

export async function startHarness(limits: Partial<ReceiverLimits> = {}, options: ReceiverOptions = {}): Promise<Harness> {
  return new Harness(limits, options).start();
}

export const GUID = '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9';
export const GUID2 = '11111111-2222-3333-4444-555555555555';
export const splunk = (key: string): http.OutgoingHttpHeaders => ({ authorization: `Splunk ${key}` });
