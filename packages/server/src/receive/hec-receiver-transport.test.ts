import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connector, splunk, startHarness, TEST_LIMITS, type Harness } from './test-harness.js';

let h: Harness;
const auth = splunk('key');

beforeAll(async () => {
  h = await startHarness();
  h.keys.set('key', connector('c1'));
});
afterAll(() => h.close());
beforeEach(() => {
  h.calls.length = 0;
});

const port = () => h.port;

describe('Content-Encoding', () => {
  it.each(['gzip', 'GZIP', 'Gzip'])('gunzips a body declared %s', async (encoding) => {
    const reply = await h.send('/services/collector', {
      body: gzipSync('{"event":"zipped"}'),
      headers: { ...auth, 'content-encoding': encoding },
    });
    expect(reply.status).toBe(200);
    expect(h.events[0]?.raw).toBe('zipped');
  });

  it('gunzips raw bodies too', async () => {
    await h.send('/services/collector/raw', { body: gzipSync('a\nb'), headers: { ...auth, 'content-encoding': 'gzip' } });
    expect(h.events.map((e) => e.raw)).toEqual(['a', 'b']);
  });

  it('accepts identity as plain bytes', async () => {
    const reply = await h.send('/services/collector', { body: '{"event":"x"}', headers: { ...auth, 'content-encoding': 'identity' } });
    expect(reply.status).toBe(200);
  });

  it.each(['deflate', 'br', 'superzipper', 'gzip, deflate'])('rejects %j with 415 and code 6', async (encoding) => {
    const reply = await h.send('/services/collector', { body: '{"event":"x"}', headers: { ...auth, 'content-encoding': encoding } });
    expect(reply.status).toBe(415);
    expect(reply.text).toBe('{"text":"Invalid data format","code":6}');
  });

  it.each([
    ['not gzip at all', Buffer.from('{"event":"x"}')],
    ['truncated gzip', gzipSync('{"event":"x"}').subarray(0, 12)],
  ])('rejects %s with 400 code 6 and no position', async (_label, body) => {
    const reply = await h.send('/services/collector', { body, headers: { ...auth, 'content-encoding': 'gzip' } });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe('{"text":"Invalid data format","code":6}');
    expect(h.calls).toHaveLength(0);
  });

  it('treats gzip of only whitespace as no data', async () => {
    const reply = await h.send('/services/collector', { body: gzipSync('  \n'), headers: { ...auth, 'content-encoding': 'gzip' } });
    expect(reply.body.code).toBe(5);
  });

  it('answers 413 for a decompression bomb', async () => {
    const bomb = gzipSync('{"event":"' + 'a'.repeat(TEST_LIMITS.maxDecodedLength) + '"}');
    expect(bomb.length).toBeLessThan(TEST_LIMITS.maxContentLength);
    const reply = await h.send('/services/collector', { body: bomb, headers: { ...auth, 'content-encoding': 'gzip' } });
    expect(reply.status).toBe(413);
  });
});

describe('size limits and framing', () => {
  it('answers a declared Content-Length over the limit with 413 without waiting for the body', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: port(),
        path: '/services/collector',
        method: 'POST',
        headers: { ...auth, 'content-length': String(TEST_LIMITS.maxContentLength + 1) },
      });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
  });

  it('answers a chunked body that grows over the limit with 413 and keeps serving', async () => {
    const piece = '{"event":"' + 'x'.repeat(1000) + '"}';
    const pieces = Array.from({ length: Math.ceil(TEST_LIMITS.maxContentLength / piece.length) + 2 }, () => piece);
    const reply = await h.send('/services/collector', { body: pieces, headers: auth });
    expect(reply.status).toBe(413);
    expect(h.calls).toHaveLength(0);
    expect((await h.send('/services/collector', { body: '{"event":"after"}', headers: auth })).status).toBe(200);
  });

  it('accepts a chunked body without Content-Length, values split across chunks', async () => {
    const reply = await h.send('/services/collector', { body: ['{"event":"a"}{"ev', 'ent":"b"}'], headers: auth });
    expect(reply.status).toBe(200);
    expect(h.events.map((e) => e.raw)).toEqual(['a', 'b']);
  });

  it('honours Expect: 100-continue', async () => {
    const result = await new Promise<{ continued: boolean; status: number }>((resolve, reject) => {
      let continued = false;
      const req = http.request({
        host: '127.0.0.1',
        port: port(),
        path: '/services/collector',
        method: 'POST',
        headers: { ...auth, expect: '100-continue', 'content-length': '13' },
      });
      req.on('continue', () => {
        continued = true;
        req.end('{"event":"x"}');
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ continued, status: res.statusCode ?? 0 }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(result).toEqual({ continued: true, status: 200 });
  });

  it('keeps a keep-alive connection usable after an error reply', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: port(), path: '/services/collector', method: 'POST', headers: auth, agent });
        req.on('socket', (s) => sockets.add(s));
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      expect(await post('{"event":""}')).toBe(400);
      expect(await post('{"event":"ok"}')).toBe(200);
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});
