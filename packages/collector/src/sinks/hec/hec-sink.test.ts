import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../logger.js';
import { MemoryQueue } from '../../queue/memory-queue.js';
import { HecSink, REQUEST_BYTES } from './hec-sink.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** An HEC endpoint on loopback that answers Success and notes each request body's length and event count. */
async function endpoint(): Promise<{ url: string; bodies: { bytes: number; events: number }[] }> {
  const bodies: { bytes: number; events: number }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      bodies.push({ bytes: body.length, events: body.toString().split('"event":').length - 1 });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"Success","code":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('HEC sink requests', () => {
  it('carry at most REQUEST_BYTES of events when maxBatchSize (16 MB by default) allows more, and lose none', async () => {
    const { url, bodies } = await endpoint();
    const yaml = `sources: {}\nsinks:\n  hecate:\n    type: hec\n    token: tok\n    url: ${url}\n    queue: {type: memory, maxLimitInMB: 64, flushTimeOutInMillisecond: 20}\n`;
    const config = loadConfig(yaml, {}).sinks.hecate;
    if (config === undefined) throw new Error('no sink');
    expect(config.maxBatchSize).toBeGreaterThan(4 * REQUEST_BYTES);
    const sink = new HecSink('hecate', config, new MemoryQueue({ maxBytes: 64 << 20, fullAction: 'pause' }), createLogger('error'));
    sink.start();
    closers.push(() => sink.drain(5_000));
    const line = 'x'.repeat(900);
    const count = 4_000; // ~4 MB of envelopes
    await sink.accept(Array.from({ length: count }, (_, i) => ({ text: `${i} ${line}`, time: Date.now(), fields: {} })));
    const deadline = Date.now() + 10_000;
    while (bodies.reduce((n, b) => n + b.events, 0) < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(bodies.reduce((n, b) => n + b.events, 0)).toBe(count);
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    for (const body of bodies) expect(body.bytes).toBeLessThanOrEqual(REQUEST_BYTES);
  });
});
