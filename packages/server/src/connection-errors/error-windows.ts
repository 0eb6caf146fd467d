/**
 * Rate limit for connection-error records: per key (a connector id), a window opens at the first
 * rejection and lasts `windowMs`. The first `perWindow` rejections in it are recorded one by one; the
 * rest are folded into one aggregate, emitted when the window ends (or on `drain`), so a flood of bad
 * requests from one shipper costs at most `perWindow + 1` records per window.
 *
 * Every rejection is counted exactly once: the individual records (count 1 each) and the aggregates'
 * `count`s add up to the number of rejections offered. Work per `offer` is O(1); memory is one small
 * window per key with errors in the last `windowMs` (`sweep` forgets ended windows).
 */

/** The rejections folded into one record at the end of a window. */
export interface Aggregate<S> {
  key: string;
  /** Rejections folded in (not counting those recorded individually). */
  count: number;
  /** Count per error code, e.g. { "6": 120, "13": 70 }. */
  byCode: Record<string, number>;
  /** The first folded rejection, shown as the example. */
  first: S;
  windowStart: number;
  windowEnd: number;
}

interface Window<S> {
  start: number;
  recorded: number;
  folded?: Omit<Aggregate<S>, 'windowEnd' | 'key'>;
}

export interface ErrorWindowsOptions {
  windowMs?: number;
  perWindow?: number;
  now?: () => number;
}

export class ErrorWindows<S> {
  private readonly windows = new Map<string, Window<S>>();
  readonly windowMs: number;
  readonly perWindow: number;
  private readonly now: () => number;

  constructor(options: ErrorWindowsOptions = {}) {
    this.windowMs = options.windowMs ?? 10_000;
    this.perWindow = options.perWindow ?? 10;
    this.now = options.now ?? Date.now;
  }

  /**
   * 'record' when this rejection should be recorded on its own; 'folded' when it was added to the
   * window's aggregate. An aggregate of an ended window is passed to `emit` before the new window opens.
   */
  offer(key: string, code: number, sample: S, emit: (aggregate: Aggregate<S>) => void): 'record' | 'folded' {
    const now = this.now();
    let w = this.windows.get(key);
    if (w !== undefined && now - w.start >= this.windowMs) {
      this.end(key, w, emit);
      w = undefined;
    }
    if (w === undefined) {
      w = { start: now, recorded: 0 };
      this.windows.set(key, w);
    }
    if (w.recorded < this.perWindow) {
      w.recorded++;
      return 'record';
    }
    if (w.folded === undefined) {
      w.folded = { count: 1, byCode: { [code]: 1 }, first: sample, windowStart: w.start };
    } else {
      w.folded.count++;
      w.folded.byCode[code] = (w.folded.byCode[code] ?? 0) + 1;
    }
    return 'folded';
  }

  /** Ends the windows older than `windowMs`, emitting their aggregates. Call periodically. */
  sweep(emit: (aggregate: Aggregate<S>) => void): void {
    const now = this.now();
    for (const [key, w] of this.windows) {
      if (now - w.start >= this.windowMs) this.end(key, w, emit);
    }
  }

  /** Ends every window now (shutdown), emitting the aggregates. */
  drain(emit: (aggregate: Aggregate<S>) => void): void {
    for (const [key, w] of this.windows) this.end(key, w, emit);
  }

  /** Keys with an open window (for tests and stats). */
  get size(): number {
    return this.windows.size;
  }

  private end(key: string, w: Window<S>, emit: (aggregate: Aggregate<S>) => void): void {
    this.windows.delete(key);
    if (w.folded !== undefined) emit({ ...w.folded, key, windowEnd: Math.min(this.now(), w.start + this.windowMs) });
  }
}
