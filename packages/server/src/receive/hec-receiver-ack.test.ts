import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connector, GUID, GUID2, splunk, startHarness, TEST_LIMITS, type Harness } from './test-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.keys.set('ack', connector('c1', { useAck: true }));
  h.keys.set('noack', connector('c2'));
});
afterAll(() => h.close());
beforeEach(() => {
  h.onIngest = () => {};
});

const channelHeaders = (channel: string, key = 'ack') => ({ ...splunk(key), 'x-splunk-request-channel': channel });
const postEvent = (channel: string, body = '{"event":"x"}') => h.send('/services/collector', { body, headers: channelHeaders(channel) });
const queryAcks = (channel: string, acks: unknown, key = 'ack') =>
  h.send('/services/collector/ack', { body: JSON.stringify({ acks }), headers: channelHeaders(channel, key) });

describe('indexer acknowledgement', () => {
  it('issues ackIds per channel from 0, one per request, on event and raw', async () => {
    const channel = '00000000-0000-0000-0000-000000000001';
    const replies = [
      await postEvent(channel, '{"event":"a"}{"event":"b"}'),
      await h.send('/services/collector/raw', { body: 'l1\nl2', headers: channelHeaders(channel) }),
      await postEvent(channel),
    ];
    expect(replies.map((r) => r.text)).toEqual([0, 1, 2].map((id) => `{"text":"Success","code":0,"ackId":${id}}`));
    expect((await postEvent('00000000-0000-0000-0000-000000000002')).body.ackId).toBe(0);
  });

  it('reports committed ids true once, in request order, unknown ids false, duplicates once', async () => {
    const channel = '00000000-0000-0000-0000-000000000003';
    await postEvent(channel);
    await postEvent(channel);
    const first = await queryAcks(channel, [1, 7, 0, 1]);
    expect(first.status).toBe(200);
    expect(first.text).toBe('{"acks":{"1":true,"7":false,"0":true}}');
    expect((await queryAcks(channel, [0, 1])).text).toBe('{"acks":{"0":false,"1":false}}');
  });

  it('treats the channel case-insensitively', async () => {
    const channel = 'abcdef00-0000-0000-0000-000000000004';
    await postEvent(channel.toUpperCase());
    expect((await queryAcks(channel, [0])).body).toEqual({ acks: { '0': true } });
  });

  it('keeps an id false when its commit failed', async () => {
    const channel = '00000000-0000-0000-0000-000000000005';
    h.onIngest = () => Promise.reject(new Error('boom'));
    expect((await postEvent(channel)).status).toBe(500);
    h.onIngest = () => {};
    const next = await postEvent(channel);
    expect(next.body.ackId).toBe(1);
    expect((await queryAcks(channel, [0, 1])).text).toBe('{"acks":{"0":false,"1":true}}');
  });

  it('answers for ids of another channel with false', async () => {
    await postEvent(GUID);
    expect((await queryAcks(GUID2, [0])).text).toBe('{"acks":{"0":false}}');
  });

  it('accepts a gzip ack body', async () => {
    const channel = '00000000-0000-0000-0000-000000000006';
    await postEvent(channel);
    const reply = await h.send('/services/collector/ack', {
      body: gzipSync('{"acks":[0]}'),
      headers: { ...channelHeaders(channel), 'content-encoding': 'gzip' },
    });
    expect(reply.text).toBe('{"acks":{"0":true}}');
  });

  it.each([
    ['no body', ''],
    ['not JSON', '{acks'],
    ['no acks member', '{}'],
    ['an empty list', '{"acks":[]}'],
    ['a negative id', '{"acks":[-1]}'],
    ['a fractional id', '{"acks":[1.5]}'],
    ['a string id', '{"acks":["0"]}'],
    ['an array body', '[0]'],
  ])('rejects an ack body with %s as 400 code 6', async (_label, body) => {
    const reply = await h.send('/services/collector/ack', { body, headers: channelHeaders(GUID) });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe('{"text":"Invalid data format","code":6}');
  });

  it.each([
    ['ack disabled, no channel', 'noack', {}, 14],
    ['ack disabled, channel given', 'noack', { 'x-splunk-request-channel': GUID }, 14],
    ['ack enabled, no channel', 'ack', {}, 10],
    ['ack enabled, empty channel', 'ack', { 'x-splunk-request-channel': '' }, 10],
    ['ack enabled, invalid channel', 'ack', { 'x-splunk-request-channel': 'nope' }, 11],
  ])('answers the ack endpoint with %s with code %i', async (_label, key, headers, code) => {
    const reply = await h.send('/services/collector/ack', { body: '{"acks":[0]}', headers: { ...splunk(key), ...headers } });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe(code);
  });

  it('requires a channel for a useAck connector before reading the body', async () => {
    const reply = await h.send('/services/collector/event', { body: '', headers: splunk('ack') });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe('{"text":"Data channel is missing","code":10}');
  });

  it('answers no ackId for a connector without acks, even with a channel', async () => {
    const reply = await h.send('/services/collector', { body: '{"event":"x"}', headers: channelHeaders(GUID, 'noack') });
    expect(reply.text).toBe('{"text":"Success","code":0}');
  });
});

describe('ack channel limits', () => {
  it('answers 503 code 9 for a new channel beyond the limit, and accepts again once idle channels expire', async () => {
    const fresh = await startHarness({ maxAckChannels: 2, ackChannelIdleMs: 1000 });
    try {
      fresh.keys.set('ack', connector('c1', { useAck: true }));
      const send = (channel: string) =>
        fresh.send('/services/collector', { body: '{"event":"x"}', headers: channelHeaders(channel) });
      expect((await send(GUID)).status).toBe(200);
      expect((await send(GUID2)).status).toBe(200);
      const third = '33333333-0000-0000-0000-000000000000';
      const refused = await send(third);
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({ text: 'Server is busy', code: 9 });
      expect(fresh.calls).toHaveLength(2);
      expect((await send(GUID)).status).toBe(200);
      fresh.clock += 1001;
      expect((await send(third)).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('evicts the oldest pending ack past the per-channel limit', async () => {
    const channel = '00000000-0000-0000-0000-000000000007';
    for (let i = 0; i <= TEST_LIMITS.maxPendingAcksPerChannel; i++) await postEvent(channel);
    const ids = Array.from({ length: TEST_LIMITS.maxPendingAcksPerChannel + 1 }, (_, i) => i);
    const reply = await queryAcks(channel, ids);
    expect(Object.values(reply.body.acks as Record<string, boolean>)).toEqual([false, true, true, true]);
  });
});
