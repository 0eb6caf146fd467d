/**
 * Status and health of every connector, fed from two cheap hooks and never from the event store:
 *
 * - `observe(outcome)`: the receiver's per-request report (answer code, accepted events, wire bytes);
 * - `onStored(connector, events, parseErrors)`: the pipeline, after a request's events are durable
 *   (parse errors, and the per-sender view).
 *
 * Both only touch memory. `flush()` — called every few seconds by the server and at shutdown —
 * saves the counters of connectors that changed (`connector_activity`, kind `activity`), and the
 * sender lists at most once a minute (kind `senders`; they can be large), so a restart keeps them
 * approximately.
 */
import type { StoredEvent } from '../events.js';
import type { MetadataDb } from '../metadata/metadata-db.js';
import type { HecConnector, RequestOutcome } from '../receive/types.js';
import { ConnectorActivity, type ActivitySummary } from './connector-activity.js';
import { SenderTracker, type SenderTrackerOptions, type SenderView } from './sender-tracker.js';

export interface ConnectorMonitorOptions {
  /** Clock (tests inject one); default Date.now. */
  now?: () => number;
  /** Most senders remembered per connector (default 10,000). */
  maxSendersPerConnector?: number;
  /** Shortest silence that can flag a sender silent, ms (default 15 minutes). */
  senderSilentMinMs?: number;
  /** Whether a connector still exists: state of a deleted one is dropped instead of saved. */
  exists(id: string): boolean;
}

interface Watched {
  activity: ConnectorActivity;
  senders: SenderTracker;
  activityDirty: boolean;
  sendersDirty: boolean;
  sendersSavedAt: number;
}

export interface SenderList {
  senders: SenderView[];
  /** Senders currently remembered (the list is capped at maxSenders per connector). */
  tracked: number;
  /** Senders forgotten to stay within the cap. */
  evictions: number;
}

/** The sender lists are saved at most this often (the counters every flush). */
const SENDERS_SAVE_MS = 60_000;
/** Requests on these routes count towards a connector's activity (health checks do not). */
const COUNTED_ROUTES: ReadonlySet<RequestOutcome['route']> = new Set(['event', 'raw', 'ack']);

export class ConnectorMonitor {
  private readonly byId = new Map<string, Watched>();
  private readonly now: () => number;
  private readonly senderOptions: SenderTrackerOptions;

  constructor(
    private readonly db: MetadataDb,
    private readonly options: ConnectorMonitorOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.senderOptions = {
      maxSenders: options.maxSendersPerConnector ?? 10_000,
      silentMinMs: options.senderSilentMinMs ?? 15 * 60_000,
    };
    const now = this.now();
    const rows = db.prepare('SELECT connector_id, kind, state, saved_at FROM connector_activity').all() as Array<{
      connector_id: string;
      kind: string;
      state: string;
      saved_at: number;
    }>;
    for (const row of rows) {
      let state: unknown;
      try {
        state = JSON.parse(row.state);
      } catch {
        continue; // a damaged row only loses approximate counters
      }
      const w = this.watched(row.connector_id);
      if (row.kind === 'activity') w.activity = ConnectorActivity.restore(state, now);
      else if (row.kind === 'senders') {
        w.senders = SenderTracker.restore(state, this.senderOptions, now);
        w.sendersSavedAt = row.saved_at;
      }
    }
  }

  private watched(id: string): Watched {
    let w = this.byId.get(id);
    if (w === undefined) {
      w = { activity: new ConnectorActivity(), senders: new SenderTracker(this.senderOptions), activityDirty: false, sendersDirty: false, sendersSavedAt: 0 };
      this.byId.set(id, w);
    }
    return w;
  }

  /** The receiver's per-request hook. Must not throw. */
  observe(outcome: RequestOutcome): void {
    if (outcome.connector === undefined || !COUNTED_ROUTES.has(outcome.route)) return;
    const w = this.watched(outcome.connector.id);
    w.activity.noteRequest(this.now(), outcome.status, outcome.code, outcome.eventsAccepted, outcome.wireBytes);
    w.activityDirty = true;
  }

  /** The pipeline's hook after a request's events are durable. */
  onStored(connector: HecConnector, events: readonly StoredEvent[], parseErrors: number): void {
    if (events.length === 0) return;
    const now = this.now();
    const w = this.watched(connector.id);
    if (parseErrors > 0) {
      w.activity.noteParseErrors(now, parseErrors);
      w.activityDirty = true;
    }
    // A batch usually comes from one sender: count runs, one lookup per change of sender.
    let host = (events[0] as StoredEvent).host;
    let source = (events[0] as StoredEvent).source;
    let run = 0;
    for (const e of events) {
      if (e.host !== host || e.source !== source) {
        w.senders.note(host, source, run, now);
        host = e.host;
        source = e.source;
        run = 0;
      }
      run++;
    }
    w.senders.note(host, source, run, now);
    w.sendersDirty = true;
  }

  failing(id: string): boolean {
    return this.byId.get(id)?.activity.failing(this.now()) ?? false;
  }

  summary(id: string): ActivitySummary & { lastRequestAt?: number } {
    const w = this.byId.get(id);
    const summary = (w?.activity ?? new ConnectorActivity()).summary(this.now());
    return w?.activity.lastRequestAt !== undefined ? { ...summary, lastRequestAt: w.activity.lastRequestAt } : summary;
  }

  senders(id: string, silentOnly = false): SenderList {
    const w = this.byId.get(id);
    if (w === undefined) return { senders: [], tracked: 0, evictions: 0 };
    return { senders: w.senders.list(this.now(), silentOnly), tracked: w.senders.size, evictions: w.senders.evictions };
  }

  /** Drops a deleted connector's state (its saved rows go with it: ON DELETE CASCADE). */
  forget(id: string): void {
    this.byId.delete(id);
  }

  /** Saves what changed; `all` also saves sender lists saved less than a minute ago (shutdown). */
  flush(all = false): void {
    const now = this.now();
    const save = this.db.prepare(
      `INSERT INTO connector_activity (connector_id, kind, state, saved_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (connector_id, kind) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at`,
    );
    this.db.transaction(() => {
      for (const [id, w] of this.byId) {
        if (!this.options.exists(id)) {
          this.byId.delete(id);
          continue;
        }
        if (w.activityDirty) {
          save.run(id, 'activity', JSON.stringify(w.activity), now);
          w.activityDirty = false;
        }
        if (w.sendersDirty && (all || now - w.sendersSavedAt >= SENDERS_SAVE_MS)) {
          save.run(id, 'senders', JSON.stringify(w.senders), now);
          w.sendersDirty = false;
          w.sendersSavedAt = now;
        }
      }
    })();
  }
}
