/**
 * The collector's `/metrics` endpoint, scraped from the built binary while it ships to the real
 * server: per-source and per-sink event counts that add up, drops by reason (a regex filter, a
 * full queue with deleteOldest), the send latency histogram, and a sink stopped by a refused token.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValue } from '../helpers/prometheus-text.js';
import { freePort, marker, startHecate } from '../helpers/server.js';
import type { Hecate } from '../helpers/server.js';
import { startCollector, tempDir } from './collector-harness.js';
import type { RunningCollector } from './collector-harness.js';

let hecate: Hecate;
let collector: RunningCollector;
let dir: string;
let metricsUrl: string;
let tcpPort: number;

beforeAll(async () => {
  hecate = await startHecate();
  const connector = await hecate.createConnector({ name: marker('metrics_'), parser: 'raw' });
  dir = await tempDir();
  mkdirSync(path.join(dir, 'app'));
  mkdirSync(path.join(dir, 'other'));
  tcpPort = await freePort();
  const metricsPort = await freePort();
  collector = await startCollector(
    `dataDirectory: ${dir}/data
sources:
  app:
    type: file
    include: ${dir}/app/*.log
    transforms: [{type: regex_filter, mode: exclude, pattern: DEBUG}]
    sink: hecate
  tcp: {type: syslog, mode: tcp, port: ${tcpPort}, bind: 127.0.0.1, sink: hecate}
  other: {type: file, include: ${dir}/other/*.log, sink: refused}
sinks:
  hecate:
    type: hec
    token: ${connector.apiKey}
    url: ${hecate.url}
    queue: {type: memory, flushTimeOutInMillisecond: 50}
  refused:
    type: hec
    token: not-a-valid-token
    url: ${hecate.url}
    maxBatchSize: 1024
    queue: {type: memory, maxLimitInMB: 1, fullAction: deleteOldest, flushTimeOutInMillisecond: 50}
metrics: {port: ${metricsPort}}
`,
    {},
    dir,
  );
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
});

afterAll(async () => {
  await collector?.dispose();
  await hecate?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function scrape(): Promise<string> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return response.text();
}

/** Scrapes until `ready` holds for the text (or the timeout passes); returns the last scrape. */
async function scrapeUntil(ready: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await scrape();
    if (ready(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function sendTcp(lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(tcpPort, '127.0.0.1', () => socket.end(lines.map((line) => `${line}\n`).join('')));
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

describe('the /metrics endpoint', () => {
  it('names its address in the status line', () => {
    expect(collector.logs()).toContain(`— metrics: ${metricsUrl}`);
  });

  it('counts events in and out per source and sink, filtered lines by reason, and the send latency', async () => {
    const tag = marker('m');
    let text = '';
    for (let i = 0; i < 100; i++) text += `${tag} ${i % 10 === 0 ? 'DEBUG' : 'INFO'} line ${i}\n`;
    appendFileSync(path.join(dir, 'app', 'app.log'), text);
    await sendTcp(Array.from({ length: 50 }, (_, i) => `<13>Nov 26 12:00:00 host app: ${tag} tcp ${i}`));
    expect(await hecate.waitForEvents(tag, 140, 15_000)).toHaveLength(140);

    const scraped = await scrapeUntil((t) => sampleValue(t, 'hecate_collector_sink_events_out_total', { sink: 'hecate' }) === 140);
    const value = (name: string, labels: Record<string, string>): number | undefined => sampleValue(scraped, name, labels);
    expect(value('hecate_collector_source_events_total', { source: 'app' })).toBe(100);
    expect(value('hecate_collector_source_events_total', { source: 'tcp' })).toBe(50);
    expect(value('hecate_collector_source_dropped_events_total', { source: 'app', reason: 'filtered' })).toBe(10);
    expect(value('hecate_collector_sink_events_in_total', { sink: 'hecate' })).toBe(140);
    expect(value('hecate_collector_sink_events_out_total', { sink: 'hecate' })).toBe(140);
    expect(value('hecate_collector_queue_events', { sink: 'hecate', type: 'memory' })).toBe(0);
    expect(value('hecate_collector_sink_up', { sink: 'hecate' })).toBe(1);
    expect(value('hecate_collector_sink_retries_total', { sink: 'hecate', reason: 'network' })).toBe(0);
    const batches = value('hecate_collector_sink_batches_total', { sink: 'hecate' }) ?? 0;
    expect(batches).toBeGreaterThan(0);
    // Every acknowledged request was timed (the refused sink's 403 has its own series).
    expect(value('hecate_collector_sink_send_seconds_count', { sink: 'hecate' })).toBe(batches);
    expect(value('hecate_collector_sink_send_seconds_bucket', { sink: 'hecate', le: '+Inf' })).toBe(batches);
    expect(value('hecate_collector_sink_bytes_out_total', { sink: 'hecate' })).toBeGreaterThan(140 * 100);
    expect(value('process_resident_memory_bytes', {})).toBeGreaterThan(0);
  });

  it('shows a sink stopped by a refused token, and the events its full queue threw away', async () => {
    const file = path.join(dir, 'other', 'other.log');
    appendFileSync(file, 'first line\n');
    await collector.waitForLog('sink refused stopped', 10_000);
    // About 2.5 MB of envelopes into a 1 MB queue whose sink no longer sends.
    const line = `${'x'.repeat(200)}\n`;
    appendFileSync(file, line.repeat(6000));
    const scraped = await scrapeUntil((t) => sampleValue(t, 'hecate_collector_source_events_total', { source: 'other' }) === 6001);
    const value = (name: string, labels: Record<string, string>): number => sampleValue(scraped, name, labels) ?? Number.NaN;
    expect(value('hecate_collector_sink_up', { sink: 'refused' })).toBe(0);
    expect(value('hecate_collector_sink_events_out_total', { sink: 'refused' })).toBe(0);
    const deleted = value('hecate_collector_sink_dropped_events_total', { sink: 'refused', reason: 'deleted_oldest' });
    expect(deleted).toBeGreaterThan(0);
    // Nothing unaccounted for: every event queued is still queued or was deleted (and counted).
    expect(value('hecate_collector_queue_events', { sink: 'refused', type: 'memory' }) + deleted).toBe(6001);
    expect(value('hecate_collector_queue_limit_bytes', { sink: 'refused', type: 'memory' })).toBe(1024 * 1024);
    expect(value('hecate_collector_sink_up', { sink: 'hecate' })).toBe(1);
  });
});
