import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StoreBusyError } from '../store/types.js';
import { BUSY_HOLD_MS } from './hec-receiver.js';
import { connector, GUID, splunk, startHarness, type Harness } from './test-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ maxEventSize: 200 });
  h.keys.set('key', connector('c1', { defaultSourcetype: 'conn-st' }));
  h.keys.set('restricted', connector('c2', { indexes: ['web', 'fw'], defaultIndex: 'web' }));
  h.keys.set('ack', connector('c3', { useAck: true }));
});
afterAll(() => h.close());
beforeEach(() => {
  h.calls.length = 0;
  h.busy = false;
  h.onIngest = () => {};
});

const post = (path: string, body: string, key = 'key', headers = {}) =>
  h.send(path, { body, headers: { ...splunk(key), ...headers } });

describe('the JSON event endpoint', () => {
  it('hands the accepted envelopes to ingest with the connector and the response', async () => {
    const reply = await post('/services/collector/event', '{"event":"a","time":1700000000.5}{"event":{"k":"v"},"host":"h1"}');
    expect(reply.status).toBe(200);
    expect(h.calls).toHaveLength(1);
    const [call] = h.calls;
    expect(call?.connector.id).toBe('c1');
    expect(call?.context.response).toEqual({ status: 200, body: '{"text":"Success","code":0}' });
    expect(call?.events).toEqual([
      expect.objectContaining({ raw: 'a', structured: false, timeMs: 1700000000500, host: '127.0.0.1', index: 'main', sourcetype: 'conn-st' }),
      expect.objectContaining({ raw: '{"k":"v"}', structured: true, host: 'h1' }),
    ]);
  });

  it('uses query host, source, sourcetype and index as defaults below the envelope', async () => {
    await post('/services/collector?host=qh&source=qs&sourcetype=qst&index=qi', '{"event":"a"}{"event":"b","index":"ei","host":"eh"}');
    expect(h.events.map((e) => [e.host, e.source, e.sourcetype, e.index])).toEqual([
      ['qh', 'qs', 'qst', 'qi'],
      ['eh', 'qs', 'qst', 'ei'],
    ]);
  });

  it('commits the accepted prefix of a partial batch and answers 400 with invalid-event-number', async () => {
    const reply = await post('/services/collector', '{"event":"first"}{"event":""}{"event":"never"}');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe('{"text":"Event field cannot be blank","code":13,"invalid-event-number":1}');
    expect(h.events.map((e) => e.raw)).toEqual(['first']);
    expect(h.calls[0]?.context.response.body).toBe(reply.text);
  });

  it('adds an ackId to a partial batch when acks are on', async () => {
    const reply = await post('/services/collector', '{"event":"first"}{"event":"second"', 'ack', { 'x-splunk-request-channel': GUID });
    expect(reply.text).toMatch(/^\{"text":"Invalid data format","code":6,"invalid-event-number":1,"ackId":\d+\}$/);
  });

  it('calls ingest for nothing when the first envelope fails', async () => {
    const reply = await post('/services/collector', '{"sourcetype":"x"}');
    expect(reply.text).toBe('{"text":"Event field is required","code":12,"invalid-event-number":0}');
    expect(h.calls).toHaveLength(0);
  });

  it.each(['', '  \n\t'])('answers %j with code 5 and no position', async (body) => {
    const reply = await post('/services/collector', body);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe('{"text":"No data","code":5}');
  });

  it('reports a disallowed index with code 7 one position later', async () => {
    const reply = await post('/services/collector', '{"event":"ok","index":"fw"}{"event":"p","index":"bad"}', 'restricted');
    expect(reply.text).toBe('{"text":"Incorrect index","code":7,"invalid-event-number":2}');
    expect(h.events.map((e) => e.index)).toEqual(['fw']);
  });

  it('rejects an envelope over maxEventSize with code 6', async () => {
    const reply = await post('/services/collector', `{"event":"${'x'.repeat(300)}"}`);
    expect(reply.text).toBe('{"text":"Invalid data format","code":6,"invalid-event-number":0}');
  });

  it('decodes bytes that are not UTF-8 lossily', async () => {
    const body = Buffer.concat([Buffer.from('{"event":"a'), Buffer.from([0xe4]), Buffer.from('"}')]);
    const reply = await h.send('/services/collector', { body, headers: splunk('key') });
    expect(reply.status).toBe(200);
    expect(h.events[0]?.raw).toBe('a\ufffd');
  });
});

