import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './login-rate-limiter.js';

const MIN = 60_000;

const limiter = (limits = {}) => {
  let now = 1_000_000;
  const l = new LoginRateLimiter(limits, () => now);
  return { l, advance: (ms: number) => (now += ms) };
};

const fail = (l: LoginRateLimiter, n: number, user: string, address: string) => {
  for (let i = 0; i < n; i++) l.recordFailure(user, address);
};

describe('LoginRateLimiter', () => {
  it('allows 5 failures per username in 15 minutes, then asks to wait until the oldest ages out', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(l.check('ann', '10.0.0.1')).toBe(0);
      l.recordFailure('ann', '10.0.0.1');
      advance(MIN);
    }
    // Failures at t0, t0+1m, …, t0+4m; now t0+5m: the first leaves the window at t0+15m.
    expect(l.check('ann', '10.0.0.2')).toBe(10 * 60);
    expect(l.check('ANN', '10.0.0.3')).toBe(10 * 60);
    expect(l.counters).toEqual({ failures: 5, limited: 2 });
    advance(10 * MIN);
    expect(l.check('ann', '10.0.0.2')).toBe(0);
  });

  it('slides: after one failure ages out, exactly one more attempt is allowed', () => {
    const { l, advance } = limiter();
    fail(l, 1, 'ann', 'a');
    advance(5 * MIN);
    fail(l, 4, 'ann', 'a');
    advance(10 * MIN);
    expect(l.check('ann', 'a')).toBe(0);
    l.recordFailure('ann', 'a');
    expect(l.check('ann', 'a')).toBe(5 * 60);
  });

  it('limits an address at 20 failures across usernames', () => {
    const { l } = limiter();
    for (let i = 0; i < 20; i++) l.recordFailure(`user${i}`, '10.0.0.9');
    expect(l.check('someone-new', '10.0.0.9')).toBe(15 * 60);
    expect(l.check('someone-new', '10.0.0.10')).toBe(0);
  });

  it('clears the username’s failures on success, but not the address’s', () => {
    const { l } = limiter({ maxPerAddress: 6 });
    fail(l, 4, 'ann', 'a');
    l.recordSuccess('ann');
    fail(l, 2, 'ann', 'a');
    expect(l.check('ann', 'b')).toBe(0);
    expect(l.check('bob', 'a')).toBeGreaterThan(0);
  });

  it('forgets the least recently failed key past maxKeys', () => {
    const { l } = limiter({ maxPerUsername: 1, maxKeys: 2 });
    l.recordFailure('a', 'x1');
    l.recordFailure('b', 'x2');
    l.recordFailure('c', 'x3');
    expect(l.check('a', 'y')).toBe(0);
    expect(l.check('b', 'y')).toBeGreaterThan(0);
    expect(l.check('c', 'y')).toBeGreaterThan(0);
  });
});
