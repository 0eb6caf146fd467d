/**
 * Protocol reference §8 (health). The default mode ignores credentials entirely.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY } from '../helpers/hec.js';
import { marker, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';

let hecate: Hecate;
let connector: Connector;

beforeAll(async () => {
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: marker('health_') });
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('health (§8)', () => {
  it.each(['/services/collector/health', '/services/collector/health/1.0'])('answers GET %s with 200 code 17 as JSON', async (path) => {
    const reply = await hecate.hec(path, { method: 'GET' });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(HEALTHY);
    expect(String(reply.headers['content-type'])).toMatch(/^application\/json\b/);
  });

  it.each([
    ['a valid token', () => `Splunk ${connector.apiKey}`],
    ['an unknown token', () => 'Splunk 00000000-0000-0000-0000-000000000000'],
    ['a malformed Authorization header', () => 'nonsense'],
  ])('ignores %s', async (_case, header) => {
    const reply = await hecate.hec('/services/collector/health/1.0', { method: 'GET', headers: { authorization: header() } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(HEALTHY);
  });

  it('ignores a ?token= for a token without query-string auth', async () => {
    const reply = await hecate.hec('/services/collector/health', { method: 'GET', query: { token: connector.apiKey } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(HEALTHY);
  });

  it.each(['true', '1'])('answers ?ack=%s with 200 code 17 while the ack service is up', async (ack) => {
    const reply = await hecate.hec('/services/collector/health', { method: 'GET', query: { ack } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(HEALTHY);
  });

  it('answers a disabled connector key with 200 as well', async () => {
    const paused = await hecate.createConnector({ name: marker('health_paused_') });
    await hecate.api('PATCH', `/api/v1/connectors/${paused.id}`, { enabled: false });
    const reply = await hecate.hec('/services/collector/health', { method: 'GET', headers: { authorization: `Splunk ${paused.apiKey}` } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(HEALTHY);
  });
});
