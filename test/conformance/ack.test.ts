/**
 * Protocol reference §7 (indexer acknowledgement) and §11 steps 4–6: channels, ackId issuance,
 * the /ack query, and the order of the checks. Every test uses its own fresh channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACK_DISABLED,
  CHANNEL_MISSING,
  INVALID_CHANNEL,
  INVALID_DATA_FORMAT,
  SUCCESS,
  envelopes,
  eventBlankAt,
  gzip,
  successWithAck,
} from '../helpers/hec.js';
import { guid, marker, splunkAuth, startHecate } from '../helpers/server.js';
import type { Connector, Hecate, HttpReply } from '../helpers/server.js';

let hecate: Hecate;
/** useAck = true */
let acked: Connector;
/** useAck = false */
let plain: Connector;

const EVENT = '/services/collector/event';
const RAW = '/services/collector/raw';
const ACK = '/services/collector/ack';
const CHANNEL_HEADER = 'x-splunk-request-channel';

function send(channel: string | undefined, body = envelopes({ event: 'acked event' }), path = EVENT, connector = acked): Promise<HttpReply> {
  return hecate.hec(path, {
    body,
    headers: { ...splunkAuth(connector.apiKey), ...(channel === undefined ? {} : { [CHANNEL_HEADER]: channel }) },
  });
}

function queryAcks(channel: string | undefined, body: string | Buffer, extraHeaders: Record<string, string> = {}, connector = acked): Promise<HttpReply> {
  return hecate.hec(ACK, {
    body,
    headers: { ...splunkAuth(connector.apiKey), ...(channel === undefined ? {} : { [CHANNEL_HEADER]: channel }), ...extraHeaders },
  });
}

