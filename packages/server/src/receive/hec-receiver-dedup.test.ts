import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StoreBusyError } from '../store/types.js';
import { connector, GUID, splunk, startHarness, type Harness } from './test-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ dedupWindowMs: 10_000 });
  h.keys.set('k1', connector('c1'));
  h.keys.set('k2', connector('c2'));
  h.keys.set('ack', connector('c3', { useAck: true }));
});
afterAll(() => h.close());
beforeEach(() => {
  h.calls.length = 0;
  h.onIngest = () => {};
});

const post = (id: string | undefined, body = '{"event":"x"}', key = 'k1', extra = {}) =>
  h.send('/services/collector', { body, headers: { ...splunk(key), ...(id === undefined ? {} : { 'x-request-id': id }), ...extra } });

describe('idempotent retries by X-Request-Id', () => {
  it('ingests a repeated id once and answers the repeat with the original reply', async () => {
    const first = await post('req-1');
    const second = await post('req-1', '{"event":"different body"}');
    expect(h.calls).toHaveLength(1);
    expect(second.status).toBe(first.status);
    expect(second.text).toBe(first.text);
    expect(second.headers['x-request-id']).toBe('req-1');
    expect(h.calls[0]?.context).toMatchObject({ requestId: 'req-1', requestKey: 'c1\u0000req-1' });
  });

  it('replays a partial-batch answer including its ackId', async () => {
    const headers = { 'x-splunk-request-channel': GUID };
    const first = await post('req-partial', '{"event":"a"}{"event":""}', 'ack', headers);
    const again = await post('req-partial', '{"event":"a"}{"event":""}', 'ack', headers);
    expect(first.status).toBe(400);
    expect(again.text).toBe(first.text);
    expect(h.calls).toHaveLength(1);
  });

  it('ingests the same id from two connectors twice', async () => {
    await post('shared-id', '{"event":"x"}', 'k1');
    await post('shared-id', '{"event":"x"}', 'k2');
    expect(h.calls.map((c) => c.context.requestKey)).toEqual(['c1\u0000shared-id', 'c2\u0000shared-id']);
  });

  it('makes a concurrent duplicate wait for the first and replay its answer', async () => {
    let release!: () => void;
    h.onIngest = () => new Promise<void>((resolve) => (release = resolve));
    const first = post('req-concurrent');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = post('req-concurrent');
    await new Promise((resolve) => setTimeout(resolve, 30));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.text).toBe('{"text":"Success","code":0}');
    expect(b.text).toBe(a.text);
    expect(h.calls).toHaveLength(1);
  });

  it('lets a duplicate proceed when the first failed with busy', async () => {
    h.onIngest = () => {
      throw new StoreBusyError(1);
    };
    expect((await post('req-busy')).status).toBe(503);
    h.onIngest = () => {};
    expect((await post('req-busy')).status).toBe(200);
    expect(h.calls).toHaveLength(1);
  });

  it('does not remember a request that committed nothing', async () => {
    expect((await post('req-empty', '')).body.code).toBe(5);
    expect((await post('req-empty', '{"event":"now"}')).status).toBe(200);
    expect(h.calls).toHaveLength(1);
  });

  it('forgets an id after the window', async () => {
    await post('req-old');
    h.clock += 10_001;
    await post('req-old');
    expect(h.calls).toHaveLength(2);
  });

  it('replays requests restored after a restart, within the window only', async () => {
    h.receiver.restoreDedup([
      { requestKey: 'c1\u0000restored', response: { status: 200, body: '{"text":"Success","code":0,"ackId":41}' }, committedAt: h.clock - 1000 },
      { requestKey: 'c1\u0000too-old', response: { status: 200, body: '{"text":"Success","code":0}' }, committedAt: h.clock - 20_000 },
    ]);
    expect((await post('restored')).text).toBe('{"text":"Success","code":0,"ackId":41}');
    await post('too-old');
    expect(h.calls).toHaveLength(1);
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['with a space', 'a b'],
    ['with a non-ASCII character', 'é'],
  ])('ignores an X-Request-Id %s, assigns an id and counts it', async (_label, id) => {
    const before = h.receiver.stats().invalidRequestIds;
    const reply = await h.send('/services/collector', {
      body: '{"event":"x"}',
      headers: { ...splunk('k1'), 'x-request-id': Buffer.from(id).toString('latin1') },
    });
    expect(h.calls[0]?.context.requestKey).toBeUndefined();
    expect(reply.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.receiver.stats().invalidRequestIds).toBe(before + 1);
  });

  it('assigns a unique id when none is sent and echoes it', async () => {
    const a = await post(undefined);
    const b = await post(undefined);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    expect(h.calls.map((c) => c.context.requestId)).toEqual([a.headers['x-request-id'], b.headers['x-request-id']]);
    expect(h.calls.every((c) => c.context.requestKey === undefined)).toBe(true);
  });

  it('counts dedup hits', async () => {
    const before = h.receiver.stats().dedupHits;
    await post('req-count');
    await post('req-count');
    expect(h.receiver.stats().dedupHits).toBe(before + 1);
  });
});
