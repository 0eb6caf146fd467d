/**
 * The senders of one connector: each (`@host`, `@source`) pair seen in the last 7 days with its
 * last-seen time, event count and usual interval between arrivals — so a user can ask "which of my
 * 300 firewalls went quiet".
 *
 * The usual interval is an exponentially weighted mean of the gaps between arrivals, sampled at most
 * once per second per sender: a sender that sends continuously has a usual interval of about a
 * second, one that sends a batch every minute about a minute. A sender is `silent` when it has been
 * quiet for more than SILENT_FACTOR times its usual interval and more than `silentMinMs`
 * (15 minutes by default, so a sender that batches every few seconds is not flagged after a blip).
 *
 * Memory is bounded: at most `maxSenders` per connector; beyond it the least recently seen is
 * evicted and counted. Map insertion order is the recency order (a sender seen is re-inserted last).
 */

export const SENDER_RETENTION_MS = 7 * 24 * 3600_000;
export const SILENT_FACTOR = 10;
/** Gaps shorter than this are not sampled (bounds the work per sender to one update a second). */
export const MIN_SAMPLE_MS = 1000;
/** Weight of a new gap in the usual interval. */
const ALPHA = 0.3;

interface Sender {
  host: string | null;
  source: string | null;
  firstSeenAt: number;
  lastSeenAt: number;
  events: number;
  /** When the last gap sample was taken. */
  sampledAt: number;
  /** Usual interval, ms; undefined until a second arrival at least MIN_SAMPLE_MS later. */
  intervalMs?: number;
}

export interface SenderView {
  host: string | null;
  source: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  events: number;
  usualIntervalSeconds: number | null;
  silent: boolean;
}

export interface SenderTrackerOptions {
  maxSenders: number;
  silentMinMs: number;
}

const keyOf = (host: string | null, source: string | null): string => `${host ?? ''}\u0000${source ?? ''}`;

export class SenderTracker {
  private readonly senders = new Map<string, Sender>();
  /** Senders dropped to stay within maxSenders since the process started (or the state was saved). */
  evictions = 0;

  constructor(private readonly options: SenderTrackerOptions) {}

  /** `count` events from one sender arrived at `at`. Callers group a batch's events by sender first. */
  note(host: string | null, source: string | null, count: number, at: number): void {
    const key = keyOf(host, source);
    const sender = this.senders.get(key);
    if (sender === undefined) {
      this.senders.set(key, { host, source, firstSeenAt: at, lastSeenAt: at, events: count, sampledAt: at });
      if (this.senders.size > this.options.maxSenders) this.evictOldest();
      return;
    }
    sender.events += count;
    sender.lastSeenAt = at;
    const gap = at - sender.sampledAt;
    if (gap >= MIN_SAMPLE_MS) {
      sender.intervalMs = sender.intervalMs === undefined ? gap : sender.intervalMs + ALPHA * (gap - sender.intervalMs);
      sender.sampledAt = at;
    }
    // Keep the map in recency order so eviction takes the least recently seen.
    this.senders.delete(key);
    this.senders.set(key, sender);
  }

  private evictOldest(): void {
    const oldest = this.senders.keys().next();
    if (oldest.done !== true) {
      this.senders.delete(oldest.value);
      this.evictions++;
    }
  }

  get size(): number {
    return this.senders.size;
  }

  isSilent(sender: Sender, now: number): boolean {
    if (sender.intervalMs === undefined) return false;
    const quiet = now - sender.lastSeenAt;
    return quiet > SILENT_FACTOR * sender.intervalMs && quiet > this.options.silentMinMs;
  }

  /** Senders seen in the last 7 days, most recently seen first; drops older ones. */
  list(now: number, silentOnly = false): SenderView[] {
    const out: SenderView[] = [];
    for (const [key, s] of this.senders) {
      if (now - s.lastSeenAt > SENDER_RETENTION_MS) {
        this.senders.delete(key);
        continue;
      }
      const silent = this.isSilent(s, now);
      if (silentOnly && !silent) continue;
      out.push({
        host: s.host,
        source: s.source,
        firstSeenAt: new Date(s.firstSeenAt).toISOString(),
        lastSeenAt: new Date(s.lastSeenAt).toISOString(),
        events: s.events,
        usualIntervalSeconds: s.intervalMs === undefined ? null : Math.round(s.intervalMs / 100) / 10,
        silent,
      });
    }
    return out.reverse();
  }

  toJSON(): { senders: Sender[]; evictions: number } {
    return { senders: [...this.senders.values()], evictions: this.evictions };
  }

  static restore(state: unknown, options: SenderTrackerOptions, now: number): SenderTracker {
    const tracker = new SenderTracker(options);
    const s = state as { senders?: unknown; evictions?: unknown } | null;
    if (typeof s?.evictions === 'number') tracker.evictions = s.evictions;
    for (const raw of Array.isArray(s?.senders) ? (s.senders as Sender[]) : []) {
      if (typeof raw?.lastSeenAt !== 'number' || typeof raw.events !== 'number' || now - raw.lastSeenAt > SENDER_RETENTION_MS) continue;
      const sender: Sender = {
        host: typeof raw.host === 'string' ? raw.host : null,
        source: typeof raw.source === 'string' ? raw.source : null,
        firstSeenAt: typeof raw.firstSeenAt === 'number' ? raw.firstSeenAt : raw.lastSeenAt,
        lastSeenAt: raw.lastSeenAt,
        events: raw.events,
        sampledAt: typeof raw.sampledAt === 'number' ? raw.sampledAt : raw.lastSeenAt,
        ...(typeof raw.intervalMs === 'number' ? { intervalMs: raw.intervalMs } : {}),
      };
      tracker.senders.set(keyOf(sender.host, sender.source), sender);
      if (tracker.senders.size > options.maxSenders) tracker.evictOldest();
    }
    return tracker;
  }
}
