import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { encodeEvent, encodeEvents } from './encoder.js';
import { autoCompresses, buildRequest, CompressionLane, contiguousSpans, endpointUrl, GzipOutput, MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from './request-builder.js';

describe('endpointUrl', () => {
  it.each([
    ['https://abc.ingest.us-1.crowdstrike.com', 'https://abc.ingest.us-1.crowdstrike.com/services/collector'],
    ['https://abc.ingest.us-1.crowdstrike.com/services/collector', 'https://abc.ingest.us-1.crowdstrike.com/services/collector'],
    ['http://127.0.0.1:8088/', 'http://127.0.0.1:8088/services/collector'],
    ['http://h/prefix/services/collector/event', 'http://h/prefix/services/collector'],
  ])('%s → %s', (url, expected) => {
    expect(endpointUrl(url).href).toBe(expected);
  });
});

describe('buildRequest', () => {
  const sink = (compression: string) => {
    const config = loadConfig(`sources: {}\nsinks:\n  s: {type: hec, token: tok, url: "http://h", compression: ${compression}}\n`).sinks.s;
    if (config === undefined) throw new Error('the configuration has no sink s');
    return config;
  };

  it('sends concatenated envelopes with the token and the request id, gzipped unless compression is none', async () => {
    const records = [encodeEvent({ text: 'a', time: 1_700_000_000_123, fields: { '@collect.host': 'h1' } }, 100), Buffer.from('{"event":"b"}\n')];
    const gz = await buildRequest(sink('gzip'), records, 'id-1');
    expect(gz.headers).toMatchObject({ authorization: 'Splunk tok', 'x-request-id': 'id-1', 'content-encoding': 'gzip' });
    expect(gunzipSync(Buffer.concat(gz.body)).toString()).toBe(
      '{"event":"a","time":1700000000.123,"host":"h1","fields":{"@collect.host":"h1"}}\n{"event":"b"}\n',
    );
    const plain = await buildRequest(sink('none'), records, 'id-1');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bodyBytes).toBe(Buffer.concat(plain.body).length);
    expect(Buffer.concat(plain.body).toString()).toBe(gunzipSync(Buffer.concat(gz.body)).toString());
  });

  it('compresses a batch larger than one compressor slice into one gzip stream', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => Buffer.from(`{"event":"line ${i} ${'x'.repeat(500)}"}\n`));
    const gz = await buildRequest(sink('gzip'), records, 'id-2');
    expect(gunzipSync(Buffer.concat(gz.body)).equals(Buffer.concat(records))).toBe(true);
  });

  it('writes the compressed bodies of a worker into the same memory, grown for a body that does not fit', async () => {
    const output = new GzipOutput();
    const small = [Buffer.from('{"event":"first"}\n')];
    const first = await buildRequest(sink('gzip'), small, 'id-4', true, { output });
    expect(gunzipSync(Buffer.concat(first.body)).toString()).toBe('{"event":"first"}\n');
    // Incompressible: ~600 KiB of gzip output, more than the output's first 256 KiB.
    const big = Array.from({ length: 300 }, () => Buffer.from(`{"event":"${randomBytes(1500).toString('base64')}"}\n`));
    const second = await buildRequest(sink('gzip'), big, 'id-5', true, { output });
    expect(second.bodyBytes).toBeGreaterThan(256 * 1024);
    expect(gunzipSync(Buffer.concat(second.body)).equals(Buffer.concat(big))).toBe(true);
    const third = await buildRequest(sink('gzip'), small, 'id-6', true, { output });
    expect(third.body[0]?.buffer).toBe(second.body[0]?.buffer); // the grown memory is kept
    expect(gunzipSync(Buffer.concat(third.body)).toString()).toBe('{"event":"first"}\n');
  });

  it('compresses the requests of a lane one after the other, each body intact', async () => {
    const lane = new CompressionLane();
    let running = 0;
    let most = 0;
    const watched = <T>(task: () => Promise<T>) => async (): Promise<T> => {
      most = Math.max(most, ++running);
      try {
        return await task();
      } finally {
        running--;
      }
    };
    const runOn = { run: <T>(task: () => Promise<T>) => lane.run(watched(task)) } as CompressionLane;
    const batches = Array.from({ length: 4 }, (_, b) => Array.from({ length: 500 }, (_, i) => Buffer.from(`{"event":"batch ${b} line ${i} ${randomBytes(40).toString('hex')}"}\n`)));
    const requests = await Promise.all(batches.map((records, b) => buildRequest(sink('gzip'), records, `id-l${b}`, true, { lane: runOn })));
    expect(most).toBe(1);
    requests.forEach((request, b) => expect(gunzipSync(Buffer.concat(request.body)).equals(Buffer.concat(batches[b] ?? []))).toBe(true));
  });

  it('sends the records of one encoded call as one span, without copying them', async () => {
    const fields = { '@collect.host': 'h' };
    const records = encodeEvents(['a', 'bé', 'c'].map((text) => ({ text, time: 0, fields })), 100);
    const plain = await buildRequest(sink('none'), records, 'id-3');
    expect(plain.body).toHaveLength(1);
    expect(plain.body[0]?.buffer).toBe(records[0]?.buffer);
    expect(plain.bodyBytes).toBe(records.reduce((sum, record) => sum + record.length, 0));
    expect(Buffer.concat(plain.body).equals(Buffer.concat(records))).toBe(true);
  });

  it('truncates an event over maxEventSize on a character boundary and marks it', () => {
    const record = JSON.parse(encodeEvent({ text: 'ééééé', time: 0, fields: {} }, 5).toString()) as { event: string; fields: Record<string, string> };
    expect(record.event).toBe('éé');
    expect(record.fields['@collect.truncated']).toBe('true');
  });
});

describe('contiguousSpans', () => {
  const pool = Buffer.from('aabbbccccdd');
  it.each([
    ['adjacent views of one buffer join', [pool.subarray(0, 2), pool.subarray(2, 5), pool.subarray(5, 9)], ['aabbbcccc']],
    ['a gap starts a new span', [pool.subarray(0, 2), pool.subarray(5, 9), pool.subarray(9, 11)], ['aa', 'ccccdd']],
    ['out of order starts a new span', [pool.subarray(2, 5), pool.subarray(0, 2)], ['bbb', 'aa']],
    ['separate buffers stay apart', [Buffer.from('x'), Buffer.from('y')], ['x', 'y']],
    ['no records, no spans', [], []],
  ])('%s', (_name, records, expected) => {
    expect(contiguousSpans(records).map((span) => span.toString())).toEqual(expected);
  });
});

describe('autoCompresses', () => {
  it.each([
    ['http://127.0.0.1:8088', false],
    ['http://127.3.2.1', false],
    ['http://localhost:8088', false],
    ['http://[::1]:8088', false],
    ['https://hecate.example.com', true],
    ['http://10.0.0.5:8088', true],
    ['http://127.0.0.1.example.com', true],
  ])('%s → %s', (url, expected) => {
    expect(autoCompresses(new URL(url))).toBe(expected);
  });

  it('reads Retry-After as seconds or as an HTTP date, at most an hour, and ignores what it cannot read', () => {
    const now = Date.parse('Fri, 27 Nov 2026 10:00:00 GMT');
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Fri, 27 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
