import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connector, GUID, splunk, startHarness, type Harness } from './test-harness.js';

let h: Harness;
const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;

beforeAll(async () => {
  h = await startHarness();
  h.keys.set('good', connector('c1'));
  h.keys.set('query-ok', connector('c2', { allowQueryStringAuth: true }));
  h.keys.set('paused', connector('c3', {}, false));
  h.keys.set('paused-query', connector('c4', { allowQueryStringAuth: true }, false));
});
afterAll(() => h.close());

describe('HEC authentication', () => {
  it.each([
    ['Splunk good', '', 200, 0],
    ['splunk good', '', 200, 0],
    ['Bearer good', '', 200, 0],
    [basic('x:good'), '', 200, 0],
    [undefined, '', 401, 2],
    ['', '', 401, 2],
    ['Splunk ', '', 401, 3],
    ['good', '', 401, 3],
    ['Token good', '', 401, 3],
    [basic('x:'), '', 401, 3],
    ['Splunk GOOD', '', 403, 4],
    ['Splunk paused', '', 403, 1],
    [undefined, '?token=nope', 403, 4],
    [undefined, '?token=good', 400, 16],
    ['Splunk good', '?token=good', 400, 16],
    ['Splunk good', '?token=nope', 403, 4],
    [undefined, '?token=query-ok', 200, 0],
    ['Splunk nope', '?token=query-ok', 200, 0],
    [undefined, '?token=paused', 400, 16],
    [undefined, '?token=paused-query', 403, 1],
  ])('answers Authorization %j with query %j with %i code %i', async (authorization, query, status, code) => {
    const reply = await h.send(`/services/collector/event${query}`, {
      body: '{"event":"x"}',
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(reply.status).toBe(status);
    expect(reply.body.code).toBe(code);
  });

  it('authenticates before reading the body: a wrong token with an empty body is 403 code 4', async () => {
    const reply = await h.send('/services/collector/event', { body: '', headers: splunk('nope') });
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ text: 'Invalid token', code: 4 });
  });

  it('authenticates before validating the channel', async () => {
    const reply = await h.send('/services/collector/event', {
      body: '{"event":"x"}',
      headers: { ...splunk('nope'), 'x-splunk-request-channel': 'not-a-guid' },
    });
    expect(reply.body.code).toBe(4);
  });
});

describe('HEC channels', () => {
  it.each([
    [{ 'x-splunk-request-channel': GUID }, '', 200, 0],
    [{ 'x-splunk-request-channel': GUID.toUpperCase() }, '', 200, 0],
    [{}, `?channel=${GUID}`, 200, 0],
    [{}, `?Channel=${GUID}`, 200, 0],
    [{ 'x-splunk-request-channel': '' }, '', 400, 10],
    [{ 'x-splunk-request-channel': 'invalid-id' }, '', 400, 11],
    [{}, '?channel=', 400, 10],
    [{}, '?CHANNEL=guid', 400, 11],
    [{ 'x-splunk-request-channel': GUID }, '?channel=bad', 200, 0],
  ])('answers channel header %j and query %j with %i code %i', async (headers, query, status, code) => {
    const reply = await h.send(`/services/collector/event${query}`, {
      body: '{"event":"x"}',
      headers: { ...splunk('good'), ...headers },
    });
    expect(reply.status).toBe(status);
    expect(reply.body.code).toBe(code);
  });

  it('accepts a free-form channel on the LogScale raw alias and stores it as field channel', async () => {
    h.calls.length = 0;
    const reply = await h.send('/api/v1/ingest/hec/raw?channel=foo', { body: 'a\nb', headers: splunk('good') });
    expect(reply.status).toBe(200);
    expect(h.events.map((e) => e.fields)).toEqual([{ channel: 'foo' }, { channel: 'foo' }]);
  });

  it('accepts a free-form channel on the LogScale JSON alias', async () => {
    const reply = await h.send('/api/v1/ingest/hec', {
      body: '{"event":"x"}',
      headers: { ...splunk('good'), 'x-splunk-request-channel': 'my-channel' },
    });
    expect(reply.status).toBe(200);
  });
});
