/**
 * Records HEC requests rejected for a known connector as events in `#repo=connection_errors`, so
 * "why is my data not arriving" has an answer in search (docs/troubleshooting.md).
 *
 * `observe` runs on the HEC path for every request: for accepted requests it is one comparison; only
 * rejected requests allocate. Rejections without a connector (unknown or missing key, wrong path) are
 * counted, never stored: anyone on the network can send them, and they belong to no connector.
 * Records go through the ErrorWindows rate limit, then the BufferedEventWriter (batched, off the
 * request path, dropped and counted when the store is busy).
 */
import type { BufferedEventWriter } from '../internal-events/buffered-event-writer.js';
import type { RequestOutcome } from '../receive/types.js';
import { aggregateEvent, rejectionEvent, type Rejection } from './connection-error-event.js';
import { ErrorWindows, type Aggregate, type ErrorWindowsOptions } from './error-windows.js';

/** HEC codes meaning "no usable credential": token required (2), invalid authorization (3), invalid token (4). */
const UNKNOWN_KEY_CODES = new Set([2, 3, 4]);

export interface ConnectionErrorStats {
  /** Rejected requests of known connectors (each is in a record or an aggregate's error_count). */
  rejected: number;
  /** Records written one per request. */
  recorded: number;
  /** Requests folded into aggregate records (beyond the per-window limit). */
  aggregated: number;
  /** Aggregate records emitted. */
  aggregates: number;
  /** Requests rejected because the key was missing, malformed or matched no connector (not stored). */
  unknownKey: number;
  /** Other rejected requests without a connector (wrong path or method, busy before auth); not stored. */
  unattributed: number;
}

export interface ConnectionErrorRecorderOptions extends ErrorWindowsOptions {
  /** The connector's key fingerprint by id (non-secret), shown in records. */
  keyFingerprint?(connectorId: string): string | undefined;
}

export class ConnectionErrorRecorder {
  private readonly windows: ErrorWindows<Rejection>;
  private readonly now: () => number;
  private readonly counts: ConnectionErrorStats = { rejected: 0, recorded: 0, aggregated: 0, aggregates: 0, unknownKey: 0, unattributed: 0 };
  private readonly sweeper: NodeJS.Timeout;
  private readonly emit = (aggregate: Aggregate<Rejection>): void => {
    this.counts.aggregates++;
    const fingerprint = this.options.keyFingerprint?.(aggregate.key);
    if (fingerprint !== undefined) aggregate.first.keyFingerprint = fingerprint;
    this.writer.write(aggregateEvent(aggregate));
  };

  constructor(
    private readonly writer: Pick<BufferedEventWriter, 'write'>,
    private readonly options: ConnectionErrorRecorderOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.windows = new ErrorWindows({ ...options, now: this.now });
    // Ends quiet windows so their aggregates do not wait for the connector's next error.
    this.sweeper = setInterval(() => this.windows.sweep(this.emit), Math.max(250, this.windows.windowMs / 4));
    this.sweeper.unref();
  }

  /** The request observer (server.ts pushes it onto requestObservers). Never throws. */
  readonly observe = (outcome: RequestOutcome): void => {
    if (outcome.status < 400) return;
    const { connector } = outcome;
    if (connector === undefined) {
      if (UNKNOWN_KEY_CODES.has(outcome.code)) this.counts.unknownKey++;
      else this.counts.unattributed++;
      return;
    }
    this.counts.rejected++;
    const rejection: Rejection = { outcome: { ...outcome, connector }, at: this.now() };
    if (this.windows.offer(connector.id, outcome.code, rejection, this.emit) === 'folded') {
      this.counts.aggregated++;
      return;
    }
    this.counts.recorded++;
    const fingerprint = this.options.keyFingerprint?.(connector.id);
    if (fingerprint !== undefined) rejection.keyFingerprint = fingerprint;
    this.writer.write(rejectionEvent(rejection));
  };

  stats(): ConnectionErrorStats {
    return { ...this.counts };
  }

  /** Emits the aggregates of open windows; call before the writer closes. */
  close(): void {
    clearInterval(this.sweeper);
    this.windows.drain(this.emit);
  }
}
