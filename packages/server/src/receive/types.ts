import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IncomingEvent, RecordedResponse, RecoveredRequest } from '../events.js';
import type { KeyFailureLimiter } from './key-failure-limiter.js';

/** A connector as the HEC receiver sees it: the token settings of the protocol reference §2.4. */
export interface HecConnector {
  id: string;
  name: string;
  /** false → HEC code 1 (Token disabled). */
  enabled: boolean;
  parser: string;
  hec: {
    useAck: boolean;
    allowQueryStringAuth: boolean;
    /** Allowed indexes; empty → any index allowed. */
    indexes: readonly string[];
    defaultIndex: string;
    defaultSourcetype?: string;
  };
}

/** What the receiver hands to the rest of the pipeline for one request. */
export interface IngestContext {
  /** X-Request-Id from the client, or one the receiver generated. */
  requestId: string;
  /** `${connectorId}\u0000${X-Request-Id}` when the client sent X-Request-Id (deduplication key). */
  requestKey?: string;
  /** The answer the client will get once the events are durable. */
  response: RecordedResponse;
  /** Remote address of the client (for host resolution and logs). */
  remoteAddress?: string;
}

/** Size and time limits of the receiver (all configurable; defaults in config). */
export interface ReceiverLimits {
  /** Largest request body on the wire, bytes (413 above). */
  maxContentLength: number;
  /** Largest body after gunzip, bytes (413 above: decompression-bomb guard). */
  maxDecodedLength: number;
  /** Largest single event, bytes (400 code 6 with invalid-event-number above). */
  maxEventSize: number;
  /** How long a duplicate X-Request-Id is remembered, ms (default 10 minutes). */
  dedupWindowMs: number;
  /** Most X-Request-Ids remembered at once; the oldest are forgotten first beyond it. */
  maxDedupEntries?: number;
  /** Ack limits (protocol reference §7.4). */
  maxAckChannels: number;
  maxPendingAcksPerChannel: number;
  /** Idle ack channels are forgotten after this long, ms. */
  ackChannelIdleMs: number;
}

/**
 * What happened to one HEC request, reported once, after its answer was sent. Feeds connector status,
 * the connection-errors repository and metrics; it must be cheap and must not throw.
 */
export interface RequestOutcome {
  route: 'event' | 'raw' | 'ack' | 'health' | 'not-found' | 'method';
  /** The connector whose key was presented, when the key matched one (also when it is paused). */
  connector?: HecConnector;
  /** HTTP status and HEC code of the answer (404/405/413/415 use the HTTP status as the code). */
  status: number;
  code: number;
  /** Events committed by this request (a partial batch counts its accepted prefix). */
  eventsAccepted: number;
  /** Request bytes read from the wire. */
  wireBytes: number;
  /** For answers ≥ 400 after the body was read: its first KiB (decoded), to show what was wrong. */
  sample?: string;
  remoteAddress?: string;
  /** Fingerprint-safe description of the credential source, never the key: 'splunk' | 'bearer' | 'basic' | 'query'. */
  credentialVia?: string;
  /** The request's X-Request-Id (the client's, or the one Hecate assigned). */
  requestId?: string;
  /** The `invalid-event-number` of the answer, when it carried one. */
  invalidEventNumber?: number;
}

export interface ReceiverDeps {
  /** The connector whose API key is `key` (hashed, constant-time compare), or undefined. */
  findConnectorByKey(key: string): HecConnector | undefined;
  /**
   * Parses and durably commits the accepted events of one request.
   * Resolves only when they are on disk. Throws StoreBusyError (store/types.ts) when at capacity.
   */
  ingest(connector: HecConnector, events: IncomingEvent[], context: IngestContext): Promise<void>;
  /** True while the pipeline's queues are above their high-water mark (503 code 9 / health code 18). */
  isBusy(): boolean;
  /**
   * Resolves true as soon as the pipeline is no longer busy, false after timeoutMs. Without it, a
   * request that finds the pipeline busy is answered 503 at once.
   */
  whenNotBusy?(timeoutMs: number): Promise<boolean>;
  limits: ReceiverLimits;
  /** Called once per request after its answer; optional. */
  observe?(outcome: RequestOutcome): void;
}

/** Counters the receiver keeps (later exposed as metrics). */
export interface ReceiverStats {
  requests: number;
  /** Responses by HEC code (and 404/405/413/415 by HTTP status). */
  byCode: Record<string, number>;
  eventsAccepted: number;
  bytesReceived: number;
  dedupHits: number;
}

export interface HecReceiver {
  /** Handles the request if its path belongs to HEC; returns false (and does nothing) otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Seeds the deduplication cache with requests recovered from disk after a restart. */
  restoreDedup(recovered: readonly RecoveredRequest[]): void;
  stats(): ReceiverStats;
}

/** Optional receiver settings (added beside ReceiverDeps; all default off). */
export interface ReceiverOptions {
  /**
   * Resolve the client host from the first `X-Forwarded-For` entry (protocol reference §4.7,
   * `connection_host = proxied_ip`). Only safe behind a proxy that sets the header.
   */
  trustForwardedFor?: boolean;
  /** Clock for dedup expiry and ack-channel idling (tests inject one); default Date.now. */
  now?: () => number;
  /**
   * Counts refusals for a missing, malformed or unknown key (HEC codes 2, 3, 4) per client address and
   * holds the answer past a limit (key-failure-limiter.ts). Default: none (server.ts always sets one).
   */
  keyFailures?: Pick<KeyFailureLimiter, 'fail'>;
}

/** Counters beyond ReceiverStats. */
export interface ReceiverExtraStats {
  /** X-Request-Id headers that were not 1–128 visible ASCII characters (ignored, an id was assigned). */
  invalidRequestIds: number;
  /** Gzip bodies that failed to decompress. */
  badGzip: number;
  /** Indexer-acknowledgement channels held, and their committed ids not yet reported (gauges). */
  ackChannels: number;
  pendingAcks: number;
}
