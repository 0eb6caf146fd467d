/**
 * Protocol reference §6 (transport): Content-Encoding, size limits, Content-Type, chunked bodies,
 * Expect: 100-continue, keep-alive. The server runs with small limits (1 MiB on the wire, 4 MiB
 * decoded) so the 413 cases are cheap.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_DATA_FORMAT, NO_DATA, SUCCESS, envelopes, gzip } from '../helpers/hec.js';
import { marker, rawRequest, splunkAuth, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';
import { postWithExpectContinue, sendOnSocket, streamChunked } from '../helpers/wire.js';

const MAX_CONTENT_LENGTH = 1024 * 1024;
const MAX_DECODED_LENGTH = 4 * 1024 * 1024;
const EVENT = '/services/collector/event';

let hecate: Hecate;
let connector: Connector;

beforeAll(async () => {
  hecate = await startHecate({
    env: { HECATE_MAX_CONTENT_LENGTH: String(MAX_CONTENT_LENGTH), HECATE_MAX_DECODED_LENGTH: String(MAX_DECODED_LENGTH) },
  });
  connector = await hecate.createConnector({ name: marker('transport_') });
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('Content-Encoding (§6.1)', () => {
  it.each([
    ['gzip', 'gzip'],
    ['GZIP (case-insensitive)', 'GZIP'],
    ['Gzip', 'Gzip'],
  ])('accepts a %s event body', async (_case, encoding) => {
    const reply = await hecate.hec(EVENT, {
      body: gzip(envelopes({ event: 'zipped' }, { event: 'zipped too' })),
      headers: { ...splunkAuth(connector.apiKey), 'content-encoding': encoding },
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('accepts Content-Encoding: identity as plain bytes', async () => {
    const reply = await hecate.hec(EVENT, {
      body: envelopes({ event: 'identity' }),
      headers: { ...splunkAuth(connector.apiKey), 'content-encoding': 'identity' },
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('accepts a gzip raw body', async () => {
    const reply = await hecate.hec('/services/collector/raw', {
      body: gzip('line one\nline two\n'),
      headers: { ...splunkAuth(connector.apiKey), 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('treats a gzip body of only whitespace as no data (code 5)', async () => {
    const reply = await hecate.hec(EVENT, {
      body: gzip('  \n '),
      headers: { ...splunkAuth(connector.apiKey), 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(NO_DATA);
  });

  it.each(['deflate', 'br', 'superzipper', 'gzip, deflate', 'compress'])(
    'rejects Content-Encoding: %s with 415',
    async (encoding) => {
      const reply = await hecate.hec(EVENT, {
        body: envelopes({ event: 'x' }),
        headers: { ...splunkAuth(connector.apiKey), 'content-encoding': encoding },
      });
      expect(reply.status).toBe(415);
      expect(reply.text).toBe(INVALID_DATA_FORMAT);
    },
  );

  it('rejects a body declared gzip that is not gzip with 400 code 6 and no invalid-event-number', async () => {
    const reply = await hecate.hec(EVENT, {
      body: envelopes({ event: 'not zipped' }),
      headers: { ...splunkAuth(connector.apiKey), 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(INVALID_DATA_FORMAT);
  });

  it('rejects a truncated gzip body with 400 code 6', async () => {
    const whole = gzip(envelopes(...Array.from({ length: 50 }, (_, i) => ({ event: `event ${i} ${'x'.repeat(100)}` }))));
    const reply = await hecate.hec(EVENT, {
      body: whole.subarray(0, Math.floor(whole.length / 2)),
      headers: { ...splunkAuth(connector.apiKey), 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(INVALID_DATA_FORMAT);
  });

  it('rejects a decompression bomb (small on the wire, over the decoded limit) with 413', async () => {
    const inflated = Buffer.alloc(MAX_DECODED_LENGTH + 1024 * 1024, ' ');
    const bomb = gzip(Buffer.concat([Buffer.from('{"event":"'), inflated, Buffer.from('"}')]));
    expect(bomb.length).toBeLessThan(MAX_CONTENT_LENGTH);
    const reply = await hecate.hec(EVENT, {
      body: bomb,
      headers: { ...splunkAuth(connector.apiKey), 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(413);
  });

  it('accepts a gzip body whose decoded size is over the wire limit but under the decoded limit', async () => {
    const events = Array.from({ length: 200 }, (_, i) => ({ event: `roomy ${i} ${'y'.repeat(10_000)}` }));
    const text = envelopes(...events);
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_CONTENT_LENGTH);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_DECODED_LENGTH);
    const reply = await hecate.hec(EVENT, { body: gzip(text), headers: { ...splunkAuth(connector.apiKey), 'content-encoding': 'gzip' } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });
});

describe('size limits (§6.2)', () => {
  it('accepts a body just under the wire limit', async () => {
    const text = envelopes({ event: 'z'.repeat(MAX_CONTENT_LENGTH - 1024) });
    const reply = await hecate.hec(EVENT, { body: text, headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('answers a declared Content-Length over the limit with 413 without waiting for the body', async () => {
    const reply = await sendOnSocket(
      hecate.port,
      [
        'POST /services/collector/event HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Splunk ${connector.apiKey}`,
        `Content-Length: ${MAX_CONTENT_LENGTH * 10}`,
      ].join('\r\n'),
      '{"event":"the rest never comes',
    );
    expect(reply.status).toBe(413);
  });

  // A client that is still writing must still be able to read the 413 (the server has to close
  // gracefully, not reset the connection under the reply), so each case is tried several times.
  it.each([
    ['/services/collector/event', '{"event":"'],
    ['/services/collector/raw', 'line '],
  ])('answers a chunked body to %s that grows over the limit with a 413 the client can read (5 tries)', async (path, prefix) => {
    const statuses: number[] = [];
    const errors: string[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await streamChunked(
        hecate.port,
        path,
        { ...splunkAuth(connector.apiKey), 'transfer-encoding': 'chunked' },
        prefix,
        MAX_CONTENT_LENGTH * 3,
      );
      statuses.push(reply.status);
      if (reply.error !== undefined) errors.push(`${reply.error} after ${reply.bytesWritten} bytes written`);
    }
    expect(statuses, `client errors: ${errors.join('; ')}`).toEqual([413, 413, 413, 413, 413]);
  });

  it('keeps serving after a 413', async () => {
    const reply = await hecate.hec(EVENT, { body: envelopes({ event: 'after 413' }), headers: splunkAuth(connector.apiKey) });
    expect(reply.status).toBe(200);
  });
});

describe('Content-Type is ignored (§6.3)', () => {
  it.each([
    ['no Content-Type', undefined],
    ['application/json', 'application/json'],
    ['application/not-json', 'application/not-json'],
    ['text/plain; charset=utf-8', 'text/plain; charset=utf-8'],
    ['text/xml', 'text/xml'],
    ['text/csv', 'text/csv'],
    ['application/x-yaml', 'application/x-yaml'],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
  ])('accepts JSON events sent with %s', async (_case, contentType) => {
    const reply = await hecate.hec(EVENT, {
      body: envelopes({ event: { typed: contentType ?? 'none' } }),
      headers: { ...splunkAuth(connector.apiKey), ...(contentType === undefined ? {} : { 'content-type': contentType }) },
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });
});

describe('connection handling (§6.4)', () => {
  it('accepts a chunked request body without Content-Length', async () => {
    const reply = await hecate.hec(EVENT, {
      body: ['{"event":"chu', 'nked one"}', '\n{"event":', '"chunked two"}'],
      headers: splunkAuth(connector.apiKey),
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('splits nothing at chunk boundaries: both events of a chunked body are stored whole', async () => {
    const tag = marker('chunk');
    const reply = await hecate.hec(EVENT, {
      body: [`{"event":"${tag} fir`, `st"}{"event":"${tag} `, 'second"}'],
      headers: splunkAuth(connector.apiKey),
    });
    expect(reply.status).toBe(200);
    const events = await hecate.waitForEvents(tag, 2);
    expect(events.map((e) => e['@rawstring']).sort()).toEqual([`${tag} first`, `${tag} second`]);
  });

  it('honours Expect: 100-continue', async () => {
    const body = envelopes(...Array.from({ length: 20 }, (_, i) => ({ event: `continue ${i} ${'c'.repeat(100)}` })));
    const result = await postWithExpectContinue(hecate.port, EVENT, splunkAuth(connector.apiKey), body);
    expect(result.gotContinue).toBe(true);
    expect(result.status).toBe(200);
    expect(result.text).toBe(SUCCESS);
  });

  it('serves several requests over one keep-alive connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const replies = [];
      for (let i = 0; i < 3; i++) {
        replies.push(await rawRequest(hecate.port, EVENT, { body: envelopes({ event: `keep-alive ${i}` }), headers: splunkAuth(connector.apiKey) }, agent));
      }
      expect(replies.map((r) => [r.status, r.text])).toEqual([
        [200, SUCCESS],
        [200, SUCCESS],
        [200, SUCCESS],
      ]);
      expect(replies.every((r) => r.headers.connection !== 'close')).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('keeps a connection usable after an error reply', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const bad = await rawRequest(hecate.port, EVENT, { body: '{"event":""}', headers: splunkAuth(connector.apiKey) }, agent);
      const good = await rawRequest(hecate.port, EVENT, { body: '{"event":"fine"}', headers: splunkAuth(connector.apiKey) }, agent);
      expect(bad.status).toBe(400);
      expect(good.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
