/**
 * Protocol reference §1 (endpoints and routing) and §11 steps 1–3 (route, then method, then auth).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_PATHS, HEALTHY, NOT_FOUND, RAW_PATHS, SUCCESS, envelopes } from '../helpers/hec.js';
import { marker, splunkAuth, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';

let hecate: Hecate;
let connector: Connector;

beforeAll(async () => {
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: marker('routing_'), parser: 'json' });
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('served paths (§1)', () => {
  it.each(EVENT_PATHS)('accepts a JSON event on %s', async (path) => {
    const reply = await hecate.hec(path, { body: envelopes({ event: 'routing' }), headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it.each(RAW_PATHS)('accepts raw text on %s', async (path) => {
    const reply = await hecate.hec(path, { body: 'a raw line\n', headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it.each(['/services/collector/health', '/services/collector/health/1.0'])('answers GET %s as healthy', async (path) => {
    const reply = await hecate.hec(path, { method: 'GET' });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(HEALTHY);
  });

  it('routes POST /services/collector/ack (answering code 14 for a token without acks)', async () => {
    const reply = await hecate.hec('/services/collector/ack', {
      body: '{"acks":[0]}',
      headers: splunkAuth(connector.apiKey),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe(14);
  });

  it('accepts a JSON event on the LogScale alias /api/v1/ingest/hec (SHOULD)', async () => {
    const reply = await hecate.hec('/api/v1/ingest/hec', { body: envelopes({ event: 'alias' }), headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('accepts raw text on the LogScale alias /api/v1/ingest/hec/raw (SHOULD)', async () => {
    const reply = await hecate.hec('/api/v1/ingest/hec/raw', { body: 'alias line', headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('ignores the query string when routing', async () => {
    const reply = await hecate.hec('/services/collector/event?foo=bar&x=1', {
      body: envelopes({ event: 'query' }),
      headers: splunkAuth(connector.apiKey),
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });
});

describe('unknown paths answer 404 with the splunkd body (§1)', () => {
  it.each([
    '/services/collector/mint',
    '/services/collector/mint/1.0',
    '/services/collector/s2s',
    '/services/collector/ack/1.0',
    '/services/collector/nonexistent',
    '/services/collector/event/',
    '/services/collector/event/2.0',
    '/services/collector/EVENT',
  ])('answers POST %s with 404', async (path) => {
    const reply = await hecate.hec(path, { body: envelopes({ event: 'x' }), headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(404);
    expect(reply.text).toBe(NOT_FOUND);
  });

  it('matches paths case-sensitively (/services/Collector/event is not HEC: 404)', async () => {
    const reply = await hecate.hec('/services/Collector/event', { body: envelopes({ event: 'x' }), headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(404);
  });

  it('answers 404 for an unknown path even without a token', async () => {
    const reply = await hecate.hec('/services/collector/mint', { body: envelopes({ event: 'x' }) });
    expect(reply.status).toBe(404);
    expect(reply.text).toBe(NOT_FOUND);
  });
});

describe('a known path with the wrong method answers 405 with the 404 body (§1)', () => {
  it.each([
    ['GET', '/services/collector'],
    ['GET', '/services/collector/event'],
    ['GET', '/services/collector/event/1.0'],
    ['GET', '/services/collector/raw'],
    ['PUT', '/services/collector/event'],
    ['DELETE', '/services/collector/raw'],
    ['GET', '/services/collector/ack'],
    ['POST', '/services/collector/health'],
    ['POST', '/services/collector/health/1.0'],
  ])('answers %s %s with 405', async (method, path) => {
    const reply = await hecate.hec(path, { method, headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(405);
    expect(reply.text).toBe(NOT_FOUND);
  });

  it('answers the wrong method with 405 before authenticating', async () => {
    const reply = await hecate.hec('/services/collector/event', { method: 'GET' });
    expect(reply.status).toBe(405);
    expect(reply.text).toBe(NOT_FOUND);
  });

  it('names the allowed method in an Allow header (SHOULD)', async () => {
    const onEvent = await hecate.hec('/services/collector/event', { method: 'GET' });
    const onHealth = await hecate.hec('/services/collector/health', { method: 'POST' });
    expect(String(onEvent.headers.allow)).toMatch(/\bPOST\b/);
    expect(String(onHealth.headers.allow)).toMatch(/\bGET\b/);
  });
});

describe('reply envelope (§3.1)', () => {
  it.each([
    ['a success', '/services/collector/event', 'POST', true],
    ['an auth failure', '/services/collector/event', 'POST', false],
    ['a 404', '/services/collector/mint', 'POST', true],
    ['a 405', '/services/collector/event', 'GET', true],
    ['the health check', '/services/collector/health', 'GET', false],
  ] as const)('labels %s as application/json', async (_case, path, method, withToken) => {
    const reply = await hecate.hec(path, {
      method,
      ...(method === 'POST' ? { body: envelopes({ event: 'ct' }) } : {}),
      headers: withToken ? splunkAuth(connector.apiKey) : {},
    });
    expect(String(reply.headers['content-type'])).toMatch(/^application\/json\b/);
    expect(reply.body).toBeTypeOf('object');
  });
});