/** Polls one ack id until it reads true (reading true consumes it), up to 3 s. */
async function waitAcked(channel: string, ackId: number): Promise<boolean> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const reply = await queryAcks(channel, JSON.stringify({ acks: [ackId] }));
    if (reply.body.acks?.[String(ackId)] === true) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  hecate = await startHecate();
  acked = await hecate.createConnector({ name: marker('ack_on_'), hec: { useAck: true } });
  plain = await hecate.createConnector({ name: marker('ack_off_') });
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('channels (§7.1, §7.2)', () => {
  it.each([
    ['/event', EVENT, envelopes({ event: 'x' })],
    ['/raw', RAW, 'raw line'],
  ])('requires a channel on %s when the token uses acks (400 code 10)', async (_case, path, body) => {
    const reply = await send(undefined, body, path);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(CHANNEL_MISSING);
  });

  it('checks the channel before the body: an empty body without a channel is code 10, not code 5', async () => {
    const reply = await send(undefined, '');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(CHANNEL_MISSING);
  });

  it('rejects a channel header that is present but empty with code 10', async () => {
    const reply = await send('');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(CHANNEL_MISSING);
  });

  it.each([
    ['a word', 'invalid-id'],
    ['a GUID without dashes', '0123456789abcdef0123456789abcdef'],
    ['a GUID with a bad character', 'g1234567-89ab-cdef-0123-456789abcdef'],
    ['a GUID in braces', '{01234567-89ab-cdef-0123-456789abcdef}'],
  ])('rejects a channel that is %s with code 11', async (_case, channel) => {
    const reply = await send(channel);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(INVALID_CHANNEL);
  });

  it('validates a channel even when the token does not use acks', async () => {
    const reply = await send('invalid-id', envelopes({ event: 'x' }), EVENT, plain);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(INVALID_CHANNEL);
  });

  it('returns no ackId when the token does not use acks, even with a valid channel', async () => {
    const reply = await send(guid(), envelopes({ event: 'x' }), EVENT, plain);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('takes the channel from the query when there is no header', async () => {
    const reply = await hecate.hec(EVENT, { body: envelopes({ event: 'q' }), query: { channel: guid() }, headers: splunkAuth(acked.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(successWithAck(0));
  });

  it('prefers the header channel over the query channel', async () => {
    const reply = await hecate.hec(EVENT, {
      body: envelopes({ event: 'h' }),
      query: { channel: 'not-a-guid' },
      headers: { ...splunkAuth(acked.apiKey), [CHANNEL_HEADER]: guid() },
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(successWithAck(0));
  });

  it('accepts an upper-case GUID channel', async () => {
    const reply = await send(guid().toUpperCase());
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(successWithAck(0));
  });
});

describe('ackId issuance (§7.3)', () => {
  it('numbers the requests of a channel 0, 1, 2', async () => {
    const channel = guid();
    const replies = [await send(channel), await send(channel), await send(channel)];
    expect(replies.map((r) => [r.status, r.text])).toEqual([
      [200, successWithAck(0)],
      [200, successWithAck(1)],
      [200, successWithAck(2)],
    ]);
  });

  it('gives each channel its own sequence', async () => {
    const first = guid();
    const second = guid();
    await send(first);
    await send(first);
    const reply = await send(second);
    expect(reply.text).toBe(successWithAck(0));
  });

  it('issues one id per request, not per event', async () => {
    const channel = guid();
    const a = await send(channel, envelopes({ event: '1' }, { event: '2' }, { event: '3' }));
    const b = await send(channel, envelopes({ event: '4' }));
    expect([a.body.ackId, b.body.ackId]).toEqual([0, 1]);
  });

  it('issues one id for a raw request of many lines', async () => {
    const channel = guid();
    const a = await send(channel, 'l1\nl2\nl3\n', RAW);
    const b = await send(channel, 'l4', RAW);
    expect([a.status, a.text]).toEqual([200, successWithAck(0)]);
    expect(b.text).toBe(successWithAck(1));
  });

  it('issues no id for a request that was rejected whole, so the next success still gets 0', async () => {
    const channel = guid();
    const rejected = await send(channel, envelopes({ event: '' }));
    const accepted = await send(channel);
    expect([rejected.status, rejected.text]).toEqual([400, eventBlankAt(0)]);
    expect(accepted.text).toBe(successWithAck(0));
  });

  it('shares the sequence between /event and /raw on one channel', async () => {
    const channel = guid();
    const a = await send(channel);
    const b = await send(channel, 'raw line', RAW);
    expect([a.body.ackId, b.body.ackId]).toEqual([0, 1]);
  });
});

describe('the ack query (§7.4)', () => {
  it('reports the ids of committed requests as true', async () => {
    const channel = guid();
    await send(channel);
    await send(channel);
    const reply = await queryAcks(channel, '{"acks":[0,1]}');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"acks":{"0":true,"1":true}}');
  });

  it('reports never-issued ids as false', async () => {
    const channel = guid();
    await send(channel);
    const reply = await queryAcks(channel, '{"acks":[0,5,1000]}');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ acks: { '0': true, '5': false, '1000': false } });
  });

  it('lists the statuses in request order', async () => {
    const channel = guid();
    await send(channel);
    await send(channel);
    await send(channel);
    const reply = await queryAcks(channel, '{"acks":[2,0,1]}');
    expect(reply.text).toBe('{"acks":{"2":true,"0":true,"1":true}}');
  });

  it('answers a duplicated id with one key', async () => {
    const channel = guid();
    await send(channel);
    const reply = await queryAcks(channel, '{"acks":[0,0]}');
    expect(reply.text).toBe('{"acks":{"0":true}}');
  });

  it('forgets an id once it has been reported true', async () => {
    const channel = guid();
    await send(channel);
    expect(await waitAcked(channel, 0)).toBe(true);
    const again = await queryAcks(channel, '{"acks":[0]}');
    expect(again.text).toBe('{"acks":{"0":false}}');
  });

  it('does not report the ids of one channel on another', async () => {
    const issuing = guid();
    await send(issuing);
    const reply = await queryAcks(guid(), '{"acks":[0]}');
    expect(reply.text).toBe('{"acks":{"0":false}}');
    expect(await waitAcked(issuing, 0)).toBe(true);
  });

  it('answers an unknown channel with all false and does not create it', async () => {
    const channel = guid();
    const query = await queryAcks(channel, '{"acks":[0,1]}');
    const first = await send(channel);
    expect(query.text).toBe('{"acks":{"0":false,"1":false}}');
    expect(first.text).toBe(successWithAck(0));
  });

  it('compares channels case-insensitively', async () => {
    const channel = guid();
    await send(channel.toLowerCase());
    expect(await waitAcked(channel.toUpperCase(), 0)).toBe(true);
  });

  it('accepts the channel of an ack query in the query string', async () => {
    const channel = guid();
    await send(channel);
    const reply = await hecate.hec(ACK, { body: '{"acks":[0]}', query: { channel }, headers: splunkAuth(acked.apiKey) });
    expect(reply.text).toBe('{"acks":{"0":true}}');
  });

  it('accepts a gzip ack query body', async () => {
    const channel = guid();
    await send(channel);
    const reply = await queryAcks(channel, gzip('{"acks":[0]}'), { 'content-encoding': 'gzip' });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"acks":{"0":true}}');
  });

  it('ignores the Content-Type of an ack query', async () => {
    const channel = guid();
    await send(channel);
    const reply = await queryAcks(channel, '{"acks":[0]}', { 'content-type': 'text/plain' });
    expect(reply.text).toBe('{"acks":{"0":true}}');
  });

  it.each([
    ['a body that is not JSON', 'acks please'],
    ['an empty body', ''],
    ['an object without acks', '{}'],
    ['an empty acks list', '{"acks":[]}'],
    ['acks that are strings', '{"acks":["0"]}'],
    ['acks that are fractions', '{"acks":[1.5]}'],
    ['acks that are not a list', '{"acks":0}'],
  ])('rejects %s with 400 code 6', async (_case, body) => {
    const reply = await queryAcks(guid(), body);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(INVALID_DATA_FORMAT);
  });
});

describe('the order of the ack checks (§7.4, §11 step 5)', () => {
  it('answers code 14 on a token without acks', async () => {
    const reply = await queryAcks(guid(), '{"acks":[0]}', {}, plain);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(ACK_DISABLED);
  });

  it('answers code 14 before checking for a missing channel', async () => {
    const reply = await queryAcks(undefined, '{"acks":[0]}', {}, plain);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(ACK_DISABLED);
  });

  it('answers code 14 before reading the body', async () => {
    const reply = await queryAcks(guid(), 'not json', {}, plain);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(ACK_DISABLED);
  });

  it('answers a missing channel with code 10 before reading the body', async () => {
    const reply = await queryAcks(undefined, 'not json');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(CHANNEL_MISSING);
  });

  it('answers an invalid channel with code 11 before reading the body', async () => {
    const reply = await queryAcks('invalid-id', 'not json');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(INVALID_CHANNEL);
  });

  it('authenticates before everything else (unknown token: 403 code 4)', async () => {
    const reply = await hecate.hec(ACK, { body: 'not json', headers: { authorization: 'Splunk nope', [CHANNEL_HEADER]: 'invalid-id' } });
    expect(reply.status).toBe(403);
    expect(reply.body.code).toBe(4);
  });
});
