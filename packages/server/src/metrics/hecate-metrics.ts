/**
 * Hecate's Prometheus metrics (`GET /metrics`, text format, prom-client).
 *
 * Three sources, no timers:
 * - per HEC request, `observe` (the receiver's outcome hook) bumps counters labelled by endpoint and
 *   HEC code;
 * - per store sync, commit and indexed batch, `storeTimings` (the store's hook) feeds latency histograms;
 * - everything the receiver, the pipeline, the store and the other components (connection errors,
 *   internal events, audit, login and HEC-key limiters) already count is read when Prometheus scrapes
 *   (collect callbacks), from one snapshot per scrape.
 *
 * Labels only take values from small fixed sets: the HEC endpoint (event, raw, ack, health, not-found,
 * method) and the HEC code (or HTTP status for 404/405/413/415), about 30 values. Nothing per
 * connector: connectors are created by users without bound, and per-connector activity is in the
 * connector API. Never a token, a key, a host or a field value.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LoginRateCounters } from '../auth/login-rate-limiter.js';
import type { ConnectionErrorStats } from '../connection-errors/connection-error-recorder.js';
import type { BufferedEventWriterStats } from '../internal-events/buffered-event-writer.js';
import type { PipelineCounters } from '../pipeline.js';
import type { KeyFailureStats } from '../receive/key-failure-limiter.js';
import type { ReceiverExtraStats, ReceiverStats, RequestOutcome } from '../receive/types.js';
import type { StoreTimings } from '../store/store-options.js';
import type { EventStore, StoreStats } from '../store/types.js';
import { bearerTokenMatches } from './token-matches.js';

export interface MetricsDeps {
  receiver: { stats(): ReceiverStats & ReceiverExtraStats };
  store: Pick<EventStore, 'stats' | 'isBusy'>;
  pipelineCounters: Readonly<PipelineCounters>;
  /** When not empty, scrapes must send `Authorization: Bearer <token>`. */
  token: string;
  /** The other components' own counters; each is optional so a partial wiring still serves the rest. */
  connectionErrors?: { stats(): ConnectionErrorStats };
  internalEvents?: { stats(): BufferedEventWriterStats };
  audit?: { stats(): { appendFailures: number } };
  loginLimiter?: { readonly counters: Readonly<LoginRateCounters> };
  keyFailures?: { stats(): KeyFailureStats };
}

export interface HecateMetrics {
  /** The receiver's per-request hook: cheap, never throws. */
  observe(outcome: RequestOutcome): void;
  /** Serves `GET /metrics`; returns false (and does nothing) for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The store's latency hook (EventStoreOptions.timings): feeds the sync, commit and index histograms. */
  storeTimings: Required<StoreTimings>;
}

interface Snapshot {
  receiver: ReceiverStats & ReceiverExtraStats;
  store: StoreStats;
  busy: boolean;
  connectionErrors: ConnectionErrorStats | undefined;
  internalEvents: BufferedEventWriterStats | undefined;
  audit: { appendFailures: number } | undefined;
  login: Readonly<LoginRateCounters> | undefined;
  keyFailures: KeyFailureStats | undefined;
}

