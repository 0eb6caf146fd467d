/**
 * Protocol reference §5 (raw endpoint): replies. Line splitting and query metadata are checked
 * through search in stored-events.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_DATA_FORMAT, NO_DATA, RAW_PATHS, SUCCESS, gzip } from '../helpers/hec.js';
import { marker, splunkAuth, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';

let hecate: Hecate;
let connector: Connector;
let restricted: Connector;

const RAW = '/services/collector/raw';

beforeAll(async () => {
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: marker('raw_open_'), parser: 'raw' });
  restricted = await hecate.createConnector({ name: marker('raw_restricted_'), parser: 'raw', hec: { indexes: ['allowed'], defaultIndex: 'allowed' } });
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('raw bodies (§5)', () => {
  it.each(RAW_PATHS)('answers a line on %s with the exact success body', async (path) => {
    const reply = await hecate.hec(path, { body: 'one line', headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it.each([
    ['several lines split by \\n', 'a\nb\nc\n'],
    ['lines split by \\r\\n', 'a\r\nb\r\n'],
    ['lines split by \\r', 'a\rb\r'],
    ['a JSON envelope (stored as text, not parsed)', '{"event":""}'],
    ['text that is not JSON at all', '<134>Oct 11 22:14:15 host app: {not json'],
    ['lines with blank lines between them', 'a\n\n\nb'],
  ])('accepts %s', async (_case, body) => {
    const reply = await hecate.hec(RAW, { body, headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('rejects an empty body with 400 code 5', async () => {
    const reply = await hecate.hec(RAW, { body: '', headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(NO_DATA);
  });

  it('rejects a gzip body that is empty after decompression with 400 code 5', async () => {
    const reply = await hecate.hec(RAW, {
      body: gzip(''),
      headers: { ...splunkAuth(connector.apiKey), 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(NO_DATA);
  });

  it.each([
    ['no Content-Type', {}],
    ['text/plain', { 'content-type': 'text/plain; charset=utf-8' }],
    ['application/json', { 'content-type': 'application/json' }],
    ['application/x-www-form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }],
  ])('ignores the Content-Type (%s)', async (_case, headers) => {
    const reply = await hecate.hec(RAW, { body: 'typed line', headers: { ...splunkAuth(connector.apiKey), ...headers } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('does not require a channel when the token does not use acks', async () => {
    const reply = await hecate.hec(RAW, { body: 'no channel', headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.body.ackId).toBeUndefined();
  });
});

describe('raw query parameters (§5)', () => {
  it('accepts host, source, sourcetype, index and time in the query', async () => {
    const reply = await hecate.hec(RAW, {
      body: 'with metadata',
      query: { host: 'h1', source: 's1', sourcetype: 'st1', index: 'main', time: '1700000000' },
      headers: splunkAuth(connector.apiKey),
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it.each([
    ['a word', 'abc'],
    ['a negative number', '-5'],
    ['a fraction', '1700000000.5'],
  ])('rejects a query time that is %s (%s) with 400 code 6', async (_case, time) => {
    const reply = await hecate.hec(RAW, { body: 'bad time', query: { time }, headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(INVALID_DATA_FORMAT);
  });

  it('rejects an index outside the allow-list with code 7', async () => {
    const reply = await hecate.hec(RAW, { body: 'bad index', query: { index: 'bad' }, headers: splunkAuth(restricted.apiKey) });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe(7);
    expect(reply.body.text).toBe('Incorrect index');
  });

  it('accepts an index inside the allow-list', async () => {
    const reply = await hecate.hec(RAW, { body: 'good index', query: { index: 'allowed' }, headers: splunkAuth(restricted.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });
});
