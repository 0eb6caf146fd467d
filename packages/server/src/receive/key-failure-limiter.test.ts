import { describe, expect, it } from 'vitest';
import { addressKey, KeyFailureLimiter, type KeyFailureLimits } from './key-failure-limiter.js';

/** A limiter on a hand-driven clock whose sleeps are recorded and released by the test. */
function setup(limits: Partial<KeyFailureLimits> = {}) {
  let clock = 1_000_000;
  const sleeps: Array<{ ms: number; release: () => void }> = [];
  const limiter = new KeyFailureLimiter(limits, {
    now: () => clock,
    sleep: (ms) => new Promise<void>((release) => sleeps.push({ ms, release })),
  });
  return {
    limiter,
    sleeps,
    advance: (ms: number) => (clock += ms),
    /** Fails `n` times from `address`; returns the delay of each (0: answered at once). */
    failTimes(n: number, address = '10.0.0.1'): number[] {
      const delays: number[] = [];
      for (let i = 0; i < n; i++) {
        const before = sleeps.length;
        const hold = limiter.fail(address);
        delays.push(hold === undefined ? 0 : (sleeps[before]?.ms ?? -1));
      }
      return delays;
    },
  };
}

describe('KeyFailureLimiter', () => {
  it('answers the first `limit` failures of an address at once, then delays 1 s growing to the maximum', () => {
    const { limiter, failTimes } = setup({ limit: 3, maxDelayMs: 2_500 });
    expect(failTimes(3)).toEqual([0, 0, 0]);
    // Failures 4–6 wait 1 s, 7–9 wait 2 s, then the 2.5 s cap.
    expect(failTimes(9)).toEqual([1000, 1000, 1000, 2000, 2000, 2000, 2500, 2500, 2500]);
    expect(limiter.stats()).toMatchObject({ failures: 12, delayed: 9, undelayed: 0, held: 9, addresses: 1 });
  });

  it('counts each address separately, and IPv6 addresses per /64', () => {
    const { failTimes } = setup({ limit: 2 });
    expect(failTimes(3, '10.0.0.1')).toEqual([0, 0, 1000]);
    expect(failTimes(2, '10.0.0.2')).toEqual([0, 0]);
    expect(failTimes(2, '::ffff:10.0.0.2')).toEqual([1000, 1000]); // the same client over an IPv4-mapped socket
    expect(failTimes(2, '2001:db8:0:1::a')).toEqual([0, 0]);
    expect(failTimes(1, '2001:db8:0:1:ffff::b')).toEqual([1000]); // same /64
    expect(failTimes(1, '2001:db8:0:2::a')).toEqual([0]); // another /64
  });

  it('starts a new window once the old one has passed', () => {
    const { limiter, failTimes, advance } = setup({ limit: 2, windowMs: 60_000 });
    expect(failTimes(3)).toEqual([0, 0, 1000]);
    advance(59_999);
    expect(failTimes(1)).toEqual([1000]);
    advance(1);
    expect(failTimes(3)).toEqual([0, 0, 1000]);
    advance(60_000);
    expect(limiter.stats().addresses).toBe(0);
  });

  it('holds at most maxHeld answers at once and answers the rest at once, counted', async () => {
    const { limiter, sleeps, failTimes } = setup({ limit: 1, maxHeld: 2 });
    expect(failTimes(5)).toEqual([0, 1000, 2000, 0, 0]);
    expect(limiter.stats()).toMatchObject({ failures: 5, delayed: 2, undelayed: 2, held: 2 });
    sleeps[0]?.release();
    await Promise.resolve();
    await Promise.resolve();
    expect(limiter.stats().held).toBe(1);
    // A slot is free again: the next failure over the limit is delayed (6th failure: ceil(5/1) s, capped at 5 s).
    expect(failTimes(1)).toEqual([5000]);
    expect(limiter.stats()).toMatchObject({ delayed: 3, undelayed: 2, held: 2 });
  });

  it('tracks at most maxAddresses addresses, forgetting the least recently failed', () => {
    const { limiter, failTimes } = setup({ limit: 1, maxAddresses: 2 });
    failTimes(1, '10.0.0.1');
    failTimes(1, '10.0.0.2');
    failTimes(1, '10.0.0.1'); // 10.0.0.1 is now the most recent (and over its limit)
    failTimes(1, '10.0.0.3'); // evicts 10.0.0.2
    expect(limiter.stats().addresses).toBe(2);
    expect(failTimes(1, '10.0.0.2')).toEqual([0]); // forgotten: a fresh window (evicts 10.0.0.1)
    expect(failTimes(1, '10.0.0.3')).toEqual([1000]);
  });

  it('never delays when the limit or the maximum delay is 0, but still counts', () => {
    for (const limits of [{ limit: 0 }, { maxDelayMs: 0 }]) {
      const { limiter, failTimes } = setup(limits);
      expect(failTimes(50).every((d) => d === 0)).toBe(true);
      expect(limiter.stats()).toMatchObject({ failures: 50, delayed: 0, undelayed: 0 });
    }
  });

  it('starts at the maximum delay when it is below one second', () => {
    const { failTimes } = setup({ limit: 1, maxDelayMs: 300 });
    expect(failTimes(4)).toEqual([0, 300, 300, 300]);
  });
});

describe('addressKey', () => {
  it.each([
    ['10.1.2.3', '10.1.2.3'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0db8:0000:0001:0:0:0:1', '2001:db8:0:1::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    [undefined, '-'],
  ])('%s → %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