/** Seconds: from sub-millisecond (page cache, fast NVMe) to the multi-second stalls worth alerting on. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(deps: MetricsDeps): HecateMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  // One read of the sources per scrape, shared by every collect callback of that scrape.
  // Keyed by the scrape it belongs to, so a collect that runs late can never reuse an older scrape's read.
  let scrapes = 0;
  let snapshotOf = -1;
  let snapshot: Snapshot | undefined;
  const read = (): Snapshot => {
    if (snapshot !== undefined && snapshotOf === scrapes) return snapshot;
    snapshotOf = scrapes;
    return (snapshot = {
      receiver: deps.receiver.stats(),
      store: deps.store.stats(),
      busy: deps.store.isBusy(),
      connectionErrors: deps.connectionErrors?.stats(),
      internalEvents: deps.internalEvents?.stats(),
      audit: deps.audit?.stats(),
      login: deps.loginLimiter?.counters,
      keyFailures: deps.keyFailures?.stats(),
    });
  };

  /** A counter whose value another component keeps (monotonic since start): copied at scrape time. */
  const mirroredCounter = (name: string, help: string, value: (s: Snapshot) => number): void => {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(value(read()));
      },
    });
  };
  const gauge = (name: string, help: string, value: (s: Snapshot) => number): void => {
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(value(read()));
      },
    });
  };

  const requests = new Counter({
    name: 'hecate_hec_requests_total',
    help: 'HEC requests answered, by endpoint and HEC code (HTTP status for 404, 405, 413, 415).',
    labelNames: ['endpoint', 'code'] as const,
    registers,
  });
  const storedBytes = new Counter({
    name: 'hecate_hec_stored_bytes_total',
    help: 'Wire bytes of event and raw requests that stored events (partial batches included).',
    registers,
  });
  const discardedRequests = new Counter({
    name: 'hecate_hec_discarded_requests_total',
    help: 'Event and raw requests whose events were refused in whole or in part, by reason (the HEC code of the answer).',
    labelNames: ['reason'] as const,
    registers,
  });
  const discardedBytes = new Counter({
    name: 'hecate_hec_discarded_bytes_total',
    help: 'Wire bytes read of event and raw requests that stored nothing, by reason (the HEC code of the answer).',
    labelNames: ['reason'] as const,
    registers,
  });

  mirroredCounter('hecate_hec_received_bytes_total', 'Bytes of HEC request bodies read from the wire (all endpoints, before gunzip).', (s) => s.receiver.bytesReceived);
  mirroredCounter('hecate_hec_events_accepted_total', 'Events the HEC receiver accepted and handed to the pipeline.', (s) => s.receiver.eventsAccepted);
  mirroredCounter('hecate_hec_dedup_hits_total', 'Requests answered from the X-Request-Id cache (idempotent retries) instead of being stored again.', (s) => s.receiver.dedupHits);
  gauge('hecate_hec_ack_channels', 'Indexer-acknowledgement channels held.', (s) => s.receiver.ackChannels);
  gauge('hecate_hec_pending_acks', 'Acknowledgement ids committed but not yet reported to their client.', (s) => s.receiver.pendingAcks);
  mirroredCounter('hecate_events_stored_total', 'Events stored durably by the pipeline.', () => deps.pipelineCounters.eventsStored);
  mirroredCounter('hecate_events_parse_errors_total', 'Events whose parser failed; they are stored with @error fields, not dropped.', () => deps.pipelineCounters.parseErrors);
  mirroredCounter('hecate_store_committed_events_total', 'Events committed to the write-ahead log (synced to disk), HEC events and Hecate\'s own (connection errors, audit).', (s) => s.store.committedEvents);
  mirroredCounter('hecate_store_indexed_events_total', 'Events indexed into the event engine (searchable), HEC events and Hecate\'s own.', (s) => s.store.indexedEvents);
  gauge('hecate_store_index_backlog_events', 'Events durable but not yet searchable.', (s) => s.store.indexBacklogEvents);
  gauge('hecate_store_pending_bytes', 'Bytes accepted and held in memory (not yet synced plus not yet indexed): the queue depth.', (s) => s.store.pendingBytes);
  gauge('hecate_store_busy', '1 while the queues are above their high-water mark (HEC answers 503 code 9), else 0.', (s) => (s.busy ? 1 : 0));
  mirroredCounter('hecate_wal_syncs_total', 'Write-ahead log syncs (fdatasync); one sync commits every request waiting for it.', (s) => s.store.syncs);
  gauge('hecate_wal_last_sync_seconds', 'Duration of the latest write-ahead log sync.', (s) => s.store.lastSyncMs / 1000);
  gauge('hecate_store_disk_bytes', 'Bytes on disk of the event engine and the write-ahead log.', (s) => s.store.diskBytes);

  const syncSeconds = new Histogram({ name: 'hecate_wal_sync_seconds', help: 'Duration of each write-ahead log sync (fdatasync).', buckets: LATENCY_BUCKETS, registers });
  const commitSeconds = new Histogram({
    name: 'hecate_store_commit_wait_seconds',
    help: 'Time from a store commit to durable: waiting for the running sync, then its own write and sync. Successful commits only.',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const indexSeconds = new Histogram({ name: 'hecate_store_index_batch_seconds', help: 'Time the indexer took to write one batch into the event engine.', buckets: LATENCY_BUCKETS, registers });
  const storeTimings: Required<StoreTimings> = {
    sync: (ms) => syncSeconds.observe(ms / 1000),
    commit: (ms) => commitSeconds.observe(ms / 1000),
    index: (ms) => indexSeconds.observe(ms / 1000),
  };

  // Connection errors (connection-error-recorder.ts): what reached #repo=connection_errors, and what was only counted.
  mirroredCounter('hecate_connection_errors_rejected_total', 'Rejected HEC requests of known connectors (each recorded or folded into an aggregate).', (s) => s.connectionErrors?.rejected ?? 0);
  mirroredCounter('hecate_connection_errors_recorded_total', 'Connection-error records written one per rejected request.', (s) => s.connectionErrors?.recorded ?? 0);
  mirroredCounter('hecate_connection_errors_aggregated_total', 'Rejected requests folded into aggregate records (past the per-connector rate limit).', (s) => s.connectionErrors?.aggregated ?? 0);
  mirroredCounter('hecate_connection_errors_aggregates_total', 'Aggregate connection-error records written.', (s) => s.connectionErrors?.aggregates ?? 0);
  mirroredCounter('hecate_connection_errors_unknown_key_total', 'HEC requests refused for a missing, malformed or unknown key (codes 2, 3, 4): counted, never stored.', (s) => s.connectionErrors?.unknownKey ?? 0);
  // Internal events (buffered-event-writer.ts): connection errors and audit records on their way to the store.
  mirroredCounter('hecate_internal_events_written_total', "Hecate's own events (connection errors, audit) committed to the store.", (s) => s.internalEvents?.written ?? 0);
  gauge('hecate_internal_events_pending', "Hecate's own events waiting in memory or in the commit in flight.", (s) => s.internalEvents?.pending ?? 0);
  new Counter({
    name: 'hecate_internal_events_dropped_total',
    help: "Hecate's own events dropped, by reason: busy (store at capacity), overflow (buffer full or closed), failed (commit error).",
    labelNames: ['reason'] as const,
    registers,
    collect() {
      const w = read().internalEvents;
      this.reset();
      this.inc({ reason: 'busy' }, w?.droppedBusy ?? 0);
      this.inc({ reason: 'overflow' }, w?.droppedOverflow ?? 0);
      this.inc({ reason: 'failed' }, w?.droppedFailed ?? 0);
    },
  });
  mirroredCounter('hecate_audit_append_failures_total', 'Audit records that could not be appended to the metadata database (the change itself was made).', (s) => s.audit?.appendFailures ?? 0);
  mirroredCounter('hecate_login_failures_total', 'Failed sign-ins (wrong password, unknown or disabled user).', (s) => s.login?.failures ?? 0);
  mirroredCounter('hecate_login_rate_limited_total', 'Sign-ins refused with 429 because the per-username or per-address limit was reached.', (s) => s.login?.limited ?? 0);
  // HEC key brute force (key-failure-limiter.ts).
  mirroredCounter('hecate_hec_key_failures_total', 'HEC refusals for a missing, malformed or unknown key (codes 2, 3, 4), as counted per client address by the tarpit.', (s) => s.keyFailures?.failures ?? 0);
  mirroredCounter('hecate_hec_key_failures_delayed_total', 'Key refusals answered late because their address had more than keyFailureLimit failures in a minute.', (s) => s.keyFailures?.delayed ?? 0);
  mirroredCounter('hecate_hec_key_failures_undelayed_total', 'Key refusals over the limit answered at once because the most answers allowed were already held.', (s) => s.keyFailures?.undelayed ?? 0);
  gauge('hecate_hec_key_failures_held', 'Key refusals being held (delayed) now.', (s) => s.keyFailures?.held ?? 0);
  gauge('hecate_hec_key_failure_addresses', 'Client addresses (IPv6: /64 blocks) with key refusals in their current one-minute window.', (s) => s.keyFailures?.addresses ?? 0);

  function observe(outcome: RequestOutcome): void {
    const code = String(outcome.code);
    requests.inc({ endpoint: outcome.route, code });
    if (outcome.route !== 'event' && outcome.route !== 'raw') return;
    if (outcome.eventsAccepted > 0) storedBytes.inc(outcome.wireBytes);
    // Code 0 without events is a replayed answer (deduplicated retry): nothing was refused.
    if (outcome.code === 0) return;
    discardedRequests.inc({ reason: code });
    if (outcome.eventsAccepted === 0) discardedBytes.inc({ reason: code }, outcome.wireBytes);
  }

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if ((q < 0 ? url : url.slice(0, q)) !== '/metrics') return false;
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('GET /metrics only\n');
      return true;
    }
    if (deps.token !== '' && !bearerTokenMatches(req.headers.authorization, deps.token)) {
      res
        .writeHead(401, { 'WWW-Authenticate': 'Bearer realm="hecate-metrics"', 'Content-Type': 'text/plain; charset=utf-8' })
        .end('/metrics needs Authorization: Bearer with the configured metricsToken\n');
      return true;
    }
    scrapes++;
    registry.metrics().then(
      (body) => {
        res.writeHead(200, { 'Content-Type': registry.contentType }).end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`metrics collection failed: ${(err as Error).message}\n`);
      },
    );
    return true;
  }

  return { observe, handle, storeTimings };
}
