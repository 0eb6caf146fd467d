/**
 * GET /metrics against the real binary: counters move by exactly the HEC traffic sent, store and
 * receiver gauges are read at scrape time, latency histograms fill, the other components' counters
 * (connection errors, internal events, audit, login and HEC-key limits) move exactly, the token guard
 * works, and no secret is ever exposed.
 *
 * The HEC-key tarpit runs with keyFailureLimit=3 and a 1 s delay; its requests come from 127.0.0.2
 * (Linux routes all of 127/8 to loopback) so their per-address count starts at zero whatever ran first.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValue } from '../helpers/prometheus-text.js';
import { guid, marker, splunkAuth, startHecate, type Connector, type Hecate } from '../helpers/server.js';

const METRICS_TOKEN = `mt-${randomUUID()}`;
let hecate: Hecate;
let connector: Connector;
let ackConnector: Connector;
const KEY_FAILURE_LIMIT = 3;
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

beforeAll(async () => {
  hecate = await startHecate({
    env: { HECATE_METRICS_TOKEN: METRICS_TOKEN, HECATE_KEY_FAILURE_LIMIT: String(KEY_FAILURE_LIMIT), HECATE_KEY_FAILURE_DELAY_MAX_MS: '1000' },
  });
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

/** One HEC request from `localAddress`: the status, the body text, and how long the answer took. */
function sendFrom(localAddress: string, authorization: string | undefined, body: string): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: hecate.port,
        localAddress,
        path: '/services/collector/event',
        method: 'POST',
        agent: false,
        headers: { 'content-length': Buffer.byteLength(body), ...(authorization === undefined ? {} : { authorization }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Scrapes until `check` passes (internal events are committed in batches, a moment after they are written). */
/** A scrape taken once Hecate's own background writes are done: nothing pending, and the written count unchanged over 300 ms. */
async function settledScrape(timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = await scrape();
  for (;;) {
    await sleep(300);
    const text = await scrape();
    const steady =
      sampleValue(text, 'hecate_internal_events_pending') === 0 &&
      sampleValue(text, 'hecate_internal_events_written_total') === sampleValue(last, 'hecate_internal_events_written_total');
    if (steady || Date.now() > deadline) return text;
    last = text;
  }
}

async function scrapeUntil(check: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await scrape();
    if (check(text) || Date.now() > deadline) return text;
    await sleep(50);
  }
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

    // The rejected requests' connection-error events are indexed in a later batch (the indexer gathers
    // what arrives within 100 ms): read the counters once nothing is left to index.
    const after = await scrapeUntil((text) => sampleValue(text, 'hecate_store_index_backlog_events') === 0);
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

  it('fills the sync, commit-wait and index-batch latency histograms', async () => {
    const before = await scrape();
    const mark = marker();
    for (let i = 0; i < 3; i++) {
      const sent = await hecate.hec('/services/collector/event', { headers: splunkAuth(connector.apiKey), body: JSON.stringify({ event: mark }) });
      expect(sent.status).toBe(200);
    }
    await hecate.waitForEvents(mark, 3);
    const after = await scrape();
    const delta = (name: string) => (sampleValue(after, name) ?? 0) - (sampleValue(before, name) ?? 0);
    // Every sync is one observation; each HEC request is at least one commit; three events were indexed in ≥ 1 batch.
    expect(delta('hecate_wal_sync_seconds_count')).toBe(delta('hecate_wal_syncs_total'));
    expect(delta('hecate_wal_sync_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(delta('hecate_store_commit_wait_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(delta('hecate_store_index_batch_seconds_count')).toBeGreaterThanOrEqual(1);
    for (const name of ['hecate_wal_sync_seconds', 'hecate_store_commit_wait_seconds', 'hecate_store_index_batch_seconds']) {
      expect(delta(`${name}_sum`)).toBeGreaterThan(0);
      // Cumulative buckets: +Inf holds every observation.
      expect(sampleValue(after, `${name}_bucket`, { le: '+Inf' })).toBe(sampleValue(after, `${name}_count`));
    }
  });

  it('counts connection errors, internal events, audit records and sign-in failures and refusals exactly', async () => {
    // Earlier tests' audit records are written in the background: start once they have been.
    const before = await settledScrape();
    const bad = await hecate.hec('/services/collector/event', { headers: splunkAuth(connector.apiKey), body: '{"event":' });
    expect(bad.status).toBe(400);
    // Five failures for one username, then a refusal (429) without checking the password.
    const user = marker('nobody');
    const login = (password: string) =>
      fetch(`${hecate.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password }) });
    for (let i = 0; i < 5; i++) expect((await login(`wrong-password-${i}`)).status).toBe(401);
    expect((await login('wrong-password-x')).status).toBe(429);
    // One connection-error record and six audit records (every sign-in is audited) reach the store.
    const written = (text: string) => (sampleValue(text, 'hecate_internal_events_written_total') ?? 0) - (sampleValue(before, 'hecate_internal_events_written_total') ?? 0);
    const after = await scrapeUntil((text) => written(text) >= 7 && sampleValue(text, 'hecate_internal_events_pending') === 0);
    expect(
      deltas(before, after, [
        ['hecate_connection_errors_rejected_total'],
        ['hecate_connection_errors_recorded_total'],
        ['hecate_connection_errors_aggregated_total'],
        ['hecate_connection_errors_unknown_key_total'],
        ['hecate_internal_events_written_total'],
        ['hecate_internal_events_dropped_total', { reason: 'busy' }],
        ['hecate_internal_events_dropped_total', { reason: 'overflow' }],
        ['hecate_internal_events_dropped_total', { reason: 'failed' }],
        ['hecate_audit_append_failures_total'],
        ['hecate_login_failures_total'],
        ['hecate_login_rate_limited_total'],
      ]),
    ).toEqual({
      'hecate_connection_errors_rejected_total{}': 1,
      'hecate_connection_errors_recorded_total{}': 1,
      'hecate_connection_errors_aggregated_total{}': 0,
      'hecate_connection_errors_unknown_key_total{}': 0,
      'hecate_internal_events_written_total{}': 7,
      'hecate_internal_events_dropped_total{"reason":"busy"}': 0,
      'hecate_internal_events_dropped_total{"reason":"overflow"}': 0,
      'hecate_internal_events_dropped_total{"reason":"failed"}': 0,
      'hecate_audit_append_failures_total{}': 0,
      'hecate_login_failures_total{}': 5,
      'hecate_login_rate_limited_total{}': 1,
    });
    expect(sampleValue(after, 'hecate_internal_events_pending')).toBe(0);
  });

  it('counts HEC key failures per address and delays them past keyFailureLimit, never a valid key', async () => {
    const from = '127.0.0.2';
    const before = await scrape();
    const body = '{"event":"guess"}';
    // Within the limit: answered at once, each with its exact Splunk answer.
    const first = [
      await sendFrom(from, `Splunk ${randomUUID()}`, body),
      await sendFrom(from, undefined, body),
      await sendFrom(from, 'Digest nope', body),
    ];
    expect(first.map((r) => [r.status, r.text])).toEqual([
      [403, '{"text":"Invalid token","code":4}'],
      [401, '{"text":"Token is required","code":2}'],
      [401, '{"text":"Invalid authorization","code":3}'],
    ]);
    // Past it: the same answer, a second late. A valid key sent meanwhile from the same address is not held.
    const guessing = sendFrom(from, `Splunk ${randomUUID()}`, body);
    await sleep(100);
    const valid = await sendFrom(from, `Splunk ${connector.apiKey}`, body);
    expect([valid.status, valid.text]).toEqual([200, '{"text":"Success","code":0}']);
    const held = await scrape();
    expect(sampleValue(held, 'hecate_hec_key_failures_held')).toBe(1);
    const late = await guessing;
    expect([late.status, late.text]).toEqual([403, '{"text":"Invalid token","code":4}']);
    expect(late.ms).toBeGreaterThanOrEqual(950);
    expect(valid.ms).toBeLessThan(late.ms);

    const after = await scrape();
    expect(
      deltas(before, after, [
        ['hecate_hec_key_failures_total'],
        ['hecate_hec_key_failures_delayed_total'],
        ['hecate_hec_key_failures_undelayed_total'],
        ['hecate_connection_errors_unknown_key_total'],
        ['hecate_hec_requests_total', { endpoint: 'event', code: '4' }],
        ['hecate_hec_requests_total', { endpoint: 'event', code: '2' }],
        ['hecate_hec_requests_total', { endpoint: 'event', code: '3' }],
      ]),
    ).toEqual({
      'hecate_hec_key_failures_total{}': 4,
      'hecate_hec_key_failures_delayed_total{}': 1,
      'hecate_hec_key_failures_undelayed_total{}': 0,
      'hecate_connection_errors_unknown_key_total{}': 4,
      'hecate_hec_requests_total{"endpoint":"event","code":"4"}': 2,
      'hecate_hec_requests_total{"endpoint":"event","code":"2"}': 1,
      'hecate_hec_requests_total{"endpoint":"event","code":"3"}': 1,
    });
    expect(sampleValue(after, 'hecate_hec_key_failures_held')).toBe(0);
    expect(sampleValue(after, 'hecate_hec_key_failure_addresses')).toBeGreaterThanOrEqual(1);
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
