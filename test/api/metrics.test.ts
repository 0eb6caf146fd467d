/**
 * GET /metrics against the real binary: counters move by exactly the HEC traffic sent, store and
 * receiver gauges are read at scrape time, the token guard works, and no secret is ever exposed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValue } from '../helpers/prometheus-text.js';
import { guid, marker, splunkAuth, startHecate, type Connector, type Hecate } from '../helpers/server.js';

const METRICS_TOKEN = `mt-${randomUUID()}`;
let hecate: Hecate;
let connector: Connector;
let ackConnector: Connector;

beforeAll(async () => {
  hecate = await startHecate({ env: { HECATE_METRICS_TOKEN: METRICS_TOKEN } });
  connector = await hecate.createConnector({ name: marker('metrics') });
  ackConnector = await hecate.createConnector({ name: marker('metrics-ack'), hec: { useAck: true } });
});

afterAll(async () => {
  await hecate?.dispose();
});

async function scrape(): Promise<string> {
  const res = await fetch(`${hecate.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The change of every listed sample between two scrapes (an absent sample counts as 0). */
function deltas(before: string, after: string, samples: Array<[string, Record<string, string>?]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, labels = {}] of samples) {
    const key = `${name}${JSON.stringify(labels)}`;
    out[key] = (sampleValue(after, name, labels) ?? 0) - (sampleValue(before, name, labels) ?? 0);
  }
  return out;
}

describe('GET /metrics', () => {
  it('requires the configured bearer token', async () => {
    expect((await fetch(`${hecate.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${hecate.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${hecate.url}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(405);
  });

  it('counts HEC requests, events and bytes by endpoint, code and reason, exactly as sent', async () => {
    const before = await scrape();
    const mark = marker();
    const okBody = [1, 2, 3].map((n) => JSON.stringify({ event: { message: mark, n } })).join('');
    const ok = await hecate.hec('/services/collector/event', { headers: splunkAuth(connector.apiKey), body: okBody });
    expect(ok.body).toEqual({ text: 'Success', code: 0 });
    const badBody = '{"event": "unterminated';
    const bad = await hecate.hec('/services/collector/event', { headers: splunkAuth(connector.apiKey), body: badBody });
    expect(bad.status).toBe(400);
    const badCode = String(bad.body.code);
    const unknown = await hecate.hec('/services/collector/event', { headers: splunkAuth(randomUUID()), body: '{"event":"x"}' });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.body.code).toBe(4);
    await hecate.waitForEvents(mark, 3);

    const after = await scrape();
    const okBytes = Buffer.byteLength(okBody);
    const badBytes = Buffer.byteLength(badBody);
    expect(
      deltas(before, after, [
        ['hecate_hec_requests_total', { endpoint: 'event', code: '0' }],
        ['hecate_hec_requests_total', { endpoint: 'event', code: badCode }],
        ['hecate_hec_requests_total', { endpoint: 'event', code: '4' }],
        ['hecate_hec_events_accepted_total'],
        ['hecate_events_stored_total'],
        ['hecate_events_parse_errors_total'],
        ['hecate_hec_stored_bytes_total'],
        ['hecate_hec_received_bytes_total'],
        ['hecate_hec_discarded_requests_total', { reason: badCode }],
        ['hecate_hec_discarded_requests_total', { reason: '4' }],
        ['hecate_hec_discarded_bytes_total', { reason: badCode }],
      ]),
    ).toEqual({
      [`hecate_hec_requests_total{"endpoint":"event","code":"0"}`]: 1,
      [`hecate_hec_requests_total{"endpoint":"event","code":"${badCode}"}`]: 1,
      [`hecate_hec_requests_total{"endpoint":"event","code":"4"}`]: 1,
      'hecate_hec_events_accepted_total{}': 3,
      'hecate_events_stored_total{}': 3,
      'hecate_events_parse_errors_total{}': 0,
      'hecate_hec_stored_bytes_total{}': okBytes,
      'hecate_hec_received_bytes_total{}': okBytes + badBytes,
      [`hecate_hec_discarded_requests_total{"reason":"${badCode}"}`]: 1,
      'hecate_hec_discarded_requests_total{"reason":"4"}': 1,
      [`hecate_hec_discarded_bytes_total{"reason":"${badCode}"}`]: badBytes,
    });
    // The store also holds Hecate's own events (connection errors, audit), so its counters move by at least 3.
    for (const name of ['hecate_store_committed_events_total', 'hecate_store_indexed_events_total']) {
      expect((sampleValue(after, name) ?? 0) - (sampleValue(before, name) ?? 0)).toBeGreaterThanOrEqual(3);
    }
    expect(sampleValue(after, 'hecate_wal_syncs_total')).toBeGreaterThan(sampleValue(before, 'hecate_wal_syncs_total') ?? 0);
    expect(sampleValue(after, 'hecate_store_index_backlog_events')).toBe(0);
    expect(sampleValue(after, 'hecate_store_busy')).toBe(0);
    expect(sampleValue(after, 'hecate_store_disk_bytes')).toBeGreaterThan(0);
    expect(sampleValue(after, 'hecate_wal_last_sync_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('shows ack channels, pending acks and deduplicated retries', async () => {
    const channel = guid();
    const headers = { ...splunkAuth(ackConnector.apiKey), 'x-splunk-request-channel': channel };
    const before = await scrape();
    const sent = await hecate.hec('/services/collector/event', { headers, body: '{"event":"acked"}' });
    expect(sent.body.ackId).toBe(0);
    const held = await scrape();
    expect(sampleValue(held, 'hecate_hec_pending_acks')).toBe((sampleValue(before, 'hecate_hec_pending_acks') ?? 0) + 1);
    expect(sampleValue(held, 'hecate_hec_ack_channels')).toBe((sampleValue(before, 'hecate_hec_ack_channels') ?? 0) + 1);
    const acked = await hecate.hec('/services/collector/ack', { headers, body: '{"acks":[0]}' });
    expect(acked.body.acks).toEqual({ 0: true });
    expect(sampleValue(await scrape(), 'hecate_hec_pending_acks')).toBe(sampleValue(before, 'hecate_hec_pending_acks') ?? 0);

    const retry = { headers: { ...splunkAuth(connector.apiKey), 'x-request-id': marker('req') }, body: '{"event":"once"}' };
    expect((await hecate.hec('/services/collector/event', retry)).status).toBe(200);
    expect((await hecate.hec('/services/collector/event', retry)).status).toBe(200);
    const after = await scrape();
    expect((sampleValue(after, 'hecate_hec_dedup_hits_total') ?? 0) - (sampleValue(before, 'hecate_hec_dedup_hits_total') ?? 0)).toBe(1);
  });

  it('includes the process metrics', async () => {
    const text = await scrape();
    expect(sampleValue(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('never exposes an API key, a session token, a password or the metrics token', async () => {
    const text = await scrape();
    for (const secret of [connector.apiKey, ackConnector.apiKey, hecate.adminToken, hecate.adminPassword, METRICS_TOKEN]) {
      expect(text).not.toContain(secret);
    }
  });
});
