/**
 * Slow clients cannot hold connections forever: headers and whole requests have deadlines.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHecate, type Hecate } from '../helpers/server.js';

let hecate: Hecate;
let apiKey: string;

beforeAll(async () => {
  hecate = await startHecate({ env: { HECATE_HEADERS_TIMEOUT_SECONDS: '1', HECATE_REQUEST_TIMEOUT_SECONDS: '2' } });
  apiKey = (await hecate.createConnector({ name: 'slow', parser: 'raw' })).apiKey;
});

afterAll(async () => {
  await hecate?.dispose();
});

/** Opens a connection, writes `first`, then trickles `drip` every 200 ms; resolves what the server said and when it closed. */
function trickle(first: string, drip: string): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let text = '';
    const socket = net.connect(hecate.port, '127.0.0.1', () => socket.write(first));
    const timer = setInterval(() => socket.writable && socket.write(drip), 200);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
    setTimeout(() => socket.destroy(), 15_000);
  });
}

describe('slow clients', () => {
  it('cuts a client that never finishes its headers', async () => {
    const r = await trickle('POST /services/collector HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n');
    expect(r.closedAfterMs).toBeLessThan(5_000);
    expect(r.text).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts a client that never finishes its body', async () => {
    const head = `POST /services/collector HTTP/1.1\r\nHost: x\r\nAuthorization: Splunk ${apiKey}\r\nContent-Length: 100000\r\n\r\n`;
    const r = await trickle(head + '{"event":"', 'a');
    expect(r.closedAfterMs).toBeLessThan(6_000);
    expect(r.text).not.toMatch(/Success/);
  });

  it('keeps serving other clients meanwhile', async () => {
    const reply = await hecate.hec('/services/collector/health', { method: 'GET' });
    expect(reply.status).toBe(200);
  });
});
