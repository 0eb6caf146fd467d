/**
 * The wiring module: every stage of Hecate and what it depends on, on one screen.
 *
 *   HTTP(S) ─┬─ /services/collector…, /api/v1/ingest/hec… → receive (HEC protocol) → pipeline (parsers) → store
 *            │        └─ request outcomes → connector monitor, connection errors, metrics
 *            ├─ /api/v1/…   → management API (auth, users, tokens, connectors, parsers, search, query jobs, audit)
 *            ├─ /metrics    → Prometheus text
 *            ├─ other GET/HEAD → the web console (packages/console/dist; unknown paths → index.html)
 *            └─ anything else → 404
 *
 * Hecate's own records (rejected HEC requests, the audit log) go through one buffered writer into the same
 * store, in the internal repositories `connection_errors` and `audit`.
 *
 * Shutdown (SIGTERM/SIGINT): stop accepting, let in-flight requests finish (bounded), flush the internal
 * writers and the store (everything committed is indexed), close the metadata database.
 */
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { resolve } from 'node:path';
import { ApiError } from './api/api-error.js';
import { auditRoutes } from './api/audit-routes.js';
import { authRoutes, bearerAuthenticator } from './api/auth-routes.js';
import { connectorPreviewRoutes } from './api/connector-preview-routes.js';
import { connectorRoutes } from './api/connector-routes.js';
import { sendJson } from './api/http-json.js';
import { parserRoutes } from './api/parser-routes.js';
import { queryJobRoutes } from './api/query-job-routes.js';
import { createRouter } from './api/router.js';
import { searchRoutes } from './api/search-routes.js';
import { tokenRoutes } from './api/token-routes.js';
import { userRoutes } from './api/user-routes.js';
import { AuditRecorder } from './audit/audit-recorder.js';
import { AuditStore } from './audit/audit-store.js';
import { ApiTokenStore } from './auth/api-tokens.js';
import { LoginRateLimiter } from './auth/login-rate-limiter.js';
import { SessionStore } from './auth/sessions.js';
import { ensureAdmin, UserStore } from './auth/users.js';
import type { HecateConfig } from './config/schema.js';
import { ConnectionErrorRecorder } from './connection-errors/connection-error-recorder.js';
import { ConnectorMonitor } from './connectors/connector-monitor.js';
import { ConnectorStore } from './connectors/connector-store.js';
import { createConsoleSite } from './console/console-site.js';
import { BufferedEventWriter } from './internal-events/buffered-event-writer.js';
import { createListener } from './listen/create-listener.js';
import { readTlsOptions } from './listen/read-tls-options.js';
import { createAccessLog } from './log/access-log.js';
import { createLogger, type Logger } from './log/logger.js';
import { openMetadataDb } from './metadata/metadata-db.js';
import { createMetrics } from './metrics/hecate-metrics.js';
import { BUILTIN_PARSERS } from './parse/builtin-parsers.js';
import { BUILTIN_PARSER_DIR, loadBuiltinParsers } from './parsers/builtin-parser-loader.js';
import { CustomParserStore } from './parsers/custom-parser-store.js';
import { ParserRegistry } from './parsers/parser-registry.js';
import { createIngest } from './pipeline.js';
import { QueryJobManager, QUERY_JOB_LIMITS } from './query/query-job-manager.js';
import { runQueryJob } from './query/run-query-job.js';
import { SearchService } from './query/search-service.js';
import { createHecReceiver } from './receive/hec-receiver.js';
import { KeyFailureLimiter } from './receive/key-failure-limiter.js';
import { isHecUrl } from './receive/routes.js';
import type { RequestOutcome } from './receive/types.js';
import { createEventStore } from './store/event-store.js';
import type { StoreTimings } from './store/store-options.js';

export interface StartOptions {
  /** Password for the `admin` user created on first start (HECATE_ADMIN_PASSWORD). */
  adminPassword?: string;
  log?: Logger;
  /** Where to print the one-time generated admin password (default: standard output). */
  announce?: (line: string) => void;
}

export interface RunningHecate {
  url: string;
  port: number;
  server: Server | HttpsServer;
  close(): Promise<void>;
}

