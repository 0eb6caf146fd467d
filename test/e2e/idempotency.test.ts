/**
 * Idempotent retries: a request that repeats the X-Request-Id of a committed request (same key,
 * within the dedup window) gets the original answer and its events are stored once, also after a
 * restart. Stored events carry the id as @requestId.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUCCESS, envelopes, eventBlankAt, successWithAck } from '../helpers/hec.js';
import { guid, marker, splunkAuth, startHecate } from '../helpers/server.js';
import type { Connector, Hecate, HttpReply } from '../helpers/server.js';

let hecate: Hecate;
let connector: Connector;
let second: Connector;
let acked: Connector;

function post(body: string, requestId: string, key = connector, path = '/services/collector/event', extra: Record<string, string> = {}): Promise<HttpReply> {
  return hecate.hec(path, { body, headers: { ...splunkAuth(key.apiKey), 'x-request-id': requestId, ...extra } });
}

/** Waits for `n` events matching `query`, then for a later request to become searchable, and counts again. */
async function settledCount(query: string, n: number): Promise<number> {
  await hecate.waitForEvents(query, n);
  const sync = marker('sync');
  expect((await post(envelopes({ event: sync }), guid())).status).toBe(200);
  await hecate.waitForEvents(sync, 1);
  return (await hecate.search(query)).length;
}

beforeAll(async () => {
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: marker('idem_') });
  second = await hecate.createConnector({ name: marker('idem_second_') });
  acked = await hecate.createConnector({ name: marker('idem_ack_'), hec: { useAck: true } });
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('X-Request-Id deduplication', () => {
  it('answers a retry with the original answer and stores its events once', async () => {
    const m = marker();
    const id = guid();
    const body = envelopes({ event: `${m} 1` }, { event: `${m} 2` }, { event: `${m} 3` });
    const first = await post(body, id);
    const retry = await post(body, id);
    expect([first.status, first.text]).toEqual([200, SUCCESS]);
    expect([retry.status, retry.text]).toEqual([first.status, first.text]);
    expect(await settledCount(m, 3)).toBe(3);
  });

  it('stores the X-Request-Id as @requestId and finds every event of the request by it', async () => {
    const m = marker();
    const id = `req-${marker('')}`;
    await post(envelopes({ event: `${m} a` }, { event: `${m} b` }), id);
    const events = await hecate.waitForEvents(m, 2);
    expect(events.map((e) => e['@requestId'])).toEqual([id, id]);
    const byId = await hecate.search(`@requestId="${id}"`);
    expect(byId.map((e) => e['@rawstring']).sort()).toEqual([`${m} a`, `${m} b`]);
  });

  it('stores a request twice when the retries carry different ids', async () => {
    const m = marker();
    const body = envelopes({ event: `${m} x` }, { event: `${m} y` });
    expect((await post(body, guid())).status).toBe(200);
    expect((await post(body, guid())).status).toBe(200);
    expect(await settledCount(m, 4)).toBe(4);
  });

  it('stores requests without an X-Request-Id every time', async () => {
    const m = marker();
    const body = envelopes({ event: m });
    for (let i = 0; i < 2; i++) {
      const reply = await hecate.hec('/services/collector/event', { body, headers: splunkAuth(connector.apiKey) });
      expect(reply.status).toBe(200);
    }
    expect(await settledCount(m, 2)).toBe(2);
  });

  it('does not treat the same id from another connector as a retry', async () => {
    const m = marker();
    const id = guid();
    const body = envelopes({ event: m });
    expect((await post(body, id, connector)).status).toBe(200);
    expect((await post(body, id, second)).status).toBe(200);
    const events = await hecate.waitForEvents(m, 2);
    expect(new Set(events.map((e) => e['#connector']))).toEqual(new Set([connector.name, second.name]));
    expect(await settledCount(m, 2)).toBe(2);
  });

  it('deduplicates retries on the raw endpoint', async () => {
    const m = marker();
    const id = guid();
    const first = await post(`${m} 1\n${m} 2\n`, id, connector, '/services/collector/raw');
    const retry = await post(`${m} 1\n${m} 2\n`, id, connector, '/services/collector/raw');
    expect([retry.status, retry.text]).toEqual([first.status, first.text]);
    expect(await settledCount(m, 2)).toBe(2);
  });

  it('answers a retry of a partly accepted batch with the original 400 and keeps the prefix once', async () => {
    const m = marker();
    const id = guid();
    const body = envelopes({ event: `${m} ok 1` }, { event: `${m} ok 2` }, { event: '' });
    const first = await post(body, id);
    const retry = await post(body, id);
    expect([first.status, first.text]).toEqual([400, eventBlankAt(2)]);
    expect([retry.status, retry.text]).toEqual([400, eventBlankAt(2)]);
    expect(await settledCount(m, 2)).toBe(2);
  });

  it('answers a retry on an ack channel with the original ackId', async () => {
    const m = marker();
    const id = guid();
    const channel = guid();
    const body = envelopes({ event: m });
    const first = await post(body, id, acked, '/services/collector/event', { 'x-splunk-request-channel': channel });
    const retry = await post(body, id, acked, '/services/collector/event', { 'x-splunk-request-channel': channel });
    expect(first.text).toBe(successWithAck(0));
    expect(retry.text).toBe(successWithAck(0));
    expect(await settledCount(m, 1)).toBe(1);
  });
});

describe('X-Request-Id deduplication across restarts', () => {
  it('still deduplicates a retry after a graceful restart', async () => {
    const m = marker();
    const id = guid();
    const body = envelopes({ event: `${m} 1` }, { event: `${m} 2` });
    const first = await post(body, id);
    expect(first.status).toBe(200);
    await hecate.waitForEvents(m, 2);
    expect(await hecate.stop()).toBe(0);
    await hecate.restart();
    const retry = await post(body, id);
    expect([retry.status, retry.text]).toEqual([first.status, first.text]);
    expect(await settledCount(m, 2)).toBe(2);
  });

  it('still deduplicates a retry after kill -9', async () => {
    const m = marker();
    const id = guid();
    const body = envelopes({ event: `${m} 1` }, { event: `${m} 2` }, { event: `${m} 3` });
    const first = await post(body, id);
    expect(first.status).toBe(200);
    await hecate.kill9();
    await hecate.restart();
    const retry = await post(body, id);
    expect([retry.status, retry.text]).toEqual([first.status, first.text]);
    expect(await settledCount(m, 3)).toBe(3);
  });
});
