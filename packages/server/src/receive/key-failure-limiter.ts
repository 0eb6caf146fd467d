/**
 * Slows down guessing of HEC keys: requests refused for a missing, malformed or unknown key (HEC codes
 * 2, 3, 4) are counted per client address, and past `limit` failures within a window further refusals
 * to that address are answered late (a tarpit). The answer itself never changes — the same Splunk body
 * and status whether delayed or not — so timing says nothing about whether a connector exists: a
 * refused key is delayed because of its address's history, never because of the key.
 *
 * Why a delay rather than a block: a block (429) would be a new answer that Splunk clients do not
 * expect, and a misconfigured shipper sharing the address with a scanner would get it too. A delay costs
 * the guesser time per guess and costs the server one timer; an accepted key is never looked at here.
 *
 * Bounds (memory never grows with the attack):
 * - at most `maxAddresses` addresses are tracked; the least recently failed is forgotten first;
 * - at most `maxHeld` answers are held at once; beyond that, refusals are answered at once (counted as
 *   `undelayed`), so a flood from many addresses cannot pile up sockets and timers.
 * Each failure is O(1): one Map lookup, re-insert (to keep eviction order) and maybe one eviction.
 *
 * The address is the TCP peer (never X-Forwarded-For, which the client writes). IPv6 addresses are
 * counted per /64, the block a single host usually gets, so rotating addresses inside it does not help.
 * Behind a proxy all clients share its address: they then share the count, which only ever delays
 * refusals, never accepted requests.
 */

export interface KeyFailureLimits {
  /** Failures per address within `windowMs` answered at once; later ones are delayed. 0: never delay. */
  limit: number;
  windowMs: number;
  /** Longest delay of one answer, ms; the delay starts at min(1 s, this) and grows. 0: never delay. */
  maxDelayMs: number;
  /** Most answers held at once (all addresses together). */
  maxHeld: number;
  /** Most client addresses tracked. */
  maxAddresses: number;
}

export const DEFAULT_KEY_FAILURE_LIMITS: Readonly<KeyFailureLimits> = Object.freeze({
  limit: 20,
  windowMs: 60_000,
  maxDelayMs: 5_000,
  maxHeld: 1_000,
  maxAddresses: 10_000,
});

/** The first delayed answer waits this long (or maxDelayMs when smaller); each further `limit` failures add as much. */
const BASE_DELAY_MS = 1_000;

export interface KeyFailureStats {
  /** Refusals for a missing, malformed or unknown key (HEC codes 2, 3, 4). */
  failures: number;
  /** Refusals answered late because their address was over the limit. */
  delayed: number;
  /** Refusals over the limit answered at once because `maxHeld` answers were already held. */
  undelayed: number;
  /** Answers being held now. */
  held: number;
  /** Client addresses with failures in their current window. */
  addresses: number;
}

interface Window {
  start: number;
  count: number;
}

export interface KeyFailureLimiterOptions {
  now?: () => number;
  /** Waits `ms`; tests inject one they resolve themselves. Default: an unref'd timer. */
  sleep?: (ms: number) => Promise<void>;
}

export class KeyFailureLimiter {
  private readonly limits: KeyFailureLimits;
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly counts = { failures: 0, delayed: 0, undelayed: 0 };
  private held = 0;

  constructor(limits: Partial<KeyFailureLimits> = {}, options: KeyFailureLimiterOptions = {}) {
    this.limits = { ...DEFAULT_KEY_FAILURE_LIMITS, ...limits };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? unrefSleep;
  }

  /**
   * Records a refused key from `address` (the socket's remote address). Returns undefined when the
   * answer goes out now, or a promise to await before answering.
   */
  fail(address: string | undefined): Promise<void> | undefined {
    this.counts.failures++;
    const { limit, windowMs, maxDelayMs } = this.limits;
    const key = addressKey(address);
    const now = this.now();
    let w = this.windows.get(key);
    if (w === undefined || now - w.start >= windowMs) w = { start: now, count: 0 };
    w.count++;
    // Re-insert so the Map's order is least recently failed first: eviction takes the first key.
    this.windows.delete(key);
    this.windows.set(key, w);
    if (this.windows.size > this.limits.maxAddresses) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }

    if (limit === 0 || maxDelayMs === 0 || w.count <= limit) return undefined;
    if (this.held >= this.limits.maxHeld) {
      this.counts.undelayed++;
      return undefined;
    }
    const base = Math.min(BASE_DELAY_MS, maxDelayMs);
    const delay = Math.min(maxDelayMs, base * Math.ceil((w.count - limit) / limit));
    this.counts.delayed++;
    this.held++;
    return this.sleep(delay).finally(() => {
      this.held--;
    });
  }

  stats(): KeyFailureStats {
    // Windows are dropped lazily; count only the live ones (bounded by maxAddresses, read per scrape).
    const now = this.now();
    let addresses = 0;
    for (const [key, w] of this.windows) {
      if (now - w.start < this.limits.windowMs) addresses++;
      else this.windows.delete(key);
    }
    return { ...this.counts, held: this.held, addresses };
  }
}

function unrefSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** IPv4 (also IPv4-mapped IPv6) as is; IPv6 by its /64 prefix; a missing address as one shared key. */
export function addressKey(address: string | undefined): string {
  if (address === undefined || address === '') return '-';
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  if (!address.includes(':')) return address;
  const bare = address.split('%')[0] as string; // drop a zone id (fe80::1%eth0)
  const [head = '', tail] = bare.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...headParts, ...new Array<string>(Math.max(0, 8 - headParts.length - tailParts.length)).fill('0'), ...tailParts];
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}
