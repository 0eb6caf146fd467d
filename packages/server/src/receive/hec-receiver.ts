/**
 * The HEC receiver over node:http (protocol reference §1–§8, processing order §11).
 *
 * Order of a request: route → method → (health) → auth → channel → (ack endpoint) → ack channel
 * required → dedup by X-Request-Id → ack capacity → busy (held up to BUSY_HOLD_MS) → Content-Encoding → Content-Length →
 * read/gunzip → decode and validate → ingest (resolves once durable) → answer. Everything up to
 * "read" happens before a body byte is consumed, so rejected requests cost no body work.
 *
 * Failure behaviour: StoreBusyError → 503 code 9 with Retry-After; any other error → 500 code 8.
 * `handle` never throws and never leaves a rejected promise behind.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HecCode,
  extractCredential,
  hecReply,
  methodNotAllowedReply,
  notFoundReply,
  validateChannel,
  type HecReply,
} from '@hecate/hec';
import type { RecordedResponse, RecoveredRequest } from '../events.js';
import { StoreBusyError } from '../store/types.js';
import { AckRegistry } from './ack-registry.js';
import { answerAckQuery } from './ack-endpoint.js';
import { buildJsonEvents, buildRawEvents, type RequestMeta } from './build-events.js';
import { DedupCache } from './dedup-cache.js';
import { readBody } from './read-body.js';
import { ReceiverCounters } from './receiver-counters.js';
import { parseQuery, type HecQuery } from './request-query.js';
import { matchRoute, type Route } from './routes.js';
import { sendReply } from './send-reply.js';
import type {
  HecConnector,
  HecReceiver,
  ReceiverDeps,
  ReceiverExtraStats,
  ReceiverOptions,
  ReceiverStats,
  RequestOutcome,
} from './types.js';

/** Seconds a client should wait after `deps.isBusy()` said so (StoreBusyError carries its own). */
const BUSY_RETRY_AFTER_SECONDS = 1;
/**
 * How long a request that finds the pipeline busy waits for it to clear, its body unread, before it
 * is answered 503 with Retry-After: BUSY_RETRY_AFTER_SECONDS. No longer than the Retry-After, so a
 * held request never costs a client more than the 503 would have; a backlog that drains sooner
 * (the end of a storage checkpoint, ~0.1–1 s) then costs shippers that much instead of a whole
 * second per request (bench:collector lost 8–12 worker-seconds per run that way).
 */
export const BUSY_HOLD_MS = BUSY_RETRY_AFTER_SECONDS * 1000;
const requestIdPattern = /^[\x21-\x7e]{1,128}$/;

export interface HecReceiverWithStats extends HecReceiver {
  stats(): ReceiverStats & ReceiverExtraStats;
}

