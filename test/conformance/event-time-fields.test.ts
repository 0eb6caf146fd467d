/**
 * Protocol reference §4.4 (`time`) and §4.5 (`fields`): what is accepted and what is code 15.
 * What the accepted values turn into is checked through search in stored-events.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUCCESS, envelopes, indexedFieldsAt } from '../helpers/hec.js';
import { marker, splunkAuth, startHecate } from '../helpers/server.js';
import type { Connector, Hecate, HttpReply } from '../helpers/server.js';

let hecate: Hecate;
let connector: Connector;

function post(body: string): Promise<HttpReply> {
  return hecate.hec('/services/collector/event', { body, headers: splunkAuth(connector.apiKey) });
}

beforeAll(async () => {
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: marker('timefields_') });
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('time (§4.4)', () => {
  it.each([
    ['integer epoch seconds', 1700000000],
    ['fractional epoch seconds', 1433188255.5],
    ['millisecond precision', 1700000000.123],
    ['a numeric string', '1700000000'],
    ['a fractional numeric string', '1700000000.5'],
    ['null (treated as absent)', null],
    ['a boolean (treated as absent)', true],
  ])('accepts time as %s', async (_case, time) => {
    const reply = await post(envelopes({ event: 'timed', time }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('accepts an envelope without time', async () => {
    const reply = await post(envelopes({ event: 'untimed' }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it.each([
    ['a word', 'yesterday'],
    ['an ISO-8601 date', '2026-01-01T00:00:00Z'],
    ['an empty string', ''],
    ['a number followed by text', '1700000000abc'],
  ])('rejects time as %s with code 15', async (_case, time) => {
    const reply = await post(envelopes({ event: 'bad time', time }));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(indexedFieldsAt(0));
  });

  it('reports a non-numeric time in the second envelope at position 1', async () => {
    const reply = await post(envelopes({ event: 'ok', time: 1700000000 }, { event: 'bad', time: 'noon' }));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(indexedFieldsAt(1));
  });
});

describe('indexed fields (§4.5)', () => {
  it.each([
    ['string values', { user: 'alice', action: 'login' }],
    ['number and boolean values', { n: 1, f: 1.5, ok: true, zero: 0 }],
    ['an array of scalars', { list: [1, 2, 3] }],
    ['an array of mixed scalars', { list: ['a', 1, false] }],
    ['null values (dropped)', { gone: null, kept: 'yes' }],
    ['tag keys starting with #', { '#env': 'prod' }],
    ['an empty object', {}],
  ])('accepts fields with %s', async (_case, fields) => {
    const reply = await post(envelopes({ event: 'with fields', fields }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it.each([
    ['an object value', { nested: { a: 1 } }],
    ['an empty object value', { nested: {} }],
    ['an array inside an array', { list: [1, [1, 2]] }],
    ['an object inside an array', { list: [{ key: 'value' }] }],
  ])('rejects fields with %s with code 15', async (_case, fields) => {
    const reply = await post(envelopes({ event: 'nested fields', fields }));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(indexedFieldsAt(0));
  });

  it('reports nested fields in the third envelope at position 2', async () => {
    const reply = await post(envelopes({ event: 'a' }, { event: 'b', fields: { ok: 1 } }, { event: 'c', fields: { bad: { x: 1 } } }));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(indexedFieldsAt(2));
  });
});

describe('metadata keys (§4.2)', () => {
  it('accepts host, source, sourcetype and index strings', async () => {
    const reply = await post(envelopes({ event: 'meta', host: 'web-1', source: '/var/log/app.log', sourcetype: 'applog', index: 'main' }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it.each([
    ['/services/collector/event?host=qh&source=qs&sourcetype=qt&index=qi'],
    ['/services/collector/event?auto_extract_timestamp=true'],
    ['/services/collector/event?time=1700000000'],
  ])('accepts the query parameters of %s', async (path) => {
    const reply = await hecate.hec(path, { body: envelopes({ event: 'query meta' }), headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });
});