describe('the raw endpoint', () => {
  it('stores one event per non-empty line with the query metadata', async () => {
    const reply = await post('/services/collector/raw?host=rh&source=rs&sourcetype=rst&time=1700000000', 'one\r\ntwo\n\nthree\r');
    expect(reply.text).toBe('{"text":"Success","code":0}');
    expect(h.events).toEqual(
      ['one', 'two', 'three'].map((raw) =>
        expect.objectContaining({ raw, structured: false, host: 'rh', source: 'rs', sourcetype: 'rst', index: 'main', timeMs: 1700000000000, timeNanos: 0 }),
      ),
    );
  });

  it('does not parse JSON bodies', async () => {
    await post('/services/collector/raw', '{"event":"x"}');
    expect(h.events.map((e) => e.raw)).toEqual(['{"event":"x"}']);
  });

  it.each([
    ['an empty body', '', '', '{"text":"No data","code":5}'],
    ['only newlines', '', '\n\r\n', '{"text":"No data","code":5}'],
    ['a negative time', '?time=-5', 'x', '{"text":"Invalid data format","code":6}'],
    ['a fractional time', '?time=1.5', 'x', '{"text":"Invalid data format","code":6}'],
    ['a word as time', '?time=now', 'x', '{"text":"Invalid data format","code":6}'],
    ['a bad time with an empty body', '?time=now', '', '{"text":"Invalid data format","code":6}'],
  ])('rejects %s', async (_label, query, body, text) => {
    const reply = await post(`/services/collector/raw${query}`, body);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(text);
    expect(h.calls).toHaveLength(0);
  });

  it('rejects a query index outside the allow-list with code 7 and position 1', async () => {
    const reply = await post('/services/collector/raw?index=bad', 'x', 'restricted');
    expect(reply.text).toBe('{"text":"Incorrect index","code":7,"invalid-event-number":1}');
  });

  it('accepts an allowed query index', async () => {
    await post('/services/collector/raw?index=fw', 'x', 'restricted');
    expect(h.events[0]?.index).toBe('fw');
  });
});

describe('backpressure and failures', () => {
  it('answers 503 code 9 with Retry-After when still busy after holding the request, without calling ingest', async () => {
    h.busy = true;
    const started = performance.now();
    const reply = await post('/services/collector', '{"event":"x"}');
    expect(reply.status).toBe(503);
    expect(reply.text).toBe('{"text":"Server is busy","code":9}');
    expect(reply.headers['retry-after']).toBe('1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(BUSY_HOLD_MS - 10);
    expect(h.calls).toHaveLength(0);
  });

  it('holds a request while busy and takes it as soon as the pipeline clears', async () => {
    h.busy = true;
    const started = performance.now();
    setTimeout(() => (h.busy = false), 150);
    const reply = await post('/services/collector', '{"event":"x"}');
    const waited = performance.now() - started;
    expect(reply.status).toBe(200);
    expect(h.calls).toHaveLength(1);
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(BUSY_HOLD_MS);
  });

  it('answers 503 code 9 with the store Retry-After when the commit is refused', async () => {
    h.onIngest = () => {
      throw new StoreBusyError(7);
    };
    const reply = await post('/services/collector', '{"event":"x"}');
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({ text: 'Server is busy', code: 9 });
    expect(reply.headers['retry-after']).toBe('7');
  });

  it('answers 500 code 8 on an unexpected error and keeps serving', async () => {
    h.onIngest = () => Promise.reject(new Error('disk on fire'));
    const reply = await post('/services/collector', '{"event":"x"}');
    expect(reply.status).toBe(500);
    expect(reply.text).toBe('{"text":"Internal server error","code":8}');
    h.onIngest = () => {};
    expect((await post('/services/collector', '{"event":"x"}')).status).toBe(200);
  });

  it('waits for the commit before answering', async () => {
    let release!: () => void;
    h.onIngest = () => new Promise<void>((resolve) => (release = resolve));
    let answered = false;
    const pending = post('/services/collector', '{"event":"x"}').then((r) => ((answered = true), r));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    expect((await pending).status).toBe(200);
  });

  it('counts requests, codes, events and bytes', async () => {
    const before = h.receiver.stats();
    await post('/services/collector', '{"event":"a"}{"event":"b"}');
    await post('/services/collector', '');
    const after = h.receiver.stats();
    expect(after.requests - before.requests).toBe(2);
    expect(after.eventsAccepted - before.eventsAccepted).toBe(2);
    expect(after.bytesReceived - before.bytesReceived).toBe(26);
    expect((after.byCode['5'] ?? 0) - (before.byCode['5'] ?? 0)).toBe(1);
  });
});

describe('host resolution', () => {
  it('ignores X-Forwarded-For unless trusted', async () => {
    await post('/services/collector', '{"event":"x"}', 'key', { 'x-forwarded-for': '203.0.113.1' });
    expect(h.events[0]?.host).toBe('127.0.0.1');
  });

  it('uses the first X-Forwarded-For entry when trusted', async () => {
    const trusting = await startHarness({}, { trustForwardedFor: true });
    try {
      trusting.keys.set('key', connector('c1'));
      await trusting.send('/services/collector', {
        body: '{"event":"x"}{"event":"y","host":"own"}',
        headers: { ...splunk('key'), 'x-forwarded-for': ' 203.0.113.1, 70.41.3.18' },
      });
      expect(trusting.events.map((e) => e.host)).toEqual(['203.0.113.1', 'own']);
    } finally {
      await trusting.close();
    }
  });
});
