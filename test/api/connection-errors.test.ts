/**
 * Rejected HEC requests of known connectors are searchable in #repo=connection_errors (docs/troubleshooting.md),
 * rate limited under a flood, and requests with unknown keys are never stored. Real binary, real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, splunkAuth, startHecate, type Connector, type Hecate, type SearchEvent } from '../helpers/server.js';

const MAX_CONTENT_LENGTH = 4096;

let hecate: Hecate;
let fw: Connector;

beforeAll(async () => {
  hecate = await startHecate({ env: { HECATE_MAX_CONTENT_LENGTH: String(MAX_CONTENT_LENGTH) } });
  fw = await hecate.createConnector({ name: marker('fw'), hec: { indexes: ['main'] } });
});

afterAll(async () => {
  await hecate?.dispose();
});

const errorsOf = (name: string, filter = ''): string => `#repo=connection_errors #connector=${name} ${filter}`.trim();

async function oneRecord(name: string, filter: string): Promise<SearchEvent> {
  const events = await hecate.waitForEvents(errorsOf(name, filter), 1, 10_000);
  expect(events).toHaveLength(1);
  return events[0] as SearchEvent;
}

describe('connection errors', () => {
  it('records a blank event with its status, code, HEC text, body and sender', async () => {
    const accepted = marker('ok');
    const body = `{"event":"${accepted}"}{"event":""}`;
    const reply = await hecate.hec('/services/collector', { body, headers: splunkAuth(fw.apiKey) });
    expect(reply.body).toMatchObject({ code: 13, 'invalid-event-number': 1 });
    const record = await oneRecord(fw.name, 'error_code=13');
    // A search that does not name #repo finds the stored event, not the record of the rejection.
    expect((await hecate.search(accepted)).map((e) => e['#repo'])).toEqual(['main']);
    expect(record).toMatchObject({
      '#repo': 'connection_errors',
      '#type': 'connection-error',
      '#connector': fw.name,
      '@dataConnectionID': fw.id,
      '@rawstring': body,
      status_code: '400',
      '@error_msg': 'Event field cannot be blank',
      error_count: '1',
      events_accepted: '1',
      invalid_event_number: '1',
      '@requestId': reply.headers['x-request-id'],
      request_bytes: String(Buffer.byteLength(body)),
      client_ip: '127.0.0.1',
      credential_via: 'splunk',
    });
    expect(record.key_fingerprint).toEqual(expect.any(String));
    expect(JSON.stringify(record)).not.toContain(fw.apiKey);
  });

  it('records an index the connector does not allow', async () => {
    const body = `{"event":"x","index":"${marker('secret')}"}`;
    const reply = await hecate.hec('/services/collector', { body, headers: splunkAuth(fw.apiKey) });
    expect(reply.body.code).toBe(7);
    const record = await oneRecord(fw.name, 'error_code=7');
    expect(record).toMatchObject({ status_code: '400', '@error_msg': 'Incorrect index', '@rawstring': body, invalid_event_number: '1' });
  });

  it('records a body larger than maxContentLength by its 413, without reading it', async () => {
    const body = `{"event":"${'x'.repeat(MAX_CONTENT_LENGTH * 2)}"}`;
    const reply = await hecate.hec('/services/collector', { body, headers: splunkAuth(fw.apiKey) });
    expect(reply.status).toBe(413);
    const record = await oneRecord(fw.name, 'error_code=413');
    expect(record).toMatchObject({ status_code: '413', '@error_msg': 'Invalid data format', '@rawstring': '' });
  });

  it('keeps at most the first KiB of a rejected body', async () => {
    const filler = 'y'.repeat(2000);
    const body = `{"event":{"a":"${filler}"}}{"event":""}`;
    await hecate.hec('/services/collector/event', { body, headers: splunkAuth(fw.apiKey) });
    const record = await oneRecord(fw.name, '*yyyyyyyy*');
    expect(Buffer.byteLength(record['@rawstring'] ?? '')).toBeLessThanOrEqual(1024);
    expect(body.startsWith(record['@rawstring'] ?? 'none')).toBe(true);
  });

  it('records requests with the key of a paused connector (code 1)', async () => {
    const paused = await hecate.createConnector({ name: marker('paused') });
    expect((await hecate.api('PATCH', `/api/v1/connectors/${paused.id}`, { enabled: false })).status).toBe(200);
    const reply = await hecate.hec('/services/collector', { body: '{"event":"x"}', headers: splunkAuth(paused.apiKey) });
    expect(reply.body.code).toBe(1);
    const record = await oneRecord(paused.name, '');
    expect(record).toMatchObject({ status_code: '403', error_code: '1', '@error_msg': 'Token disabled', '@dataConnectionID': paused.id });
  });

  it('stores nothing for unknown keys', async () => {
    const mark = marker('unknown');
    const before = (await hecate.search('#repo=connection_errors')).length;
    for (let i = 0; i < 5; i++) {
      const reply = await hecate.hec('/services/collector', { body: `{"event":"", "m":"${mark}"}`, headers: splunkAuth(`not-a-key-${i}`) });
      expect(reply.body.code).toBe(4);
    }
    // A control request of a known connector after them: once it is searchable, the others would be too.
    await hecate.hec('/services/collector', { body: `{"event":"", "m":"${mark}"}`, headers: splunkAuth(fw.apiKey) });
    const records = await hecate.waitForEvents(`#repo=connection_errors ${mark}`, 1, 10_000);
    expect(records.map((r) => r['#connector'])).toEqual([fw.name]);
    expect(await hecate.search('#repo=connection_errors')).toHaveLength(before + 1);
  });

  it('folds a flood of 200 rejected requests into a bounded number of records that count all of them', async () => {
    const flood = await hecate.createConnector({ name: marker('flood') });
    for (let batch = 0; batch < 10; batch++) {
      const replies = await Promise.all(
        Array.from({ length: 20 }, () => hecate.hec('/services/collector', { body: '{"event":""}', headers: splunkAuth(flood.apiKey) })),
      );
      expect(replies.every((r) => r.body.code === 13)).toBe(true);
    }
    // The aggregate of a window is written when the window ends, or at shutdown: restart to get it now.
    await hecate.restart();
    const records = await hecate.waitForEvents(errorsOf(flood.name), 1, 10_000);
    const total = records.reduce((sum, r) => sum + Number(r.error_count), 0);
    expect(total).toBe(200);
    expect(records.length).toBeLessThanOrEqual(22); // ≤ 10 records + 1 aggregate per 10-second window
    expect(records.some((r) => r.aggregated === 'true')).toBe(true);
  });
});