export function createHecReceiver(deps: ReceiverDeps, options: ReceiverOptions = {}): HecReceiverWithStats {
  const now = options.now ?? Date.now;
  const { limits } = deps;
  const counters = new ReceiverCounters();
  const acks = new AckRegistry(limits, now);
  const dedup = new DedupCache(limits.dedupWindowMs, now, limits.maxDedupEntries);

  /** What is known so far about each request being served, reported through `deps.observe` with its answer. */
  const tracked = new WeakMap<ServerResponse, Tracked>();

  /** Starts what is reported about a request once it is answered (see `answer`). */
  function track(req: IncomingMessage, res: ServerResponse, route: Tracked['route']): Tracked {
    const t: Tracked = { route, eventsAccepted: 0, wireBytes: 0, remoteAddress: req.socket.remoteAddress };
    tracked.set(res, t);
    return t;
  }

  /** Sends `reply` and counts it under `statKey` (the HEC code unless the HTTP status says more). */
  function answer(res: ServerResponse, reply: HecReply, statKey: number, headers?: Record<string, string>): void {
    counters.count(statKey);
    sendReply(res, reply, headers);
    const t = tracked.get(res);
    if (deps.observe === undefined || t === undefined) return;
    tracked.delete(res);
    const outcome: RequestOutcome = {
      route: t.route,
      status: reply.status,
      code: statKey,
      eventsAccepted: t.eventsAccepted,
      wireBytes: t.wireBytes,
      ...(t.connector !== undefined ? { connector: t.connector } : {}),
      ...(t.remoteAddress !== undefined ? { remoteAddress: t.remoteAddress } : {}),
      ...(t.credentialVia !== undefined ? { credentialVia: t.credentialVia } : {}),
      ...(t.requestId !== undefined ? { requestId: t.requestId } : {}),
      ...(t.invalidEventNumber !== undefined ? { invalidEventNumber: t.invalidEventNumber } : {}),
      ...(reply.status >= 400 && t.body !== undefined ? { sample: t.body.subarray(0, SAMPLE_BYTES).toString('utf8') } : {}),
    };
    try {
      deps.observe(outcome);
    } catch {
      // Observers count and record; a failure there must never change the answer or crash the receiver.
    }
  }

  function answerCode(res: ServerResponse, code: HecCode, headers?: Record<string, string>): void {
    answer(res, hecReply(code), code, headers);
  }

  /**
   * HEC codes 2, 3, 4 (no usable key): the same answer, but late once the client's address has failed too
   * often (brute-force tarpit, key-failure-limiter.ts). Accepted keys never come here.
   */
  async function refuseKey(req: IncomingMessage, res: ServerResponse, code: HecCode, headers: Record<string, string>): Promise<void> {
    const hold = options.keyFailures?.fail(req.socket.remoteAddress);
    if (hold !== undefined) await hold;
    answerCode(res, code, headers);
  }

  function busy(res: ServerResponse, retryAfterSeconds: number, headers: Record<string, string>): void {
    answerCode(res, HecCode.ServerBusy, { ...headers, 'Retry-After': String(retryAfterSeconds) });
  }

  /**
   * 413, then discard what the client is still sending — for a moment, up to a bound — before closing.
   * Closing at once while the client is mid-upload makes the kernel reset the connection, and many
   * clients then never read the 413. The body is never buffered: the limit still holds for memory.
   */
  function tooLarge(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    // When the client asked for `Connection: close`, Node ends the socket and destroys it as soon as the
    // answer is flushed, with the client's upload still arriving: the kernel then resets the connection.
    // Half-close instead (send FIN, keep reading); discardThenClose bounds how long.
    const socket = req.socket as typeof req.socket & { destroySoon?: () => void };
    socket.destroySoon = () => socket.end();
    res.once('finish', () => discardThenClose(req));
    answer(res, hecReply(HecCode.InvalidDataFormat, undefined, 413), 413, headers);
  }

  async function serve(route: Route, req: IncomingMessage, res: ServerResponse, query: HecQuery): Promise<void> {
    const t = track(req, res, route.kind);
    if (route.kind === 'health') {
      answerCode(res, deps.isBusy() ? HecCode.UnhealthyQueuesFull : HecCode.Healthy);
      return;
    }

    const idHeader = req.headers['x-request-id'];
    const clientId = typeof idHeader === 'string' && requestIdPattern.test(idHeader) ? idHeader : undefined;
    if (idHeader !== undefined && clientId === undefined) counters.invalidRequestIds++;
    const requestId = clientId ?? randomUUID();
    t.requestId = requestId;
    const headers = { 'X-Request-Id': requestId };

    // §2.2: credential, lookup, query-string permission (after validity), then disabled.
    const credential = extractCredential(req.headers.authorization, query.token);
    if (!credential.ok) return refuseKey(req, res, credential.code, headers);
    const connector = deps.findConnectorByKey(credential.credential);
    if (connector === undefined) return refuseKey(req, res, HecCode.InvalidToken, headers);
    t.connector = connector;
    t.credentialVia = credential.via;
    if (credential.via === 'query' && !connector.hec.allowQueryStringAuth) {
      return answerCode(res, HecCode.QueryStringAuthDisabled, headers);
    }
    if (!connector.enabled) return answerCode(res, HecCode.TokenDisabled, headers);

    // §7.1: header wins over query; GUIDs only on the Splunk paths.
    const headerChannel = req.headers['x-splunk-request-channel'];
    const suppliedChannel = typeof headerChannel === 'string' ? headerChannel : query.channel;
    let channel: string | undefined;
    if (route.logscale) {
      channel = suppliedChannel === '' ? undefined : suppliedChannel;
    } else {
      const checked = validateChannel(suppliedChannel);
      if (!checked.ok) return answerCode(res, checked.code, headers);
      channel = checked.channel;
    }

    if (route.kind === 'ack') {
      if (!connector.hec.useAck) return answerCode(res, HecCode.AckDisabled, headers);
      if (channel === undefined) return answerCode(res, HecCode.DataChannelMissing, headers);
      return serveAck(req, res, channel, headers);
    }
    if (connector.hec.useAck && channel === undefined) return answerCode(res, HecCode.DataChannelMissing, headers);

    const requestKey = clientId === undefined ? undefined : `${connector.id}\u0000${clientId}`;
    let release: ((committed?: RecordedResponse) => void) | undefined;
    if (requestKey !== undefined) {
      for (;;) {
        const previous = dedup.lookup(requestKey);
        if (previous !== undefined) {
          counters.dedupHits++;
          // Reported like any answer (its events were stored by the first request, so none here).
          answer(res, { status: previous.status, body: previous.body }, Number((JSON.parse(previous.body) as { code?: number }).code ?? previous.status), headers);
          return;
        }
        const pending = dedup.pending(requestKey);
        if (pending === undefined) break;
        await pending;
      }
      release = dedup.begin(requestKey);
    }

    let committed: RecordedResponse | undefined;
    try {
      committed = await ingestRequest(route, req, res, query, connector, channel, requestId, requestKey, headers);
    } finally {
      release?.(committed);
    }
  }

  /** Steps 6–9 of §11 for /event and /raw. Returns the response when events were committed. */
  async function ingestRequest(
    route: Route,
    req: IncomingMessage,
    res: ServerResponse,
    query: HecQuery,
    connector: HecConnector,
    channel: string | undefined,
    requestId: string,
    requestKey: string | undefined,
    headers: Record<string, string>,
  ): Promise<RecordedResponse | undefined> {
    const useAck = connector.hec.useAck && channel !== undefined;
    if (useAck && !acks.canAccept(channel)) return void busy(res, BUSY_RETRY_AFTER_SECONDS, headers);
    if (deps.isBusy() && !(await deps.whenNotBusy?.(BUSY_HOLD_MS))) return void busy(res, BUSY_RETRY_AFTER_SECONDS, headers);

    const gzip = contentEncodingIsGzip(req.headers['content-encoding']);
    if (gzip === undefined) return void answer(res, hecReply(HecCode.InvalidDataFormat, undefined, 415), 415, headers);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limits.maxContentLength) return void tooLarge(req, res, headers);

    const read = await readBody(req, gzip, limits);
    counters.bytesReceived += read.wireBytes;
    const t = tracked.get(res);
    if (t !== undefined) {
      t.wireBytes = read.wireBytes;
      if (read.kind === 'ok') t.body = read.body;
    }
    if (read.kind === 'aborted') return undefined;
    if (read.kind === 'too-large') return void tooLarge(req, res, headers);
    if (read.kind === 'bad-gzip') {
      counters.badGzip++;
      return void answerCode(res, HecCode.InvalidDataFormat, headers);
    }

    const meta: RequestMeta = {
      connector,
      query,
      clientHost: clientHost(req, options.trustForwardedFor === true),
      maxEventSize: limits.maxEventSize,
      rawChannelField: route.logscale && route.kind === 'raw' ? channel : undefined,
    };
    const { events, error } = route.kind === 'raw' ? buildRawEvents(read.body, meta) : buildJsonEvents(read.body, meta);
    if (events.length === 0) {
      const code = error?.code ?? HecCode.NoData;
      if (t !== undefined) t.invalidEventNumber = error?.invalidEventNumber;
      return void answer(res, hecReply(code, { invalidEventNumber: error?.invalidEventNumber }), code, headers);
    }

    const ackId = useAck ? acks.allocate(channel) : undefined;
    const code = error?.code ?? HecCode.Success;
    const reply = hecReply(code, { invalidEventNumber: error?.invalidEventNumber, ackId });
    if (t !== undefined) t.invalidEventNumber = error?.invalidEventNumber;
    const response: RecordedResponse = { status: reply.status, body: reply.body };
    try {
      await deps.ingest(connector, events, { requestId, requestKey, response, remoteAddress: req.socket.remoteAddress });
    } catch (err) {
      if (isStoreBusy(err)) return void busy(res, err.retryAfterSeconds, headers);
      throw err;
    }
    if (ackId !== undefined) acks.confirm(channel as string, ackId);
    counters.eventsAccepted += events.length;
    if (t !== undefined) t.eventsAccepted = events.length;
    answer(res, reply, code, headers);
    return response;
  }

  async function serveAck(req: IncomingMessage, res: ServerResponse, channel: string, headers: Record<string, string>): Promise<void> {
    const gzip = contentEncodingIsGzip(req.headers['content-encoding']);
    if (gzip === undefined) return answer(res, hecReply(HecCode.InvalidDataFormat, undefined, 415), 415, headers);
    const read = await readBody(req, gzip, limits);
    counters.bytesReceived += read.wireBytes;
    if (read.kind === 'aborted') return;
    if (read.kind === 'too-large') return tooLarge(req, res, headers);
    const reply = read.kind === 'ok' ? answerAckQuery(read.body, channel, acks) : undefined;
    if (reply === undefined) return answerCode(res, HecCode.InvalidDataFormat, headers);
    answer(res, reply, HecCode.Success, headers);
  }

  function fail(req: IncomingMessage, res: ServerResponse): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    try {
      answerCode(res, HecCode.InternalError);
    } catch {
      req.destroy();
    }
  }

  return {
    handle(req, res) {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const match = matchRoute(q < 0 ? url : url.slice(0, q));
      if (match === undefined) return false;
      counters.requests++;
      if (match === 'not-found') {
        track(req, res, 'not-found');
        answer(res, notFoundReply(), 404);
        return true;
      }
      const { route } = match;
      const method = req.method ?? 'GET';
      if (method !== route.method && !(route.method === 'GET' && method === 'HEAD')) {
        track(req, res, 'method');
        answer(res, methodNotAllowedReply(), 405, { Allow: route.method === 'GET' ? 'GET, HEAD' : 'POST' });
        return true;
      }
      try {
        serve(route, req, res, parseQuery(q < 0 ? '' : url.slice(q + 1))).catch(() => fail(req, res));
      } catch {
        fail(req, res);
      }
      return true;
    },
    restoreDedup(recovered: readonly RecoveredRequest[]) {
      dedup.restore(recovered);
    },
    stats() {
      return { ...counters.snapshot(), ackChannels: acks.channelCount, pendingAcks: acks.pendingCount };
    },
  };
}

