/**
 * Idempotent retries by X-Request-Id (DESIGN §7).
 *
 * `committed` maps a request key to the answer it got, in commit order, and is trimmed from the head
 * once entries are older than the window. `inFlight` holds a promise per key being processed, so a
 * concurrent duplicate waits for the first outcome: a commit is replayed, a failure (busy, 500, or an
 * error that committed nothing) lets the duplicate run normally.
 *
 * Memory is bounded twice: by the window, and by `maxEntries` — past it the oldest entries go first
 * (each eviction is counted), so a flood of unique ids cannot grow the process without limit.
 */
import type { RecordedResponse, RecoveredRequest } from '../events.js';

interface Entry {
  response: RecordedResponse;
  committedAt: number;
}

export class DedupCache {
  private readonly committed = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<void>>();

  /** Entries dropped before their window ended because the cache was full. */
  evicted = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 1_000_000,
  ) {}

  /** The answer a committed request with `key` got within the window. */
  lookup(key: string): RecordedResponse | undefined {
    this.expire();
    const entry = this.committed.get(key);
    if (entry === undefined || entry.committedAt <= this.now() - this.windowMs) return undefined;
    return entry.response;
  }

  /** Resolves when the request with `key` currently in progress has finished (any outcome). */
  pending(key: string): Promise<void> | undefined {
    return this.inFlight.get(key);
  }

  /**
   * Registers `key` as in progress. The returned function must be called exactly once: with the
   * response when the request committed, without when it did not.
   */
  begin(key: string): (committed?: RecordedResponse) => void {
    let release!: () => void;
    this.inFlight.set(key, new Promise<void>((resolve) => (release = resolve)));
    return (committed) => {
      if (committed !== undefined) this.remember(key, committed, this.now());
      this.inFlight.delete(key);
      release();
    };
  }

  /** Seeds the cache with requests recovered after a restart (oldest first keeps the head trim valid). */
  restore(recovered: readonly RecoveredRequest[]): void {
    const sorted = [...recovered].sort((a, b) => a.committedAt - b.committedAt);
    for (const r of sorted) this.remember(r.requestKey, r.response, r.committedAt);
    this.expire();
  }

  get size(): number {
    return this.committed.size;
  }

  private remember(key: string, response: RecordedResponse, committedAt: number): void {
    this.committed.delete(key);
    this.committed.set(key, { response, committedAt });
    if (this.committed.size > this.maxEntries) {
      const oldest = this.committed.keys().next();
      if (oldest.done !== true) {
        this.committed.delete(oldest.value);
        this.evicted++;
      }
    }
  }

  private expire(): void {
    const oldest = this.now() - this.windowMs;
    for (const [key, entry] of this.committed) {
      if (entry.committedAt > oldest) break;
      this.committed.delete(key);
    }
  }
}
