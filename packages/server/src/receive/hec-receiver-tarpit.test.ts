/**
 * The receiver with a KeyFailureLimiter: refused keys past the limit are answered only once the delay
 * has passed, with exactly the same answer; an accepted key from the same address is never held.
 * The limiter's sleep is driven by the test, so nothing here depends on timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFailureLimiter } from './key-failure-limiter.js';
import { connector, splunk, startHarness, type Harness, type Reply } from './test-harness.js';

let h: Harness;
const held: Array<{ ms: number; release: () => void }> = [];
const limiter = new KeyFailureLimiter({ limit: 2, maxDelayMs: 3_000 }, { sleep: (ms) => new Promise<void>((release) => held.push({ ms, release })) });

beforeAll(async () => {
  h = await startHarness({}, { keyFailures: limiter });
  h.keys.set('good', connector('c1'));
});
afterAll(() => h.close());

const EVENT = '/services/collector/event';
const body = '{"event":"x"}';

/** Resolves `true` when `p` settles within a few event-loop turns (it was not held). */
async function settlesSoon(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 20 && !done; i++) await new Promise((r) => setTimeout(r, 5));
  return done;
}

describe('HEC key brute force', () => {
  it('answers the first refusals at once, then holds them, with the exact Splunk answers', async () => {
    expect((await h.send(EVENT, { body, headers: splunk('nope-1') })).text).toBe('{"text":"Invalid token","code":4}');
    const noKey = await h.send(EVENT, { body });
    expect([noKey.status, noKey.text]).toEqual([401, '{"text":"Token is required","code":2}']);
    expect(held).toHaveLength(0);

    const third = h.send(EVENT, { body, headers: { authorization: 'Digest x' } });
    const fourth = h.send(EVENT, { body, headers: splunk('nope-2') });
    expect(await settlesSoon(third)).toBe(false);
    expect(await settlesSoon(fourth)).toBe(false);
    expect(held.map((x) => x.ms)).toEqual([1000, 1000]);
    expect(limiter.stats()).toMatchObject({ failures: 4, delayed: 2, held: 2 });

    // A good key from the same address while two refusals are held: answered at once, nothing held for it.
    const good = h.send(EVENT, { body, headers: splunk('good') });
    expect(await settlesSoon(good)).toBe(true);
    expect((await good).text).toBe('{"text":"Success","code":0}');
    expect(held).toHaveLength(2);
    expect(limiter.stats().failures).toBe(4);

    for (const x of held) x.release();
    const [r3, r4] = (await Promise.all([third, fourth])) as [Reply, Reply];
    expect([r3.status, r3.text]).toEqual([401, '{"text":"Invalid authorization","code":3}']);
    expect([r4.status, r4.text]).toEqual([403, '{"text":"Invalid token","code":4}']);
    expect(limiter.stats()).toMatchObject({ failures: 4, delayed: 2, held: 0 });
    // Reported once each, after the (late) answer.
    expect(h.outcomes.filter((o) => [2, 3, 4].includes(o.code))).toHaveLength(4);
  });

  it('does not count a paused connector (code 1): the key exists and was recognised', async () => {
    h.keys.set('paused', connector('c2', {}, false));
    const before = limiter.stats().failures;
    const reply = await h.send(EVENT, { body, headers: splunk('paused') });
    expect(reply.body.code).toBe(1);
    expect(limiter.stats().failures).toBe(before);
  });
});
