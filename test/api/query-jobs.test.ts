/**
 * Query jobs, the histogram and field statistics against the real binary, with events sent over HEC:
 * a job shows partial results and ends with exactly what POST /api/v1/search answers; DELETE cancels;
 * jobs are private to their creator and bounded in number (429); live jobs follow new events; the
 * histogram counts per bucket (empty ones included) with a human span; field statistics count fields
 * and values, the same whether the engine or the evaluator lists the events; the audit log stays
 * hidden from searchers without audit:read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, splunkAuth, startHecate, type Hecate } from '../helpers/server.js';

interface JobView {
  done: boolean;
  cancelled: boolean;
  events: Record<string, unknown>[];
  metaData: {
    eventCount: number;
    processedEvents: number;
    processedBytes: number;
    timeMillis: number;
    isAggregate: boolean;
    fieldNames: string[];
    totalWork: number;
    workDone: number;
    resultBufferSize?: number;
    extraData?: { hasMoreEvents?: string; note?: string };
  };
}
interface ErrorBody {
  error: { code: string; field?: string; errorCode?: string; position?: { start: number } };
}
interface Reply<B> {
  status: number;
  body: B;
}

const MINUTE = 60_000;
let hecate: Hecate;
let connectorName: string;
let apiKey: string;
let run: string;
let NOW: number;
/** The searched hour, as absolute times, so jobs and /search see the same range. */
let HOUR: { start: number; end: number };
let analystToken: string;
let readOnlyToken: string;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function call<B>(method: string, path: string, body?: unknown, token?: string): Promise<Reply<B>> {
  if (token === undefined) {
    const reply = await hecate.api<B>(method, path, body);
    return { status: reply.status, body: reply.body };
  }
  const res = await fetch(hecate.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as B };
}

async function createJob(body: Record<string, unknown>, token?: string): Promise<string> {
  const reply = await call<{ id: string }>('POST', '/api/v1/queryjobs', body, token);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.id;
}

/** Polls until done; every answer seen, the last one done. */
async function pollUntilDone(id: string, token?: string): Promise<JobView[]> {
  const seen: JobView[] = [];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const reply = await call<JobView>('GET', `/api/v1/queryjobs/${id}`, undefined, token);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    seen.push(reply.body);
    if (reply.body.done) return seen;
    if (Date.now() > deadline) throw new Error(`job ${id} not done after 30 s: ${JSON.stringify(reply.body.metaData)}`);
    await sleep(5);
  }
}

/** Creates a job, waits for it, deletes it, and returns its final answer. */
async function runJob(body: Record<string, unknown>, token?: string): Promise<JobView> {
  const id = await createJob(body, token);
  const seen = await pollUntilDone(id, token);
  expect((await call('DELETE', `/api/v1/queryjobs/${id}`, undefined, token)).status).toBe(204);
  return seen[seen.length - 1] as JobView;
}

