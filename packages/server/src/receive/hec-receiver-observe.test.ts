import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connector, splunk, startHarness, type Harness } from './test-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.keys.set('key', connector('c1'));
  h.keys.set('paused', connector('c2', {}, false));
});
afterAll(() => h.close());
beforeEach(() => {
  h.outcomes.length = 0;
});

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('request outcomes', () => {
  it('reports an accepted request with its connector, events and bytes', async () => {
    const body = '{"event":"a"}{"event":"b"}';
    await h.send('/services/collector', { body, headers: splunk('key') });
    await settle();
    expect(h.outcomes).toEqual([
      expect.objectContaining({ route: 'event', status: 200, code: 0, eventsAccepted: 2, wireBytes: body.length, credentialVia: 'splunk' }),
    ]);
    expect(h.outcomes[0]?.connector?.id).toBe('c1');
    expect(h.outcomes[0]).not.toHaveProperty('sample');
  });

  it('reports a partial batch with the accepted count, the error code and a sample of the body', async () => {
    await h.send('/services/collector', { body: '{"event":"ok"}{"event":""}', headers: splunk('key') });
    await settle();
    expect(h.outcomes[0]).toMatchObject({ status: 400, code: 13, eventsAccepted: 1, sample: '{"event":"ok"}{"event":""}' });
  });

  it('reports a paused connector with code 1, and an unknown key without a connector', async () => {
    await h.send('/services/collector', { body: '{"event":"x"}', headers: splunk('paused') });
    await h.send('/services/collector', { body: '{"event":"x"}', headers: splunk('nope') });
    await settle();
    expect(h.outcomes[0]).toMatchObject({ status: 403, code: 1 });
    expect(h.outcomes[0]?.connector?.id).toBe('c2');
    expect(h.outcomes[1]).toMatchObject({ status: 403, code: 4 });
    expect(h.outcomes[1]?.connector).toBeUndefined();
  });

  it('reports an unknown HEC path and a wrong method, which no connector serves', async () => {
    await h.send('/services/collector/nope', { body: '{"event":"x"}', headers: splunk('key') });
    await h.send('/services/collector', { method: 'GET', headers: splunk('key') });
    await settle();
    expect(h.outcomes).toEqual([
      expect.objectContaining({ route: 'not-found', status: 404, code: 404, eventsAccepted: 0 }),
      expect.objectContaining({ route: 'method', status: 405, code: 405, eventsAccepted: 0 }),
    ]);
    expect(h.outcomes[0]?.connector).toBeUndefined();
  });

  it('reports a retry answered from the X-Request-Id cache with its original code and no new events', async () => {
    const headers = { ...splunk('key'), 'x-request-id': 'observe-retry-1' };
    await h.send('/services/collector', { body: '{"event":"a"}{"event":"b"}', headers });
    await h.send('/services/collector', { body: '{"event":"a"}{"event":"b"}', headers });
    await settle();
    expect(h.outcomes).toEqual([
      expect.objectContaining({ route: 'event', status: 200, code: 0, eventsAccepted: 2 }),
      expect.objectContaining({ route: 'event', status: 200, code: 0, eventsAccepted: 0, requestId: 'observe-retry-1' }),
    ]);
    expect(h.outcomes[1]?.connector?.id).toBe('c1');
  });

  it('never reports the key itself', async () => {
    await h.send('/services/collector', { body: '{"event":"x"}', headers: splunk('key') });
    await settle();
    expect(JSON.stringify(h.outcomes)).not.toContain('"key"');
  });
});
