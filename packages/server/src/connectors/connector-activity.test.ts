import { describe, expect, it } from 'vitest';
import { BUCKET_MS, ConnectorActivity, ERROR_WINDOW_MS } from './connector-activity.js';

// On a bucket boundary, so "24 hours" is exactly 288 buckets in these cases.
const T0 = 5_666_667 * BUCKET_MS;

describe('ConnectorActivity', () => {
  it('sums requests, events, bytes, parse errors and HEC errors by code over 24 hours', () => {
    const a = new ConnectorActivity();
    a.noteRequest(T0, 200, 0, 3, 300);
    a.noteRequest(T0 + BUCKET_MS, 200, 0, 2, 200);
    a.noteRequest(T0 + 2 * BUCKET_MS, 401, 4, 0, 10);
    a.noteRequest(T0 + 2 * BUCKET_MS, 400, 6, 1, 20);
    a.noteRequest(T0 + 2 * BUCKET_MS, 401, 4, 0, 10);
    a.noteParseErrors(T0, 2);
    expect(a.summary(T0 + 2 * BUCKET_MS)).toEqual({
      requests: 5,
      rejectedRequests: 3,
      events: 6,
      bytes: 540,
      parseErrors: 2,
      hecErrorsByCode: { '4': 2, '6': 1 },
    });
  });

  it('forgets what is older than 24 hours, and reuses ring slots', () => {
    const a = new ConnectorActivity();
    a.noteRequest(T0, 200, 0, 5, 500);
    a.noteRequest(T0 + 12 * 3600_000, 200, 0, 1, 100);
    expect(a.summary(T0 + 24 * 3600_000 - 1).events).toBe(6);
    expect(a.summary(T0 + 24 * 3600_000 + BUCKET_MS).events).toBe(1);
    // The same ring slot one day later holds only the new bucket.
    a.noteRequest(T0 + 24 * 3600_000, 401, 4, 0, 7);
    expect(a.summary(T0 + 24 * 3600_000)).toMatchObject({ events: 1, bytes: 107, hecErrorsByCode: { '4': 1 } });
  });

  it('is failing after five rejected requests in a row within five minutes', () => {
    const a = new ConnectorActivity();
    for (let i = 0; i < 4; i++) a.noteRequest(T0 + i * 1000, 401, 4, 0, 10);
    expect(a.failing(T0 + 4000)).toBe(false);
    a.noteRequest(T0 + 4000, 400, 6, 0, 10);
    expect(a.failing(T0 + 4000)).toBe(true);
  });

  it('is not failing when one of the last five was accepted, or when the streak is older than five minutes', () => {
    const a = new ConnectorActivity();
    for (let i = 0; i < 5; i++) a.noteRequest(T0 + i, 401, 4, 0, 10);
    expect(a.failing(T0 + 5)).toBe(true);
    expect(a.failing(T0 + ERROR_WINDOW_MS + 1)).toBe(false);
    a.noteRequest(T0 + 10, 200, 0, 1, 10);
    expect(a.failing(T0 + 10)).toBe(false);
    for (let i = 0; i < 4; i++) a.noteRequest(T0 + 20 + i, 503, 9, 0, 10);
    expect(a.failing(T0 + 30)).toBe(false);
  });

  it('survives a save and restore: counters, the failing streak and the last request time', () => {
    const a = new ConnectorActivity();
    a.noteRequest(T0, 200, 0, 3, 300);
    for (let i = 1; i <= 5; i++) a.noteRequest(T0 + i, 401, 4, 0, 10);
    a.noteParseErrors(T0, 1);
    const b = ConnectorActivity.restore(JSON.parse(JSON.stringify(a)), T0 + 10);
    expect(b.summary(T0 + 10)).toEqual(a.summary(T0 + 10));
    expect(b.failing(T0 + 10)).toBe(true);
    expect(b.lastRequestAt).toBe(T0 + 5);
    expect(ConnectorActivity.restore(JSON.parse(JSON.stringify(a)), T0 + 25 * 3600_000).summary(T0 + 25 * 3600_000).events).toBe(0);
    expect(ConnectorActivity.restore('garbage', T0).summary(T0).requests).toBe(0);
  });
});