export async function startHecate(config: HecateConfig, options: StartOptions = {}): Promise<RunningHecate> {
  const log = options.log ?? createLogger(config.logLevel);
  const announce = options.announce ?? ((line: string) => process.stdout.write(line + '\n'));
  const dataDir = resolve(config.dataDir);
  // Before anything is opened: a missing or bad certificate is a startup error (exit code 2).
  const tls = readTlsOptions(config);
  mkdirSync(dataDir, { recursive: true });
  // The built-in parser library: a broken file stops start-up here, before anything is opened.
  const builtinParsers = loadBuiltinParsers(BUILTIN_PARSER_DIR, new Set(BUILTIN_PARSERS.keys()));
  for (const skipped of builtinParsers.skipped) log.warn(skipped, 'built-in parser file skipped');

  // Metadata: users, sessions, connectors.
  const db = openMetadataDb(dataDir);
  const users = new UserStore(db);
  const sessions = new SessionStore(db, users, config.sessionTtlHours * 3600_000);
  const apiTokens = new ApiTokenStore(db, users);
  const loginLimiter = new LoginRateLimiter();
  const created = await ensureAdmin(users, options.adminPassword);
  if (created?.generated) {
    announce(`Created user "admin" with password: ${created.generated}`);
    announce('This password is shown once. Set HECATE_ADMIN_PASSWORD before the first start to choose it.');
  } else if (created) {
    log.info('created user admin with the password from HECATE_ADMIN_PASSWORD');
  }
  const connectors = new ConnectorStore(db);
  const parsers = new ParserRegistry({ native: BUILTIN_PARSERS, builtins: builtinParsers.parsers, custom: new CustomParserStore(db) });
  // Connector status, 24-hour counters and senders: memory on the hot path, saved every few seconds.
  const connectorMonitor = new ConnectorMonitor(db, {
    senderSilentMinMs: config.senderSilentMinSeconds * 1000,
    exists: (id) => connectors.get(id) !== undefined,
  });
  const connectorFlush = setInterval(() => {
    try {
      connectors.flush();
      connectorMonitor.flush();
    } catch (err) {
      log.warn({ err }, 'could not save connector activity; will retry');
    }
  }, 5_000);
  connectorFlush.unref();

  // Store, then the pipeline and the receiver in front of it. The store opens before the metrics
  // exist; its latencies reach their histograms through `storeTimings`, filled in below.
  const storeTimings: StoreTimings = {};
  const store = createEventStore({
    timings: storeTimings,
    dataDir,
    dedupWindowMs: config.dedupWindowSeconds * 1000,
    maxPendingBytes: config.maxPendingMB * 1024 * 1024,
    memoryLimitMB: config.engineMemoryMB,
    log,
  });
  const { recoveredRequests } = await store.open();
  // Events Hecate records about itself — connection errors and the audit log — batched off the request path.
  const internalEvents = new BufferedEventWriter(store, { log });
  const connectionErrors = new ConnectionErrorRecorder(internalEvents, { keyFingerprint: (id) => connectors.get(id)?.keyFingerprint });
  const { ingest, counters: pipelineCounters } = createIngest(store, connectors, parsers, {
    onStored: (connector, events, parseErrors) => connectorMonitor.onStored(connector, events, parseErrors),
  });
  // Everything that watches HEC traffic (connector status, connection errors, metrics) registers here.
  const requestObservers: Array<(outcome: RequestOutcome) => void> = [];
  requestObservers.push(connectionErrors.observe);
  requestObservers.push((outcome) => connectorMonitor.observe(outcome));
  // HEC key brute force: refusals for unknown keys are counted per address and answered late past the limit.
  const keyFailures = new KeyFailureLimiter({ limit: config.keyFailureLimit, maxDelayMs: config.keyFailureDelayMaxMs });
  const receiver = createHecReceiver({
    findConnectorByKey: (key) => connectors.findByKey(key),
    ingest,
    isBusy: () => store.isBusy(),
    whenNotBusy: (ms) => store.whenNotBusy(ms),
    observe: (outcome) => {
      for (const observer of requestObservers) observer(outcome);
    },
    limits: {
      maxContentLength: config.maxContentLength,
      maxDecodedLength: config.maxDecodedLength,
      maxEventSize: config.maxEventSize,
      dedupWindowMs: config.dedupWindowSeconds * 1000,
      maxDedupEntries: config.maxDedupEntries,
      maxAckChannels: config.maxAckChannels,
      maxPendingAcksPerChannel: config.maxPendingAcksPerChannel,
      ackChannelIdleMs: config.ackChannelIdleSeconds * 1000,
    },
  }, { trustForwardedFor: config.trustForwardedFor, keyFailures });
  receiver.restoreDedup(recoveredRequests);

  // Operational visibility: /metrics, the API access log and a debug line per rejected HEC request.
  const metrics = createMetrics({
    receiver,
    store,
    pipelineCounters,
    token: config.metricsToken,
    connectionErrors,
    internalEvents,
    loginLimiter,
    keyFailures,
    audit: { stats: () => audit.stats() }, // the recorder is made with the API below; read at scrape time
  });
  Object.assign(storeTimings, metrics.storeTimings);
  const accessLog = createAccessLog(log);
  requestObservers.push(metrics.observe, accessLog.observeHec);

  // Management API.
  const search = new SearchService(store);
  // Query jobs: searches that answer partial results while they run (LogScale's query jobs API).
  const queryJobs = new QueryJobManager({
    execute: (job, run) => runQueryJob(search, job, run, QUERY_JOB_LIMITS.timeLimitMs),
    onError: (err, job) => log.error({ err, jobId: job.id }, 'query job failed'),
  });
  const publicBaseUrl = (req: IncomingMessage): string =>
    config.publicUrl !== '' ? config.publicUrl.replace(/\/+$/, '') : `${tls === undefined ? 'http' : 'https'}://${req.headers.host ?? `${config.host}:${config.port}`}`;
  const auditStore = new AuditStore(db);
  const audit = new AuditRecorder({
    store: auditStore,
    writer: internalEvents,
    nameOf: (id) => connectors.get(id)?.name ?? users.get(id)?.username,
  });
  const api = createRouter(
    [
      ...authRoutes({ users, sessions, loginLimiter }),
      ...userRoutes(users, sessions),
      ...tokenRoutes(apiTokens, users),
      ...connectorRoutes({ connectors, monitor: connectorMonitor, parserNames: () => parsers.names(), publicBaseUrl }),
      ...searchRoutes(search),
      ...queryJobRoutes(search, queryJobs),
      ...auditRoutes(auditStore),
      ...parserRoutes({ parsers, connectors }),
      ...connectorPreviewRoutes({ connectors, parsers }),
    ],
    accessLog.authenticated(bearerAuthenticator(sessions, apiTokens)),
    log,
    { onResponse: audit.onResponse },
  );

  // The web console: static files, tried after every other handler so it never shadows one.
  const consoleSite = createConsoleSite({ onError: (err, path) => log.warn({ err, path }, 'console file could not be served') });

  // Set on SIGTERM/SIGINT: requests already running finish; new ones on kept-alive connections are
  // refused (HEC: 503 code 9, so shippers retry) and every connection closes after its answer.
  let draining = false;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    if (draining) {
      res.setHeader('Connection', 'close');
      const url = req.url ?? '/';
      // HEC's answer on its paths (the LogScale aliases live under /api/ too), the API's elsewhere under /api/.
      const body = url.startsWith('/api/') && !isHecUrl(url)
        ? JSON.stringify(new ApiError('SHUTTING_DOWN', 'the server is shutting down; retry shortly').toJSON())
        : '{"text":"Server is busy","code":9}';
      res.writeHead(503, { 'Content-Type': 'application/json; charset=UTF-8', 'Retry-After': '5' }).end(body);
      req.resume();
      return;
    }
    if (receiver.handle(req, res)) return;
    if (metrics.handle(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      accessLog.track(req, res, url.pathname);
      void api(req, res, url);
      return;
    }
    if (consoleSite.handle(req, res)) return;
    sendJson(res, 404, new ApiError('NOT_FOUND', `nothing at ${url.pathname}; HEC is under /services/collector, the API under /api/v1`).toJSON());
  };

  const { server, scheme, port, shownHost } = await createListener(config, tls, handler, log);
  const url = `${scheme}://${shownHost}:${port}`;
  log.info({ url, dataDir }, 'hecate is listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      log.info('shutting down: no new connections, finishing in-flight requests');
      draining = true;
      const drained = new Promise<void>((ok) => server.close(() => ok()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutSeconds * 1000);
      await drained;
      clearTimeout(timer);
      queryJobs.close();
      connectionErrors.close();
      await internalEvents.close();
      await store.close();
      clearInterval(connectorFlush);
      connectors.flush();
      connectorMonitor.flush(true);
      sessions.pruneExpired();
      db.close();
      log.info('stopped');
    })());

  return { url, port, server, close };
}
