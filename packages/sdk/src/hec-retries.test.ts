import { afterEach, describe, expect, it } from 'vitest';
import { HEC } from './hec.js';
import { HecError } from './hec-error.js';
import { DeliveryError } from './send-result.js';
import { envelopesOf, fakeHec, OK } from './fake-hec.test-helper.js';
import type { FakeHec } from './fake-hec.test-helper.js';

const KEY = 'sdk-unit-key-0001';
let fake: FakeHec | undefined;
let hec: HEC | undefined;

afterEach(async () => {
  await hec?.close();
  await fake?.close();
  hec = undefined;
  fake = undefined;
});

const busy = { status: 503, body: { text: 'Server is busy', code: 9 } };

describe('HEC retries', () => {
  it('retries a 503 and sends every attempt with the same X-Request-Id', async () => {
    fake = await fakeHec((_req, i) => (i < 2 ? busy : OK));
    hec = new HEC({ url: fake.url, apiKey: KEY, retryBaseMs: 5 });
    const result = await hec.sendEventList([{ event: 'a' }, { event: 'b' }]);
    expect(result.events).toBe(2);
    expect(fake.requests).toHaveLength(3);
    const ids = fake.requests.map((r) => r.headers['x-request-id']);
    expect(ids[0]).toMatch(/\S/);
    expect(new Set(ids).size).toBe(1);
    expect(fake.requests[0]?.headers.authorization).toBe(`Splunk ${KEY}`);
  });

  it('waits as long as Retry-After says', async () => {
    fake = await fakeHec((_req, i) => (i === 0 ? { ...busy, headers: { 'retry-after': '1' } } : OK));
    hec = new HEC({ url: fake.url, apiKey: KEY, retryBaseMs: 1 });
    await hec.sendEvent('x');
    const [first, second] = fake.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries after the connection is cut', async () => {
    fake = await fakeHec((_req, i) => (i === 0 ? 'destroy' : OK));
    hec = new HEC({ url: fake.url, apiKey: KEY, retryBaseMs: 5 });
    await hec.sendEvent('x');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]?.headers['x-request-id']).toBe(fake.requests[1]?.headers['x-request-id']);
  });

  it('retries 429 and 500 but gives up after `retries` failures (429 is busy, not counted)', async () => {
    fake = await fakeHec((_req, i) => (i === 0 ? { status: 429, body: {} } : { status: 500, body: { text: 'Internal server error', code: 8 } }));
    hec = new HEC({ url: fake.url, apiKey: KEY, retries: 2, retryBaseMs: 1 });
    const error = await hec.sendEvent('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HecError);
    expect((error as HecError).code).toBe(8);
    expect((error as HecError).message).toContain('gave up after 4 attempts');
    expect(fake.requests).toHaveLength(4);
  });

  it('gives up on a cut connection after `retries`, with time left', async () => {
    fake = await fakeHec(() => 'destroy');
    hec = new HEC({ url: fake.url, apiKey: KEY, retries: 3, retryBaseMs: 1, retryTimeoutMs: 600_000 });
    const error = (await hec.sendEvent('x').catch((e: unknown) => e)) as HecError;
    expect(error).toBeInstanceOf(HecError);
    expect(error.kind).toBe('network');
    expect(fake.requests).toHaveLength(4);
  });

  it('keeps retrying 503 "Server is busy" past `retries` while retryTimeoutMs lasts, then delivers with one request id', async () => {
    // A server catching up on a backlog: busy for 12 answers, far more than `retries`.
    fake = await fakeHec((_req, i) => (i < 12 ? { ...busy, headers: { 'retry-after': '0' } } : OK));
    hec = new HEC({ url: fake.url, apiKey: KEY, retries: 2, retryBaseMs: 5, retryTimeoutMs: 600_000, batchEvents: 2 });
    const result = await hec.sendEventList(['a', 'b']);
    expect(result).toMatchObject({ events: 2, failed: 0, requests: 1 });
    expect(fake.requests).toHaveLength(13);
    expect(new Set(fake.requests.map((r) => r.headers['x-request-id'])).size).toBe(1);
  });

  it('gives up on 503 once retryTimeoutMs has run out, reporting code 9 and how long it tried', async () => {
    fake = await fakeHec(() => busy);
    hec = new HEC({ url: fake.url, apiKey: KEY, retries: 0, retryBaseMs: 5, retryTimeoutMs: 200 });
    const error = (await hec.sendEventList(['a']).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    const cause = error.result.rejections[0]?.error;
    expect([cause?.kind, cause?.status, cause?.code]).toEqual(['http', 503, 9]);
    expect(cause?.message).toMatch(/Server is busy \(code 9\); gave up after \d+ attempts? in \d+\.\d s/);
  });

  it('does not wait out a Retry-After that ends past retryTimeoutMs', async () => {
    fake = await fakeHec(() => ({ ...busy, headers: { 'retry-after': '20' } }));
    hec = new HEC({ url: fake.url, apiKey: KEY, retryTimeoutMs: 10_000 });
    const error = (await hec.sendEvent('x').catch((e: unknown) => e)) as HecError;
    expect([error.status, error.code]).toEqual([503, 9]);
    expect(fake.requests).toHaveLength(1);
  });

  it('does not retry a 403 and reports the HEC code and text', async () => {
    fake = await fakeHec(() => ({ status: 403, body: { text: 'Invalid token', code: 4 } }));
    hec = new HEC({ url: fake.url, apiKey: KEY, retryBaseMs: 1 });
    const error = (await hec.sendEvent('x').catch((e: unknown) => e)) as HecError;
    expect(error).toBeInstanceOf(HecError);
    expect([error.kind, error.status, error.code, error.text]).toEqual(['http', 403, 4, 'Invalid token']);
    expect(fake.requests).toHaveLength(1);
  });

  it('stops a list after an error that fails every request, and reports the rest as not sent', async () => {
    fake = await fakeHec(() => ({ status: 403, body: { text: 'Invalid token', code: 4 } }));
    hec = new HEC({ url: fake.url, apiKey: KEY, batchEvents: 10, concurrency: 1 });
    const events = Array.from({ length: 100 }, (_, i) => ({ event: `e${i}` }));
    const error = (await hec.sendEventList(events).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.result.failed).toBe(100);
    expect(error.result.events).toBe(0);
    // The second batch was waiting for the first one's slot: it sees the stop and is not sent.
    expect(fake.requests).toHaveLength(1);
  });
});

