/**
 * Protocol reference §2 (authentication): credential sources, evaluation order, token settings.
 * Connector settings stand in for the token settings of §2.4 (enabled, allowQueryStringAuth).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INVALID_AUTHORIZATION,
  INVALID_TOKEN,
  QUERY_AUTH_DISABLED,
  SUCCESS,
  TOKEN_DISABLED,
  TOKEN_REQUIRED,
  envelopes,
} from '../helpers/hec.js';
import { marker, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';

let hecate: Hecate;
/** Default token settings: query-string auth off. */
let plain: Connector;
/** allowQueryStringAuth = true. */
let queryAuth: Connector;
/** Disabled with PATCH {enabled:false}. */
let disabled: Connector;
/** Disabled and allowing query-string auth. */
let disabledQueryAuth: Connector;

const EVENT = '/services/collector/event';
const body = envelopes({ event: 'auth test' });
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
/** The same token with the case of every letter flipped. */
const swapCase = (token: string): string =>
  [...token].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');

async function disable(connector: Connector): Promise<void> {
  const reply = await hecate.api('PATCH', `/api/v1/connectors/${connector.id}`, { enabled: false });
  expect(reply.status).toBe(200);
}

beforeAll(async () => {
  hecate = await startHecate();
  plain = await hecate.createConnector({ name: marker('auth_plain_') });
  queryAuth = await hecate.createConnector({ name: marker('auth_qs_'), hec: { allowQueryStringAuth: true } });
  disabled = await hecate.createConnector({ name: marker('auth_disabled_') });
  disabledQueryAuth = await hecate.createConnector({ name: marker('auth_disabled_qs_'), hec: { allowQueryStringAuth: true } });
  await disable(disabled);
  await disable(disabledQueryAuth);
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('credential sources (§2.1)', () => {
  it.each([
    ['Splunk <token>', (t: string) => `Splunk ${t}`],
    ['splunk <token> (scheme in lower case)', (t: string) => `splunk ${t}`],
    ['SPLUNK <token> (scheme in upper case)', (t: string) => `SPLUNK ${t}`],
    ['Bearer <token>', (t: string) => `Bearer ${t}`],
    ['bearer <token> (scheme in lower case)', (t: string) => `bearer ${t}`],
    ['Basic x:<token>', (t: string) => basic('x', t)],
    ['Basic with any user name', (t: string) => basic('someone-else', t)],
    ['basic x:<token> (scheme in lower case)', (t: string) => basic('x', t).replace('Basic', 'basic')],
    ['Splunk with extra spaces around the token', (t: string) => `Splunk   ${t}  `],
  ])('accepts %s', async (_case, header) => {
    const reply = await hecate.hec(EVENT, { body, headers: { authorization: header(plain.apiKey) } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('accepts ?token= when the token allows query-string auth', async () => {
    const reply = await hecate.hec(EVENT, { body, query: { token: queryAuth.apiKey } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });
});

describe('missing and malformed credentials (§2.2)', () => {
  it('rejects a request without Authorization with 401 code 2', async () => {
    const reply = await hecate.hec(EVENT, { body });
    expect(reply.status).toBe(401);
    expect(reply.text).toBe(TOKEN_REQUIRED);
  });

  it('rejects an empty Authorization header with 401 code 2', async () => {
    const reply = await hecate.hec(EVENT, { body, headers: { authorization: '' } });
    expect(reply.status).toBe(401);
    expect(reply.text).toBe(TOKEN_REQUIRED);
  });

  it.each([
    ['the scheme without a token', () => 'Splunk '],
    ['Bearer without a token', () => 'Bearer'],
    ['a bare token with no scheme', () => plain.apiKey],
    ['an unknown scheme', () => `Digest ${plain.apiKey}`],
    ['Basic with an empty password', () => basic('x', '')],
    ['Basic without a colon', () => `Basic ${Buffer.from(plain.apiKey).toString('base64')}`],
  ])('rejects %s with 401 code 3', async (_case, header) => {
    const reply = await hecate.hec(EVENT, { body, headers: { authorization: header() } });
    expect(reply.status).toBe(401);
    expect(reply.text).toBe(INVALID_AUTHORIZATION);
  });
});

describe('token lookup (§2.2)', () => {
  it('rejects an unknown token with 403 code 4', async () => {
    const reply = await hecate.hec(EVENT, { body, headers: { authorization: 'Splunk 00000000-0000-0000-0000-000000000000' } });
    expect(reply.status).toBe(403);
    expect(reply.text).toBe(INVALID_TOKEN);
  });

  it('compares tokens case-sensitively', async () => {
    const flipped = swapCase(plain.apiKey);
    expect(flipped).not.toBe(plain.apiKey);
    const reply = await hecate.hec(EVENT, { body, headers: { authorization: `Splunk ${flipped}` } });
    expect(reply.status).toBe(403);
    expect(reply.text).toBe(INVALID_TOKEN);
  });

  it('authenticates before reading the body: a wrong token with an empty body is 403 code 4, not code 5', async () => {
    const reply = await hecate.hec(EVENT, { body: '', headers: { authorization: 'Splunk not-a-real-token' } });
    expect(reply.status).toBe(403);
    expect(reply.text).toBe(INVALID_TOKEN);
  });

  it('rejects a disabled connector with 403 code 1', async () => {
    const reply = await hecate.hec(EVENT, { body, headers: { authorization: `Splunk ${disabled.apiKey}` } });
    expect(reply.status).toBe(403);
    expect(reply.text).toBe(TOKEN_DISABLED);
  });

  it('accepts the key again once the connector is re-enabled', async () => {
    const connector = await hecate.createConnector({ name: marker('auth_toggle_') });
    await disable(connector);
    const off = await hecate.hec(EVENT, { body, headers: { authorization: `Splunk ${connector.apiKey}` } });
    const patch = await hecate.api('PATCH', `/api/v1/connectors/${connector.id}`, { enabled: true });
    const on = await hecate.hec(EVENT, { body, headers: { authorization: `Splunk ${connector.apiKey}` } });
    expect([off.status, off.text]).toEqual([403, TOKEN_DISABLED]);
    expect(patch.status).toBe(200);
    expect([on.status, on.text]).toEqual([200, SUCCESS]);
  });

  it('rejects the key of a deleted connector with 403 code 4', async () => {
    const connector = await hecate.createConnector({ name: marker('auth_deleted_') });
    const before = await hecate.hec(EVENT, { body, headers: { authorization: `Splunk ${connector.apiKey}` } });
    const deletion = await hecate.api('DELETE', `/api/v1/connectors/${connector.id}`);
    const after = await hecate.hec(EVENT, { body, headers: { authorization: `Splunk ${connector.apiKey}` } });
    expect(before.status).toBe(200);
    expect(deletion.status).toBeGreaterThanOrEqual(200);
    expect(deletion.status).toBeLessThan(300);
    expect([after.status, after.text]).toEqual([403, INVALID_TOKEN]);
  });

  it.each([
    ['/services/collector/raw', 'raw line'],
    ['/services/collector/ack', '{"acks":[0]}'],
  ])('authenticates %s too (no credential: 401 code 2)', async (path, payload) => {
    const reply = await hecate.hec(path, { body: payload });
    expect(reply.status).toBe(401);
    expect(reply.text).toBe(TOKEN_REQUIRED);
  });
});

describe('query-string tokens (§2.1, §2.2)', () => {
  it('rejects a valid ?token= with 400 code 16 when query-string auth is off', async () => {
    const reply = await hecate.hec(EVENT, { body, query: { token: plain.apiKey } });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(QUERY_AUTH_DISABLED);
  });

  it('checks the token before the query-string setting: an unknown ?token= is 403 code 4', async () => {
    const reply = await hecate.hec(EVENT, { body, query: { token: 'not-a-real-token' } });
    expect(reply.status).toBe(403);
    expect(reply.text).toBe(INVALID_TOKEN);
  });

  it('lets ?token= take precedence over a valid header (unknown query token: 403 code 4)', async () => {
    const reply = await hecate.hec(EVENT, {
      body,
      query: { token: 'not-a-real-token' },
      headers: { authorization: `Splunk ${plain.apiKey}` },
    });
    expect(reply.status).toBe(403);
    expect(reply.text).toBe(INVALID_TOKEN);
  });

  it('lets ?token= take precedence even when query-string auth is off (400 code 16 despite a valid header)', async () => {
    const reply = await hecate.hec(EVENT, {
      body,
      query: { token: plain.apiKey },
      headers: { authorization: `Splunk ${plain.apiKey}` },
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(QUERY_AUTH_DISABLED);
  });

  it('ignores a wrong header when ?token= is a valid query-string token', async () => {
    const reply = await hecate.hec(EVENT, {
      body,
      query: { token: queryAuth.apiKey },
      headers: { authorization: 'Splunk not-a-real-token' },
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('checks query-string auth before the disabled flag (disabled token via ?token= with the feature off: code 16)', async () => {
    const reply = await hecate.hec(EVENT, { body, query: { token: disabled.apiKey } });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(QUERY_AUTH_DISABLED);
  });

  it('rejects a disabled token sent as an allowed ?token= with 403 code 1', async () => {
    const reply = await hecate.hec(EVENT, { body, query: { token: disabledQueryAuth.apiKey } });
    expect(reply.status).toBe(403);
    expect(reply.text).toBe(TOKEN_DISABLED);
  });
});
