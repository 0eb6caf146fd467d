import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../logger.js';
import { MemoryQueue } from '../../queue/memory-queue.js';
import type { HecSinkConfig } from './config.js';
import { HecSink, REQUEST_BYTES } from './hec-sink.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

interface SeenBody {
  bytes: number;
  events: number;
  channel: string | string[] | undefined;
  text: string;
}

/** An HEC endpoint on loopback that answers Success and notes each request body's length, event count and channel. */
async function endpoint(): Promise<{ url: string; bodies: SeenBody[] }> {
  const bodies: SeenBody[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      bodies.push({ bytes: body.length, events: body.toString().split('"event":').length - 1, channel: req.headers['x-splunk-request-channel'], text: body.toString() });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"Success","code":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

function sinkTo(url: string, name = 'hecate'): { sink: HecSink; config: HecSinkConfig } {
  const yaml = `sources: {}\nsinks:\n  ${name}:\n    type: hec\n    token: tok\n    url: ${url}\n    queue: {type: memory, maxLimitInMB: 64, flushTimeOutInMillisecond: 20}\n`;
  const config = loadConfig(yaml, {}).sinks[name];
  if (config === undefined) throw new Error('no sink');
  const sink = new HecSink(name, config, new MemoryQueue({ maxBytes: 64 << 20, fullAction: 'pause' }), createLogger('error'));
  sink.start();
  closers.push(() => sink.drain(5_000));
  return { sink, config };
}

async function waitForEvents(bodies: readonly SeenBody[], count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (bodies.reduce((n, b) => n + b.events, 0) < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('HEC sink requests', () => {
  it('carry one data channel, a GUID, on every request of a sink; another sink has its own', async () => {
    const { url, bodies } = await endpoint();
    const { sink: first } = sinkTo(url, 'first');
    const { sink: second } = sinkTo(url, 'second');
    const line = 'y'.repeat(1_000);
    await first.accept(Array.from({ length: 3_000 }, (_, i) => ({ text: `${i} ${line}`, time: Date.now(), fields: {} })));
    await waitForEvents(bodies, 3_000);
    await second.accept([{ text: 'other', time: Date.now(), fields: {} }]);
    await waitForEvents(bodies, 3_001);
    expect(bodies.length).toBeGreaterThanOrEqual(3);
    const channels = bodies.map((b) => b.channel);
    for (const channel of channels) expect(channel).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(channels.slice(0, -1)).size).toBe(1);
    expect(channels.at(-1)).not.toBe(channels[0]);
  });

  it('carry at most REQUEST_BYTES of events when maxBatchSize (16 MB by default) allows more, and lose none', async () => {
    const { url, bodies } = await endpoint();
    const { sink, config } = sinkTo(url);
    expect(config.maxBatchSize).toBeGreaterThan(4 * REQUEST_BYTES);
    const line = 'x'.repeat(900);
    const count = 4_000; // ~4 MB of envelopes
    await sink.accept(Array.from({ length: count }, (_, i) => ({ text: `${i} ${line}`, time: Date.now(), fields: {} })));
    await waitForEvents(bodies, count);
    expect(bodies.reduce((n, b) => n + b.events, 0)).toBe(count);
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    for (const body of bodies) expect(body.bytes).toBeLessThanOrEqual(REQUEST_BYTES);
  });

  it('leave out events whose text is only whitespace, and count them', async () => {
    const { url, bodies } = await endpoint();
    const { sink } = sinkTo(url);
    const texts = ['', '   ', '\t\r\n', '\u00a0\u2003', 'kept', ' also kept ', '\u00e9t\u00e9'];
    await sink.accept(texts.map((text) => ({ text, time: Date.now(), fields: {} })));
    await waitForEvents(bodies, 3);
    await sink.accept([{ text: ' ', time: Date.now(), fields: {} }]);
    await sink.drain(5_000);
    const sent = bodies.flatMap((b) => b.text.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { event: string }).event));
    expect(sent).toEqual(['kept', ' also kept ', '\u00e9t\u00e9']);
    expect(sink.counters.dropped).toEqual({ blank: 5 });
    expect(sink.counters.eventsIn).toBe(8);
  });
});
