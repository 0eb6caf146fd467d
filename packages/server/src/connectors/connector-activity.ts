/**
 * What one connector has been receiving: a ring of 288 five-minute buckets (24 hours) of requests,
 * events, wire bytes, parse errors and HEC errors by code, plus the last few request outcomes for
 * the Error status. Updated on the hot path with a few additions (no allocation unless a bucket
 * sees its first error code); read by summing the ring (288 small objects) when someone asks.
 *
 * Every method takes the time explicitly so tests drive it with a fake clock. The state is
 * serialisable (`toJSON` / `restore`) so the server can save it every few seconds and a restart
 * keeps the counters approximately.
 */

export const BUCKET_MS = 5 * 60_000;
export const BUCKETS = 288;
/** The Error status needs this many requests in a row, all rejected … */
export const ERROR_STREAK = 5;
/** … the oldest of them no older than this. */
export const ERROR_WINDOW_MS = 5 * 60_000;

interface Bucket {
  /** Bucket number (ms / BUCKET_MS); a slot holding another number is stale. */
  n: number;
  requests: number;
  rejected: number;
  events: number;
  bytes: number;
  parseErrors: number;
  /** HEC error answers by code, created on the bucket's first error. */
  codes?: Record<string, number>;
}

export interface ActivitySummary {
  requests: number;
  rejectedRequests: number;
  events: number;
  bytes: number;
  parseErrors: number;
  /** HEC error answers (status ≥ 400) by HEC code, e.g. `{"4": 2, "6": 1}`. */
  hecErrorsByCode: Record<string, number>;
}

interface ActivityState {
  buckets: Bucket[];
  recent: Array<[at: number, rejected: 0 | 1]>;
  lastRequestAt?: number;
}

const emptyBucket = (n: number): Bucket => ({ n, requests: 0, rejected: 0, events: 0, bytes: 0, parseErrors: 0 });

export class ConnectorActivity {
  private readonly ring: Bucket[] = Array.from({ length: BUCKETS }, () => emptyBucket(-1));
  /** The last ERROR_STREAK request outcomes, a circular buffer: times and whether each was rejected. */
  private readonly recentAt = new Float64Array(ERROR_STREAK);
  private readonly recentRejected = new Uint8Array(ERROR_STREAK);
  private recentCount = 0;
  private recentNext = 0;
  lastRequestAt: number | undefined;

  private bucket(at: number): Bucket {
    const n = Math.floor(at / BUCKET_MS);
    const b = this.ring[n % BUCKETS] as Bucket;
    if (b.n !== n) {
      b.n = n;
      b.requests = b.rejected = b.events = b.bytes = b.parseErrors = 0;
      delete b.codes;
    }
    return b;
  }

  /** One HEC request with this connector's key: its answer, accepted events and wire bytes. */
  noteRequest(at: number, status: number, code: number, events: number, bytes: number): void {
    const b = this.bucket(at);
    const rejected = status >= 400;
    b.requests++;
    b.events += events;
    b.bytes += bytes;
    if (rejected) {
      b.rejected++;
      const key = String(code);
      b.codes ??= {};
      b.codes[key] = (b.codes[key] ?? 0) + 1;
    }
    this.recentAt[this.recentNext] = at;
    this.recentRejected[this.recentNext] = rejected ? 1 : 0;
    this.recentNext = (this.recentNext + 1) % ERROR_STREAK;
    if (this.recentCount < ERROR_STREAK) this.recentCount++;
    this.lastRequestAt = at;
  }

  noteParseErrors(at: number, count: number): void {
    if (count > 0) this.bucket(at).parseErrors += count;
  }

  /**
   * True when the most recent requests are failing: the last ERROR_STREAK were all rejected and
   * the oldest of them is within ERROR_WINDOW_MS. One accepted request clears it.
   */
  failing(now: number): boolean {
    if (this.recentCount < ERROR_STREAK) return false;
    // recentNext points at the oldest entry once the buffer is full.
    if (now - (this.recentAt[this.recentNext] as number) > ERROR_WINDOW_MS) return false;
    return this.recentRejected.every((r) => r === 1);
  }

  /** Totals over the 24 hours before `now`. */
  summary(now: number): ActivitySummary {
    const newest = Math.floor(now / BUCKET_MS);
    const out: ActivitySummary = { requests: 0, rejectedRequests: 0, events: 0, bytes: 0, parseErrors: 0, hecErrorsByCode: {} };
    for (const b of this.ring) {
      if (b.n > newest || b.n <= newest - BUCKETS) continue;
      out.requests += b.requests;
      out.rejectedRequests += b.rejected;
      out.events += b.events;
      out.bytes += b.bytes;
      out.parseErrors += b.parseErrors;
      if (b.codes !== undefined) {
        for (const [code, count] of Object.entries(b.codes)) out.hecErrorsByCode[code] = (out.hecErrorsByCode[code] ?? 0) + count;
      }
    }
    return out;
  }

  toJSON(): ActivityState {
    const recent: ActivityState['recent'] = [];
    for (let i = 0; i < this.recentCount; i++) {
      const slot = (this.recentNext - this.recentCount + i + ERROR_STREAK) % ERROR_STREAK;
      recent.push([this.recentAt[slot] as number, this.recentRejected[slot] === 1 ? 1 : 0]);
    }
    return {
      buckets: this.ring.filter((b) => b.n >= 0 && b.requests + b.parseErrors > 0).map((b) => ({ ...b })),
      recent,
      ...(this.lastRequestAt !== undefined ? { lastRequestAt: this.lastRequestAt } : {}),
    };
  }

  /** Restores a saved state; buckets older than 24 h at `now` are left out. Tolerates a malformed state. */
  static restore(state: unknown, now: number): ConnectorActivity {
    const activity = new ConnectorActivity();
    const s = state as Partial<ActivityState> | null;
    const newest = Math.floor(now / BUCKET_MS);
    for (const b of Array.isArray(s?.buckets) ? s.buckets : []) {
      if (typeof b?.n !== 'number' || b.n > newest || b.n <= newest - BUCKETS) continue;
      activity.ring[b.n % BUCKETS] = { ...emptyBucket(b.n), ...b };
    }
    for (const entry of Array.isArray(s?.recent) ? s.recent.slice(-ERROR_STREAK) : []) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'number') continue;
      activity.recentAt[activity.recentNext] = entry[0];
      activity.recentRejected[activity.recentNext] = entry[1] === 1 ? 1 : 0;
      activity.recentNext = (activity.recentNext + 1) % ERROR_STREAK;
      activity.recentCount = Math.min(ERROR_STREAK, activity.recentCount + 1);
    }
    if (typeof s?.lastRequestAt === 'number') activity.lastRequestAt = s.lastRequestAt;
    return activity;
  }
}
