import { describe, expect, it } from 'vitest';
import { SENDER_RETENTION_MS, SenderTracker } from './sender-tracker.js';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

describe('SenderTracker', () => {
  it('counts events per host and source with the last time seen, most recent first', () => {
    const t = new SenderTracker({ maxSenders: 100, silentMinMs: 15 * MIN });
    t.note('fw1', 'syslog', 3, T0);
    t.note('fw2', null, 1, T0 + 1000);
    t.note('fw1', 'syslog', 2, T0 + 2000);
    const list = t.list(T0 + 2000);
    expect(list.map((s) => [s.host, s.source, s.events])).toEqual([
      ['fw1', 'syslog', 5],
      ['fw2', null, 1],
    ]);
    expect(list[0]?.lastSeenAt).toBe(new Date(T0 + 2000).toISOString());
  });

  it('learns the usual interval as a weighted mean of gaps, sampling at most once a second', () => {
    const t = new SenderTracker({ maxSenders: 100, silentMinMs: 15 * MIN });
    t.note('fw1', null, 1, T0);
    t.note('fw1', null, 1, T0 + 500); // under a second: not a sample
    expect(t.list(T0 + 500)[0]?.usualIntervalSeconds).toBeNull();
    t.note('fw1', null, 1, T0 + 60_000);
    expect(t.list(T0 + 60_000)[0]?.usualIntervalSeconds).toBe(60);
    t.note('fw1', null, 1, T0 + 180_000);
    // 60 + 0.3 × (120 − 60)
    expect(t.list(T0 + 180_000)[0]?.usualIntervalSeconds).toBe(78);
  });

  it('flags a sender silent after more than ten usual intervals and the minimum silence', () => {
    const t = new SenderTracker({ maxSenders: 100, silentMinMs: 15 * MIN });
    t.note('chatty', null, 1, T0);
    t.note('chatty', null, 1, T0 + MIN);
    t.note('hourly', null, 1, T0);
    t.note('hourly', null, 1, T0 + 60 * MIN);
    t.note('once', null, 1, T0);
    const at = (ms: number) => Object.fromEntries(t.list(ms).map((s) => [s.host, s.silent]));
    expect(at(T0 + MIN + 10 * MIN)).toEqual({ chatty: false, hourly: false, once: false });
    expect(at(T0 + MIN + 16 * MIN)).toEqual({ chatty: true, hourly: false, once: false });
    expect(at(T0 + 60 * MIN + 601 * MIN)).toEqual({ chatty: true, hourly: true, once: false });
    expect(t.list(T0 + MIN + 16 * MIN, true).map((s) => s.host)).toEqual(['chatty']);
  });

  it('keeps at most maxSenders, evicting the least recently seen, and counts evictions', () => {
    const t = new SenderTracker({ maxSenders: 2, silentMinMs: MIN });
    t.note('a', null, 1, T0);
    t.note('b', null, 1, T0 + 1);
    t.note('a', null, 1, T0 + 2);
    t.note('c', null, 1, T0 + 3);
    expect(t.list(T0 + 3).map((s) => s.host)).toEqual(['c', 'a']);
    expect(t.evictions).toBe(1);
  });

  it('forgets senders not seen for 7 days and restores from a saved state', () => {
    const t = new SenderTracker({ maxSenders: 10, silentMinMs: MIN });
    t.note('old', null, 1, T0);
    t.note('new', 'app', 4, T0 + SENDER_RETENTION_MS);
    t.note('new', 'app', 1, T0 + SENDER_RETENTION_MS + 5000);
    const saved = JSON.parse(JSON.stringify(t)) as unknown;
    const now = T0 + SENDER_RETENTION_MS + 5000;
    const restored = SenderTracker.restore(saved, { maxSenders: 10, silentMinMs: MIN }, now);
    expect(restored.list(now)).toEqual(t.list(now));
    expect(t.list(now).map((s) => s.host)).toEqual(['new']);
  });
});