describe('HEC batches', () => {
  it('splits a batch answered 413 into halves until it fits', async () => {
    fake = await fakeHec((req) => (envelopesOf(req).length > 2 ? { status: 413, body: { text: 'Content too large' } } : OK));
    hec = new HEC({ url: fake.url, apiKey: KEY });
    const result = await hec.sendEventList(Array.from({ length: 7 }, (_, i) => `e${i}`));
    expect(result.events).toBe(7);
    const stored = fake.requests.filter((r) => envelopesOf(r).length <= 2).flatMap((r) => envelopesOf(r).map((e) => e.event));
    expect(stored).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    const ids = fake.requests.map((r) => String(r.headers['x-request-id']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('after a partial failure resends only what was not stored, skipping and reporting the bad event', async () => {
    fake = await fakeHec((req) => {
      const envelopes = envelopesOf(req);
      const bad = envelopes.findIndex((e) => e.event === '');
      return bad < 0 ? OK : { status: 400, body: { text: 'Event field cannot be blank', code: 13, 'invalid-event-number': bad } };
    });
    hec = new HEC({ url: fake.url, apiKey: KEY });
    const error = (await hec.sendEventList(['a', 'b', '', 'c', 'd']).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.result.events).toBe(4);
    expect(error.result.rejections).toHaveLength(1);
    expect(error.result.rejections[0]).toMatchObject({ index: 2, count: 1 });
    expect(error.result.rejections[0]?.error.code).toBe(13);
    expect(fake.requests.map((r) => envelopesOf(r).map((e) => e.event))).toEqual([['a', 'b', '', 'c', 'd'], ['c', 'd']]);
  });

  it('reads code 7 positions as splunkd writes them (one past the bad event)', async () => {
    fake = await fakeHec((req) => {
      const envelopes = envelopesOf(req);
      const bad = envelopes.findIndex((e) => e.index === 'nope');
      return bad < 0 ? OK : { status: 400, body: { text: 'Incorrect index', code: 7, 'invalid-event-number': bad + 1 } };
    });
    hec = new HEC({ url: fake.url, apiKey: KEY });
    const error = (await hec.sendEventList([{ event: 'a' }, { event: 'b', index: 'nope' }, { event: 'c' }]).catch((e: unknown) => e)) as DeliveryError;
    expect(error.result.rejections[0]).toMatchObject({ index: 1, count: 1 });
    expect(fake.requests.map((r) => envelopesOf(r).map((e) => e.event))).toEqual([['a', 'b', 'c'], ['c']]);
  });

  it('batches by batchEvents and keeps at most `concurrency` requests in flight', async () => {
    fake = await fakeHec(() => ({ ...OK, delayMs: 20 }));
    hec = new HEC({ url: fake.url, apiKey: KEY, batchEvents: 10, concurrency: 3 });
    const progress: number[] = [];
    const events = (async function* () {
      for (let i = 0; i < 95; i++) yield `e${i}`;
    })();
    const result = await hec.sendEventList(events, { onProgress: (p) => progress.push(p.events) });
    expect(result.events).toBe(95);
    expect(result.requests).toBe(10);
    expect(fake.requests).toHaveLength(10);
    expect(fake.maxActive()).toBe(3);
    expect(progress.at(-1)).toBe(95);
  });

  it('batches a sync generator by batchBytes and sends every event once, in order', async () => {
    fake = await fakeHec(() => OK);
    hec = new HEC({ url: fake.url, apiKey: KEY, batchBytes: 200, sourcetype: 'st' });
    const texts = Array.from({ length: 40 }, (_, i) => `event ${i} ${'ü'.repeat(i % 7)}`);
    const result = await hec.sendEventList(
      (function* () {
        yield* texts;
      })(),
    );
    // Batches run concurrently (4 in flight), so requests may arrive in any order; each batch must be a
    // contiguous run of the input, in order, and together they must hold every event exactly once.
    const batches = fake.requests.map((r) => envelopesOf(r) as { event: string }[]);
    const firstIndex = (batch: { event: string }[]) => texts.indexOf(batch[0]?.event ?? '');
    const sent = [...batches].sort((a, b) => firstIndex(a) - firstIndex(b)).flat();
    expect(sent).toEqual(texts.map((event) => ({ event, sourcetype: 'st' })));
    expect(result).toMatchObject({ events: 40, requests: fake.requests.length, bytes: fake.requests.reduce((n, r) => n + Buffer.byteLength(r.body), 0) });
    // A batch is submitted once it reaches batchBytes, so only its last envelope may cross the limit.
    for (const request of fake.requests) expect(Buffer.byteLength(request.body.slice(0, request.body.lastIndexOf('\n')))).toBeLessThan(200);
    expect(fake.requests.length).toBeGreaterThan(5);
  });

  it('accepts a URL that already ends in /services/collector and gzips when asked', async () => {
    fake = await fakeHec(() => OK);
    hec = new HEC({ url: `${fake.url}/services/collector`, apiKey: KEY, gzip: true });
    await hec.sendEvent('zipped');
    expect(fake.requests[0]?.path).toBe('/services/collector/event');
    expect(fake.requests[0]?.headers['content-encoding']).toBe('gzip');
    expect(envelopesOf(fake.requests[0]!)[0]?.event).toBe('zipped');
  });

  it('lets concurrent sendEvent calls share one request', async () => {
    fake = await fakeHec(() => OK);
    hec = new HEC({ url: fake.url, apiKey: KEY, lingerMs: 20 });
    await Promise.all([hec.sendEvent('a'), hec.sendEvent('b'), hec.sendEvent('c')]);
    expect(fake.requests).toHaveLength(1);
    expect(envelopesOf(fake.requests[0]!)).toHaveLength(3);
  });
});
