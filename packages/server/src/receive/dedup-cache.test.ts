import { describe, expect, it } from 'vitest';
import { DedupCache } from './dedup-cache.js';

const ok = { status: 200, body: '{"text":"Success","code":0}' };

function cache(windowMs = 1000) {
  const clock = { now: 10_000 };
  return { dedup: new DedupCache(windowMs, () => clock.now), clock };
}

describe('DedupCache', () => {
  it('remembers a committed response for the window, then forgets it', () => {
    const { dedup, clock } = cache();
    dedup.begin('k')(ok);
    expect(dedup.lookup('k')).toEqual(ok);
    clock.now += 999;
    expect(dedup.lookup('k')).toEqual(ok);
    clock.now += 1;
    expect(dedup.lookup('k')).toBeUndefined();
    expect(dedup.size).toBe(0);
  });

  it('does not remember a request that finished without committing', () => {
    const { dedup } = cache();
    dedup.begin('k')();
    expect(dedup.lookup('k')).toBeUndefined();
  });

  it('exposes an in-flight request until it finishes', async () => {
    const { dedup } = cache();
    const finish = dedup.begin('k');
    const pending = dedup.pending('k');
    expect(pending).toBeDefined();
    finish(ok);
    await pending;
    expect(dedup.pending('k')).toBeUndefined();
    expect(dedup.lookup('k')).toEqual(ok);
  });

  it('restores recovered requests in any order and drops expired ones', () => {
    const { dedup, clock } = cache();
    dedup.restore([
      { requestKey: 'new', response: ok, committedAt: clock.now - 100 },
      { requestKey: 'old', response: ok, committedAt: clock.now - 5000 },
      { requestKey: 'mid', response: ok, committedAt: clock.now - 500 },
    ]);
    expect(dedup.lookup('new')).toEqual(ok);
    expect(dedup.lookup('mid')).toEqual(ok);
    expect(dedup.lookup('old')).toBeUndefined();
    clock.now += 600;
    expect(dedup.lookup('mid')).toBeUndefined();
    expect(dedup.lookup('new')).toEqual(ok);
  });

  it('forgets the oldest entries first when full, and counts them', () => {
    const clock = { now: 1_000 };
    const dedup = new DedupCache(60_000, () => clock.now, 3);
    for (const key of ['a', 'b', 'c', 'd']) dedup.begin(key)({ status: 200, body: key });
    expect(dedup.size).toBe(3);
    expect(dedup.evicted).toBe(1);
    expect(dedup.lookup('a')).toBeUndefined();
    expect(dedup.lookup('d')).toEqual({ status: 200, body: 'd' });
  });
});
