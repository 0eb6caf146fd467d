/**
 * Hecate's Prometheus metrics (`GET /metrics`, text format, prom-client).
 *
 * Two sources, no timers:
 * - per HEC request, `observe` (the receiver's outcome hook) bumps counters labelled by endpoint and
 *   HEC code;
 * - everything the receiver, the pipeline and the store already count is read when Prometheus scrapes
 *   (collect callbacks), from one snapshot per scrape.
 *
 * Labels only take values from small fixed sets: the HEC endpoint (event, raw, ack, health, not-found,
 * method) and the HEC code (or HTTP status for 404/405/413/415), about 30 values. Nothing per
 * connector: connectors are created by users without bound, and per-connector activity is in the
 * connector API. Never a token, a key, a host or a field value.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { PipelineCounters } from '../pipeline.js';
import type { ReceiverExtraStats, ReceiverStats, RequestOutcome } from '../receive/types.js';
import type { EventStore, StoreStats } from '../store/types.js';
import { bearerTokenMatches } from './token-matches.js';

export interface MetricsDeps {
  receiver: { stats(): ReceiverStats & ReceiverExtraStats };
  store: Pick<EventStore, 'stats' | 'isBusy'>;
  pipelineCounters: Readonly<PipelineCounters>;
  /** When not empty, scrapes must send `Authorization: Bearer <token>`. */
  token: string;
}

export interface HecateMetrics {
  /** The receiver's per-request hook: cheap, never throws. */
  observe(outcome: RequestOutcome): void;
  /** Serves `GET /metrics`; returns false (and does nothing) for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

interface Snapshot {
  receiver: ReceiverStats & ReceiverExtraStats;
  store: StoreStats;
  busy: boolean;
}

export function createMetrics(deps: MetricsDeps): HecateMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  // One read of the sources per scrape, shared by every collect callback of that scrape.
  let snapshot: Snapshot | undefined;
  const read = (): Snapshot =>
    (snapshot ??= { receiver: deps.receiver.stats(), store: deps.store.stats(), busy: deps.store.isBusy() });

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
    snapshot = undefined;
    registry.metrics().then(
      (body) => {
        snapshot = undefined;
        res.writeHead(200, { 'Content-Type': registry.contentType }).end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        snapshot = undefined;
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`metrics collection failed: ${(err as Error).message}\n`);
      },
    );
    return true;
  }

  return { observe, handle };
}
