/**
 * The structured log at HECATE_LOG_LEVEL=debug: one access line per management API request, a debug
 * line per rejected HEC request, nothing per accepted HEC request, and never a secret.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, splunkAuth, startHecate, type Connector, type Hecate } from '../helpers/server.js';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

let hecate: Hecate;
let connector: Connector;
const wrongKey = randomUUID();
let rejectedStatuses: number[] = [];

beforeAll(async () => {
  hecate = await startHecate({ env: { HECATE_LOG_LEVEL: 'debug' } });
  connector = await hecate.createConnector({ name: marker('logs'), hec: { allowQueryStringAuth: true } });
  const mark = marker();
  const accepted = [
    await hecate.hec('/services/collector/event', { headers: splunkAuth(connector.apiKey), body: JSON.stringify({ event: mark }) }),
    await hecate.hec(`/services/collector/event?token=${connector.apiKey}`, { body: JSON.stringify({ event: mark }) }),
    await hecate.hec('/services/collector/raw', { headers: { authorization: `Bearer ${connector.apiKey}` }, body: mark }),
  ];
  expect(accepted.map((r) => r.status)).toEqual([200, 200, 200]);
  const rejected = [
    await hecate.hec('/services/collector/event', { headers: splunkAuth(wrongKey), body: '{"event":"x"}' }),
    await hecate.hec(`/services/collector/event?token=${wrongKey}`, { body: '{"event":"x"}' }),
    await hecate.hec('/services/collector/event', { headers: splunkAuth(connector.apiKey), body: '{"event":' }),
  ];
  expect(rejected.map((r) => r.body.code)).toEqual([4, 4, 6]);
  rejectedStatuses = rejected.map((r) => r.status);
  expect((await hecate.api('GET', `/api/v1/connectors?token=${hecate.adminToken}`)).status).toBe(200);
  await hecate.waitForEvents(mark, 3);
  const anonymous = await fetch(`${hecate.url}/api/v1/connectors`, { headers: { authorization: `Bearer ${wrongKey}` } });
  expect(anonymous.status).toBe(401);
  // pino writes synchronously; give the pipe to the harness a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
});

afterAll(async () => {
  await hecate?.dispose();
});

function logLines(): LogLine[] {
  return hecate
    .logs()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe('the server log', () => {
  it('holds no API key, wrong key, session token or password, even at debug', () => {
    const output = hecate.logs();
    expect(logLines().some((line) => line.level === 20)).toBe(true);
    for (const secret of [connector.apiKey, wrongKey, hecate.adminToken, hecate.adminPassword]) {
      expect(output).not.toContain(secret);
    }
  });

  it('writes one info access line per API request: method, path without query, status, ms, user', () => {
    const access = logLines().filter((line) => line.msg === 'api request');
    const listing = access.filter((line) => line.method === 'GET' && line.path === '/api/v1/connectors');
    expect(listing).toHaveLength(2);
    expect(listing[0]).toMatchObject({ level: 30, status: 200, user: 'admin' });
    expect(typeof listing[0]?.ms).toBe('number');
    expect(listing[1]).toMatchObject({ level: 30, status: 401, user: null });
    expect(access.some((line) => line.path === '/api/v1/auth/login' && line.status === 200)).toBe(true);
    expect(access.every((line) => typeof line.path === 'string' && !line.path.includes('?'))).toBe(true);
  });

  it('writes a debug line per rejected HEC request with its code, and nothing for accepted ones', () => {
    const rejected = logLines().filter((line) => line.msg === 'hec request rejected');
    expect(rejected.map((line) => [line.level, line.status, line.code])).toEqual([
      [20, rejectedStatuses[0], 4],
      [20, rejectedStatuses[1], 4],
      [20, 400, 6],
    ]);
    const hecLines = logLines().filter((line) => JSON.stringify(line).includes('collector') || line.endpoint !== undefined);
    expect(hecLines).toEqual(rejected);
  });
});
