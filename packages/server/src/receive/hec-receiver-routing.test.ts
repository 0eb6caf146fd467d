import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHecUrl } from './routes.js';
import { connector, splunk, startHarness, type Harness } from './test-harness.js';

const NOT_FOUND = '{"text":"The requested URL was not found on this server.","code":404}';
const SUCCESS = '{"text":"Success","code":0}';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.keys.set('key', connector('c1'));
});
afterAll(() => h.close());

describe('HEC routing', () => {
  it.each([
    ['/services/collector', '{"event":"x"}'],
    ['/services/collector/1.0', '{"event":"x"}'],
    ['/services/collector/event', '{"event":"x"}'],
    ['/services/collector/event/1.0', '{"event":"x"}'],
    ['/services/collector/raw', 'line'],
    ['/services/collector/raw/1.0', 'line'],
    ['/api/v1/ingest/hec', '{"event":"x"}'],
    ['/api/v1/ingest/hec/raw', 'line'],
    ['/services/collector/event?foo=bar', '{"event":"x"}'],
  ])('accepts POST %s', async (path, body) => {
    const reply = await h.send(path, { body, headers: splunk('key') });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it.each([
    '/services/collector/mint',
    '/services/collector/s2s',
    '/services/collector/ack/1.0',
    '/services/collector/event/',
    '/services/collector/EVENT',
  ])('answers %s with 404 and the splunkd body, even without a token', async (path) => {
    const reply = await h.send(path, { body: '{"event":"x"}' });
    expect(reply.status).toBe(404);
    expect(reply.text).toBe(NOT_FOUND);
  });

  it.each([
    ['GET', '/services/collector', 'POST'],
    ['GET', '/services/collector/raw', 'POST'],
    ['PUT', '/services/collector/event', 'POST'],
    ['GET', '/services/collector/ack', 'POST'],
    ['POST', '/services/collector/health', 'GET, HEAD'],
    ['POST', '/services/collector/health/1.0', 'GET, HEAD'],
  ])('answers %s %s with 405, the 404 body and Allow: %s', async (method, path, allow) => {
    const reply = await h.send(path, { method });
    expect(reply.status).toBe(405);
    expect(reply.text).toBe(NOT_FOUND);
    expect(reply.headers.allow).toBe(allow);
  });

  it('leaves paths outside HEC to the next handler', async () => {
    const reply = await h.send('/api/v1/search', { method: 'GET' });
    expect(reply.status).toBe(418);
  });

  it('sends JSON with the splunkd Content-Type on every HEC reply', async () => {
    for (const reply of [
      await h.send('/services/collector/mint'),
      await h.send('/services/collector', { method: 'GET' }),
      await h.send('/services/collector', { body: '{"event":"x"}' }),
      await h.send('/services/collector/health', { method: 'GET' }),
    ]) {
      expect(reply.headers['content-type']).toBe('application/json; charset=UTF-8');
      expect(typeof reply.body).toBe('object');
    }
  });
});

describe('isHecUrl (which answer a request gets while the server shuts down)', () => {
  it('is true for HEC paths, the LogScale aliases under /api/ and unknown paths under /services/collector/', () => {
    for (const url of ['/services/collector', '/services/collector/raw?host=a', '/api/v1/ingest/hec', '/api/v1/ingest/hec/raw?x=1', '/services/collector/mint']) {
      expect(isHecUrl(url), url).toBe(true);
    }
  });

  it('is false for the management API and the console', () => {
    for (const url of ['/api/v1/connectors', '/api/v1/ingest', '/api/v1/ingest/hec/x', '/', '/services/collectorx']) {
      expect(isHecUrl(url), url).toBe(false);
    }
  });
});

describe('HEC health', () => {
  it.each(['/services/collector/health', '/services/collector/health/1.0'])(
    'answers GET %s with code 17 and ignores the token',
    async (path) => {
      const reply = await h.send(path, { method: 'GET', headers: splunk('wrong') });
      expect(reply.status).toBe(200);
      expect(reply.text).toBe('{"text":"HEC is healthy","code":17}');
    },
  );

  it('answers 503 code 18 while the pipeline is busy', async () => {
    h.busy = true;
    try {
      const reply = await h.send('/services/collector/health', { method: 'GET' });
      expect(reply.status).toBe(503);
      expect(reply.text).toBe('{"text":"HEC is unhealthy, queues are full","code":18}');
    } finally {
      h.busy = false;
    }
  });
});