/** true for gzip, false for none/identity, undefined for anything else (415). */
function contentEncodingIsGzip(value: string | undefined): boolean | undefined {
  if (value === undefined) return false;
  const coding = value.trim().toLowerCase();
  if (coding === '' || coding === 'identity') return false;
  return coding === 'gzip' ? true : undefined;
}

/** §4.7 tail: the first X-Forwarded-For entry when trusted, else the peer address. */
function clientHost(req: IncomingMessage, trustForwardedFor: boolean): string | undefined {
  if (trustForwardedFor) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (typeof forwarded === 'string' ? forwarded : undefined)?.split(',')[0]?.trim();
    if (first) return first;
  }
  const address = req.socket.remoteAddress;
  return address?.startsWith('::ffff:') ? address.slice(7) : address;
}

function isStoreBusy(err: unknown): err is StoreBusyError {
  return err instanceof StoreBusyError || (err instanceof Error && (err as { code?: unknown }).code === 'STORE_BUSY');
}

/**
 * How long, and how many more bytes, a client that overran a limit may keep sending before the connection
 * is cut. Generous in time (a loaded client may be slow to notice the answer), strict in bytes; a slow
 * client could hold a connection as long anyway, up to requestTimeoutSeconds.
 */
const LINGER_MS = 10_000;
const LINGER_BYTES = 16 * 1024 * 1024;

function discardThenClose(req: IncomingMessage): void {
  if (req.complete) return;
  let discarded = 0;
  const cut = (): void => {
    clearTimeout(timer);
    req.socket.destroy();
  };
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) cut();
  });
  req.once('end', () => clearTimeout(timer));
  req.resume();
}

/** How much of a rejected body is kept for the connection-errors record. */
const SAMPLE_BYTES = 1024;

interface Tracked {
  route: RequestOutcome['route'];
  connector?: HecConnector;
  credentialVia?: string;
  requestId?: string;
  invalidEventNumber?: number | undefined;
  remoteAddress: string | undefined;
  eventsAccepted: number;
  wireBytes: number;
  body?: Buffer;
}