async function syncSearch(query: string, limit = 200, token?: string): Promise<{ events?: unknown[]; rows?: unknown[]; meta: { fieldNames?: string[] } }> {
  const reply = await call<{ events?: unknown[]; rows?: unknown[]; meta: { fieldNames?: string[] } }>('POST', '/api/v1/search', { query, ...HOUR, limit }, token);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

async function send(events: { time: number; event: Record<string, unknown> }[]): Promise<void> {
  const reply = await hecate.hec('/services/collector/event', { headers: splunkAuth(apiKey), body: events.map((e) => JSON.stringify(e)).join('\n') });
  expect(reply.status, reply.text).toBe(200);
}

async function signIn(role: string): Promise<string> {
  const username = marker(role.replace('_', ''));
  const password = `password for ${username}`;
  expect((await hecate.api('POST', '/api/v1/users', { username, password, role })).status).toBe(201);
  const res = await fetch(`${hecate.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { token: string }).token;
}

/** Epoch seconds of `minutes` before NOW (HEC `time`). */
const ago = (minutes: number): number => Math.floor((NOW - minutes * MINUTE) / 1000);

beforeAll(async () => {
  hecate = await startHecate();
  connectorName = marker('jobs');
  apiKey = (await hecate.createConnector({ name: connectorName, parser: 'json' })).apiKey;
  run = marker('run');
  NOW = Date.now();
  HOUR = { start: NOW - 60 * MINUTE, end: NOW };
  // Eight events spread over the hour, in every slice a job walks (1, 4, 16 and 39 minutes).
  const spread = [0.5, 2, 3, 10, 20, 30, 45, 59].map((m, i) => ({
    time: ago(m),
    event: { run, user: i % 2 === 0 ? 'ann' : 'bob', action: i % 3 === 0 ? 'deny' : 'allow', bytes: String(10 * (i + 1)), rare: m === 0.5 || m === 45 ? 'yes' : 'no' },
  }));
  await send(spread);
  // Twenty thousand older events: an evaluator stage over them keeps a job busy long enough to be seen running.
  for (let batch = 0; batch < 20; batch++) {
    await send(Array.from({ length: 1000 }, (_, i) => ({ time: ago(31 + ((batch * 1000 + i) % 28)), event: { run, bulk: 'yes', n: batch * 1000 + i, rare: 'no' } })));
  }
  // Every request was answered after a durable write; indexing follows within moments, so wait for all of it.
  let counted = await syncSearch(`run=${run} | count()`);
  for (const deadline = Date.now() + 30_000; (counted.rows?.[0] as { _count?: string } | undefined)?._count !== String(20_008) && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    counted = await syncSearch(`run=${run} | count()`);
  }
  expect(counted.rows).toEqual([{ _count: String(20_008) }]);
  analystToken = await signIn('analyst');
  readOnlyToken = await signIn('read_only');
}, 120_000);

afterAll(async () => {
  await hecate?.dispose();
});

describe('POST /api/v1/queryjobs and polling', () => {
  it('shows partial results while the job runs, newest first, and ends with the answer of /search', async () => {
    const query = `run=${run} | parseJson(prefix="p.") | p.rare=yes`;
    const id = await createJob({ queryString: query, ...HOUR });
    const seen = await pollUntilDone(id);
    const partial = seen.filter((v) => !v.done && v.events.length > 0);
    expect(partial.length, 'polls that saw events before the job was done').toBeGreaterThan(0);
    expect(partial[0]?.metaData.workDone).toBeLessThan(partial[0]?.metaData.totalWork ?? 0);
    expect(partial[0]?.events.map((e) => e['p.user'])).toEqual(['ann']);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.metaData.workDone).toBeGreaterThanOrEqual(seen[i - 1]!.metaData.workDone);
    const final = seen[seen.length - 1] as JobView;
    expect(final.metaData.workDone).toBe(final.metaData.totalWork);
    expect(final.events).toEqual((await syncSearch(query)).events);
    expect(final.events).toHaveLength(2);
    expect(final.metaData.processedEvents).toBe(20_008);
    expect(final.metaData.processedBytes).toBeGreaterThan(20_008 * 40);
    expect((await call('DELETE', `/api/v1/queryjobs/${id}`)).status).toBe(204);
  });

  it.each([
    ['a filter', () => `run=${run} action=deny`, 200],
    ['a filter cut by its limit', () => `run=${run}`, 3],
    ['a pipeline with an evaluator stage', () => `run=${run} bulk!=yes | kvParse() | user=bob`, 200],
    ['an aggregate', () => `run=${run} | groupBy(user, function=[count(), sum(bytes), avg(bytes), min(n), max(n)])`, 200],
    ['timeChart', () => `run=${run} bulk!=yes | timeChart(span=10m)`, 200],
    ['head, which depends on the whole range', () => `run=${run} | head(3)`, 200],
    ['sort and select', () => `run=${run} bulk!=yes | sort(bytes, order=asc) | select([user, bytes])`, 200],
  ])('answers what /search answers for %s', async (_name, queryOf, limit) => {
    const query = queryOf();
    const job = await runJob({ queryString: query, ...HOUR, limit });
    const sync = await syncSearch(query, limit);
    expect(job.events).toEqual(sync.rows ?? sync.events);
    expect(job.events.length).toBeGreaterThan(0);
    expect(job.metaData.isAggregate).toBe(sync.rows !== undefined);
    if (sync.rows !== undefined) expect(job.metaData.fieldNames).toEqual(sync.meta.fieldNames);
  });

  it('describes the run in metaData, and says when the limit cut the events', async () => {
    const job = await runJob({ queryString: `run=${run}`, ...HOUR, limit: 3 });
    expect(job).toMatchObject({ done: true, cancelled: false });
    expect(job.events.map((e) => e['rare'])).toEqual(['yes', 'no', 'no']);
    expect(job.metaData).toMatchObject({ eventCount: 3, isAggregate: false, resultBufferSize: 3, extraData: { hasMoreEvents: 'true' } });
    expect(job.metaData.extraData?.note).toContain('more than 3 events matched');
    expect(job.metaData.fieldNames).toEqual(expect.arrayContaining(['@timestamp', '@rawstring', '#connector', 'run', 'user']));
    const whole = await runJob({ queryString: `run=${run} bulk!=yes`, ...HOUR });
    expect(whole.metaData.extraData).toBeUndefined();
    expect(whole.metaData.eventCount).toBe(8);
  });

  it('checks the query when the job is created: 400 with the position of the error', async () => {
    const reply = await call<ErrorBody>('POST', '/api/v1/queryjobs', { queryString: 'a and (b', start: '1h' });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'QUERY_SYNTAX', field: 'queryString', errorCode: 'MISSING_CLOSE_PAREN', position: { start: 6 } });
  });

  it.each([
    [{ queryString: 'x', start: '1h', repository: 'main' }, 'UNKNOWN_FIELD', 'repository'],
    [{ queryString: 'x', start: 'yesterday' }, 'INVALID_TIME', 'start'],
    [{ queryString: 'x', start: '1h', isLive: 'yes' }, 'INVALID_FIELD', 'isLive'],
    [{ queryString: 'x', start: '1h', isLive: true, end: 1_700_000_000_000 }, 'INVALID_FIELD', 'end'],
    [{ queryString: 'x', start: '1h', limit: 0 }, 'INVALID_FIELD', 'limit'],
  ])('refuses %j with 400 %s', async (body, code, field) => {
    const reply = await call<ErrorBody>('POST', '/api/v1/queryjobs', body);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code, field });
  });

  it('cancels a running job on DELETE (204); the job is gone afterwards', async () => {
    const id = await createJob({ queryString: `run=${run} | parseJson(prefix="p.") | p.rare=yes`, ...HOUR });
    const running = await call<JobView>('GET', `/api/v1/queryjobs/${id}`);
    expect(running.body.done).toBe(false);
    expect((await call('DELETE', `/api/v1/queryjobs/${id}`)).status).toBe(204);
    expect((await call<ErrorBody>('GET', `/api/v1/queryjobs/${id}`)).body.error.code).toBe('NOT_FOUND');
    expect((await call('DELETE', `/api/v1/queryjobs/${id}`)).status).toBe(404);
  });

  it("answers 404 to another user's poll or delete, and 403 to a user who may not search", async () => {
    const id = await createJob({ queryString: `run=${run}`, ...HOUR });
    expect((await call<ErrorBody>('GET', `/api/v1/queryjobs/${id}`, undefined, analystToken)).status).toBe(404);
    expect((await call<ErrorBody>('DELETE', `/api/v1/queryjobs/${id}`, undefined, analystToken)).status).toBe(404);
    expect((await call<JobView>('GET', `/api/v1/queryjobs/${id}`)).status).toBe(200);
    expect((await call('DELETE', `/api/v1/queryjobs/${id}`)).status).toBe(204);
    const own = await runJob({ queryString: `run=${run} user=ann bulk!=yes`, ...HOUR }, analystToken);
    expect(own.events).toHaveLength(4);
    expect((await call<ErrorBody>('POST', '/api/v1/queryjobs', { queryString: 'x' }, readOnlyToken)).status).toBe(403);
  });

  it('keeps a live job running over a window ending now: never done, and new events appear', async () => {
    const id = await createJob({ queryString: `run=${run} live=*`, start: '5m', isLive: true });
    const first = await call<JobView>('GET', `/api/v1/queryjobs/${id}`);
    expect(first.body.done).toBe(false);
    await send([{ time: Math.floor(Date.now() / 1000), event: { run, live: 'first' } }]);
    await hecate.waitForEvents(`run=${run} live=first`, 1, 10_000, { start: '10m' });
    const deadline = Date.now() + 15_000;
    let view = first.body;
    while (view.events.length === 0 && Date.now() < deadline) {
      await sleep(250);
      view = (await call<JobView>('GET', `/api/v1/queryjobs/${id}`)).body;
      expect(view.done).toBe(false);
    }
    expect(view.events.map((e) => e['live'])).toEqual(['first']);
    expect((await call('DELETE', `/api/v1/queryjobs/${id}`)).status).toBe(204);
  });

  it('hides the audit log from a searcher without audit:read', async () => {
    const admin = await runJob({ queryString: '#repo=audit', start: '1h' });
    expect(admin.events.length).toBeGreaterThan(0);
    const analyst = await runJob({ queryString: '#repo=audit', start: '1h' }, analystToken);
    expect(analyst.events).toEqual([]);
    const histogram = await call<{ meta: { eventCount: number } }>('POST', '/api/v1/search/histogram', { query: '#repo=audit', start: '1h' }, analystToken);
    expect(histogram.body.meta.eventCount).toBe(0);
    const fields = await call<{ meta: { sampledEvents: number } }>('POST', '/api/v1/search/fields', { query: '#repo=audit', start: '1h' }, analystToken);
    expect(fields.body.meta.sampledEvents).toBe(0);
  });
});

describe('POST /api/v1/search/histogram', () => {
  let hist: string;
  /** A 10-minute window aligned to 10 minutes, two hours back. */
  let T: number;

  beforeAll(async () => {
    hist = marker('hist');
    T = Math.floor((NOW - 2 * 60 * MINUTE) / (10 * MINUTE)) * 10 * MINUTE;
    const at = (ms: number) => Math.floor((T + ms) / 1000);
    await send([
      { time: at(30_000), event: { hist, user: 'ann' } },
      { time: at(31_000), event: { hist, user: 'bob' } },
      { time: at(5 * MINUTE + 10_000), event: { hist, user: 'ann' } },
    ]);
    await hecate.waitForEvents(`hist=${hist}`, 3, 10_000, { start: '3h' });
  });

  const histogram = (body: Record<string, unknown>) =>
    call<{ buckets: { start: number; end: number; count: number }[]; span: string; spanMillis: number; meta: { eventCount: number } } & ErrorBody>('POST', '/api/v1/search/histogram', body);

  it('counts events per bucket with the span that fits the asked number, empty buckets included', async () => {
    const reply = await histogram({ query: `hist=${hist}`, start: T, end: T + 10 * MINUTE - 1, buckets: 10 });
    expect(reply.status).toBe(200);
    expect(reply.body.span).toBe('1m');
    expect(reply.body.spanMillis).toBe(MINUTE);
    expect(reply.body.buckets.map((b) => b.count)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(reply.body.buckets[5]).toEqual({ start: T + 5 * MINUTE, end: T + 6 * MINUTE, count: 1 });
    expect(reply.body.meta.eventCount).toBe(3);
  });

  it.each([
    [undefined, '10s', 60],
    [3, '5m', 2],
    [1, '10m', 1],
  ])('with buckets=%s chooses %s (%i buckets)', async (buckets, span, n) => {
    const reply = await histogram({ query: `hist=${hist}`, start: T, end: T + 10 * MINUTE - 1, ...(buckets === undefined ? {} : { buckets }) });
    expect(reply.body.span).toBe(span);
    expect(reply.body.buckets).toHaveLength(n);
    expect(reply.body.buckets.reduce((s, b) => s + b.count, 0)).toBe(3);
  });

  it('cuts the first and last bucket to the range', async () => {
    const reply = await histogram({ query: `hist=${hist}`, start: T + 20_000, end: T + 2 * MINUTE + 4_999, buckets: 3 });
    expect(reply.body.span).toBe('1m');
    expect(reply.body.buckets).toEqual([
      { start: T + 20_000, end: T + MINUTE, count: 2 },
      { start: T + MINUTE, end: T + 2 * MINUTE, count: 0 },
      { start: T + 2 * MINUTE, end: T + 2 * MINUTE + 5_000, count: 0 },
    ]);
  });

  it('counts what the events list of a pipeline of filters shows, as /search finds it', async () => {
    const query = `run=${run} | user=ann | bytes > 20`;
    const reply = await histogram({ query, ...HOUR, buckets: 4 });
    expect(reply.body.meta.eventCount).toBe((await syncSearch(query)).events?.length);
    expect(reply.body.meta.eventCount).toBe(3);
  });

  it.each([
    [`hist=${'x'} | count()`, 'AGGREGATE'],
    [`hist=${'x'} | parseJson()`, 'EVALUATOR_STAGE'],
  ])('refuses %s with 400 UNSUPPORTED_QUERY (%s)', async (query, errorCode) => {
    const reply = await histogram({ query, start: '1h' });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'UNSUPPORTED_QUERY', errorCode, field: 'query' });
  });

  it('answers 400 for a malformed query, a bad buckets value and an unknown field', async () => {
    expect((await histogram({ query: 'a and (b' })).body.error).toMatchObject({ code: 'QUERY_SYNTAX', position: { start: 6 } });
    expect((await histogram({ query: '', buckets: 0 })).body.error).toMatchObject({ code: 'INVALID_FIELD', field: 'buckets' });
    expect((await histogram({ query: '', span: '1m' })).body.error).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'span' });
  });
});

describe('POST /api/v1/search/fields', () => {
  interface Fields {
    fields: { name: string; count: number; distinctValues: number; topValues: { value: string; count: number }[] }[];
    meta: { sampledEvents: number; sample: number };
  }
  const fields = (body: Record<string, unknown>) => call<Fields & ErrorBody>('POST', '/api/v1/search/fields', body);
  const field = (answer: Fields, name: string) => answer.fields.find((f) => f.name === name);

  it('lists every field of the matching events with its count and top values, metadata columns and tags included', async () => {
    const reply = await fields({ query: `run=${run} bulk!=yes`, ...HOUR });
    expect(reply.status).toBe(200);
    expect(reply.body.meta).toMatchObject({ sampledEvents: 8, sample: 10_000 });
    expect(field(reply.body, 'user')).toEqual({ name: 'user', count: 8, distinctValues: 2, topValues: [{ value: 'ann', count: 4 }, { value: 'bob', count: 4 }] });
    expect(field(reply.body, 'action')?.topValues).toEqual([{ value: 'allow', count: 5 }, { value: 'deny', count: 3 }]);
    expect(field(reply.body, '#connector')).toMatchObject({ count: 8, topValues: [{ value: connectorName, count: 8 }] });
    expect(field(reply.body, '@host')?.count).toBe(8);
    expect(field(reply.body, '@timestamp')).toMatchObject({ count: 8, distinctValues: 8 });
    expect(field(reply.body, 'bytes')?.topValues).toHaveLength(8);
    expect(field(reply.body, 'bulk')).toBeUndefined();
  });

  it('looks at the newest `sample` events only', async () => {
    const reply = await fields({ query: `run=${run}`, ...HOUR, sample: 2 });
    expect(reply.body.meta.sampledEvents).toBe(2);
    expect(field(reply.body, 'rare')?.topValues).toEqual([{ value: 'no', count: 1 }, { value: 'yes', count: 1 }]);
  });

  it('counts the same whether the engine lists the events or the query changes fields first', async () => {
    const plain = await fields({ query: `run=${run} bulk!=yes`, ...HOUR });
    // An assignment changes the events' fields, so the events are read and counted outside the engine.
    const changed = await fields({ query: `run=${run} bulk!=yes | scratch := "1"`, ...HOUR });
    expect(changed.status).toBe(200);
    expect(field(changed.body, 'scratch')).toEqual({ name: 'scratch', count: 8, distinctValues: 1, topValues: [{ value: '1', count: 8 }] });
    expect(changed.body.fields.filter((f) => f.name !== 'scratch')).toEqual(plain.body.fields);
  });

  it('counts the fields an evaluator stage adds', async () => {
    const reply = await fields({ query: `run=${run} bulk!=yes | parseJson(prefix="p.")`, ...HOUR });
    expect(field(reply.body, 'p.user')).toMatchObject({ count: 8, distinctValues: 2 });
  });

  it('refuses an aggregate with 400 UNSUPPORTED_QUERY and a sample out of range with 400', async () => {
    expect((await fields({ query: `run=${run} | top(user)` })).body.error).toMatchObject({ code: 'UNSUPPORTED_QUERY', errorCode: 'AGGREGATE' });
    expect((await fields({ query: '', sample: 10_001 })).body.error).toMatchObject({ code: 'INVALID_FIELD', field: 'sample' });
  });
});

describe('limits', () => {
  it('refuses a job past the server-wide limit of stored jobs with 429, and accepts again once one is deleted', async () => {
    const ids: string[] = [];
    let refused: Reply<ErrorBody> | undefined;
    for (let i = 0; i < 101 && refused === undefined; i++) {
      const reply = await call<{ id: string } & ErrorBody>('POST', '/api/v1/queryjobs', { queryString: 'nothing-matches-this', start: '1m' });
      if (reply.status === 200) ids.push(reply.body.id);
      else refused = reply;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.body.error.code).toBe('TOO_MANY_QUERY_JOBS');
    expect(ids.length).toBeLessThanOrEqual(100);
    expect((await call('DELETE', `/api/v1/queryjobs/${ids.pop() as string}`)).status).toBe(204);
    const again = await call<{ id: string }>('POST', '/api/v1/queryjobs', { queryString: 'nothing-matches-this', start: '1m' });
    expect(again.status).toBe(200);
    ids.push(again.body.id);
    for (const id of ids) expect((await call('DELETE', `/api/v1/queryjobs/${id}`)).status).toBe(204);
  });
});
