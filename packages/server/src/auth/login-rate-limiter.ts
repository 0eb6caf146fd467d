/**
 * Login rate limiting: a sliding window of failed sign-ins per username and per client address.
 *
 * Defaults: 5 failures per username and 20 per address within 15 minutes; past either, sign-in answers
 * 429 with Retry-After until the oldest failure in the window ages out. The check happens before the
 * password is verified, so a limited caller learns nothing and costs no scrypt work. A successful sign-in
 * clears its username's failures (not its address's: one good account must not unlock guessing others).
 *
 * State is in memory: it resets on restart and is per process. Memory is bounded: at most `maxKeys`
 * usernames and addresses each are tracked; past that the least recently failed key is forgotten.
 */

export interface LoginRateLimits {
  windowMs: number;
  maxPerUsername: number;
  maxPerAddress: number;
  maxKeys: number;
}

export const DEFAULT_LOGIN_RATE_LIMITS: Readonly<LoginRateLimits> = Object.freeze({
  windowMs: 15 * 60_000,
  maxPerUsername: 5,
  maxPerAddress: 20,
  maxKeys: 10_000,
});

export interface LoginRateCounters {
  /** Failed sign-ins recorded. */
  failures: number;
  /** Sign-ins refused with 429 because a limit was reached. */
  limited: number;
}

/** Failure times per key (oldest first), in a Map whose insertion order is the eviction order. */
class SlidingWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const kept = times.filter((t) => t > now - this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  /** Milliseconds until another attempt is allowed, or 0 when one is allowed now. */
  waitMs(key: string, now: number): number {
    const times = this.recent(key, now);
    if (times.length < this.max) return 0;
    // The attempt is allowed again once enough failures have left the window to go under the limit.
    const freeing = times[times.length - this.max] as number;
    return Math.max(1, freeing + this.windowMs - now);
  }

  add(key: string, now: number): void {
    const times = this.recent(key, now);
    this.failures.delete(key); // re-insert: most recently failed keys are evicted last
    this.failures.set(key, [...times, now].slice(-this.max));
    if (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  clear(key: string): void {
    this.failures.delete(key);
  }
}

export class LoginRateLimiter {
  private readonly byUsername: SlidingWindow;
  private readonly byAddress: SlidingWindow;
  readonly counters: LoginRateCounters = { failures: 0, limited: 0 };

  constructor(
    limits: Partial<LoginRateLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    const l = { ...DEFAULT_LOGIN_RATE_LIMITS, ...limits };
    this.byUsername = new SlidingWindow(l.maxPerUsername, l.windowMs, l.maxKeys);
    this.byAddress = new SlidingWindow(l.maxPerAddress, l.windowMs, l.maxKeys);
  }

  /** Whole seconds to wait before trying again (counted as a refusal), or 0 when the attempt may proceed. */
  check(username: string, address: string): number {
    const now = this.now();
    const wait = Math.max(this.byUsername.waitMs(normalise(username), now), this.byAddress.waitMs(address, now));
    if (wait === 0) return 0;
    this.counters.limited++;
    return Math.ceil(wait / 1000);
  }

  recordFailure(username: string, address: string): void {
    const now = this.now();
    this.counters.failures++;
    this.byUsername.add(normalise(username), now);
    this.byAddress.add(address, now);
  }

  recordSuccess(username: string): void {
    this.byUsername.clear(normalise(username));
  }
}

// Usernames are lowercase; folding here keeps "Admin" and "admin" in one bucket whatever is sent.
const normalise = (username: string): string => username.toLowerCase();
