/**
 * The "bad input" of event search, against the real binary: a malformed query answers 400 with its
 * position and a message (search and query jobs); an answer cut by a limit says so in its metadata,
 * for events, aggregate rows and groupBy's own group limit; a pathological regex over a long line
 * answers instead of holding the server; hostile field names and values are data, never SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, splunkAuth, startHecate, type Hecate } from '../helpers/server.js';

interface Answer {
  events?: Record<string, unknown>[];
  rows?: Record<string, string>[];
  meta: { eventCount: number; truncated: boolean; note?: string };
}
interface ErrorBody {
  error: { code: string; message: string; field?: string; errorCode?: string; position?: { start: number; end: number; line: number; column: number } };
}
interface JobView {
  done: boolean;
  events: Record<string, unknown>[];
  metaData: { eventCount: number; extraData?: { hasMoreEvents?: string; note?: string } };
}

const EVENTS = 30;
/** A field name and a value written to break out of SQL quoting, stored as sent. */
const HOSTILE_NAME = 'we"ird\'; DROP TABLE events; --';
const HOSTILE_VALUE = "x' OR '1'='1\"; DROP TABLE events; --";

let hecate: Hecate;
let tag: string;

async function search(query: string, extra: Record<string, unknown> = {}): Promise<{ status: number; body: Answer & ErrorBody }> {
  const reply = await hecate.api<Answer & ErrorBody>('POST', '/api/v1/search', { query, start: '1h', ...extra });
  return { status: reply.status, body: reply.body };
}

async function job(queryString: string, limit: number): Promise<JobView> {
  const created = await hecate.api<{ id: string }>('POST', '/api/v1/queryjobs', { queryString, start: '1h', limit });
  expect(created.status).toBe(200);
  for (;;) {
    const view = await hecate.api<JobView>('GET', `/api/v1/queryjobs/${created.body.id}`);
    expect(view.status).toBe(200);
    if (view.body.done) return view.body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  hecate = await startHecate();
  tag = marker('bad');
  const connector = await hecate.createConnector({ name: marker('src'), parser: 'json' });
  const now = Date.now() / 1000;
  const events = Array.from({ length: EVENTS }, (_, i) => ({ time: now - EVENTS + i, event: { run: tag, n: String(i), text: `${tag} line ${i}` } }));
  events.push({ time: now, event: { run: tag, n: 'long', text: `${tag} ${'a'.repeat(50_000)}!` } });
  // Spread over the hour, so a search walks several slices of its range (newest first) to fill its limit.
  const spread = [55, 40, 20, 5, 0.5].map((minutes, i) => ({ time: now - minutes * 60, event: { run: `${tag}-spread`, n: `s${i}` } }));
  events.push({ time: now, event: { run: tag, n: 'hostile', text: tag, [HOSTILE_NAME]: HOSTILE_VALUE } as never });
  const reply = await hecate.hec('/services/collector/event', { headers: splunkAuth(connector.apiKey), body: [...events, ...spread].map((e) => JSON.stringify(e)).join('\n') });
  expect(reply.status).toBe(200);
  await hecate.waitForEvents(`run=${tag}`, EVENTS + 2, 10_000);
  await hecate.waitForEvents(`run=${tag}-spread`, spread.length, 10_000);
}, 60_000);
afterAll(async () => {
  await hecate?.dispose();
});

describe('a malformed query', () => {
  it.each([
    ['a and (b', 'QUERY_SYNTAX'],
    ['groupBy(', 'QUERY_SYNTAX'],
    ['x | noSuchFunction()', 'QUERY_SYNTAX'],
  ])('%s answers 400 with a code, its position and a message', async (query) => {
    const res = await search(query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('QUERY_SYNTAX');
    expect(res.body.error.field).toBe('query');
    expect(res.body.error.position).toEqual({ start: expect.any(Number), end: expect.any(Number), line: 1, column: expect.any(Number) });
    expect(res.body.error.message.length).toBeGreaterThan(0);
  });

  it('answers 400 with its position when a query job is created, naming queryString', async () => {
    const res = await hecate.api<ErrorBody>('POST', '/api/v1/queryjobs', { queryString: 'x | noSuchFunction()', start: '1h' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'QUERY_SYNTAX', field: 'queryString', position: { start: 4 } });
  });
});

describe('an answer cut by a limit', () => {
  it('says so in meta for the events of a filter', async () => {
    const res = await search(`run=${tag}`, { limit: 5 });
    expect(res.status).toBe(200);
    expect(res.body.events).toHaveLength(5);
    expect(res.body.meta).toMatchObject({ truncated: true, note: expect.stringContaining('More than 5 events matched; the newest 5 are shown') });
  });

  it('lists the newest events across the whole range, however far apart they are', async () => {
    const three = await search(`run=${tag}-spread`, { limit: 3 });
    expect(three.body.events?.map((e) => e['n'])).toEqual(['s4', 's3', 's2']);
    expect(three.body.meta.truncated).toBe(true);
    const all = await search(`run=${tag}-spread`, { limit: 5 });
    expect(all.body.events?.map((e) => e['n'])).toEqual(['s4', 's3', 's2', 's1', 's0']);
    expect(all.body.meta).toMatchObject({ truncated: false });
    expect(all.body.meta.note).toBeUndefined();
    const assigned = await search(`run=${tag}-spread | m := n`, { limit: 3 });
    expect(assigned.body.events?.map((e) => e['m'])).toEqual(['s4', 's3', 's2']);
    expect(assigned.body.meta.truncated).toBe(true);
    const one = await search(`run=${tag}-spread | m := n`, { limit: 1 });
    expect(one.body.events?.map((e) => e['m'])).toEqual(['s4']);
  });

  it('says nothing when everything matched fits', async () => {
    const res = await search(`run=${tag} n=1`, { limit: 5 });
    expect(res.body.meta.truncated).toBe(false);
    expect(res.body.meta.note).toBeUndefined();
  });

  it('says so for the events of a pipeline and for aggregate rows', async () => {
    const events = await search(`run=${tag} | m := n`, { limit: 5 });
    expect(events.body.meta).toMatchObject({ truncated: true, note: expect.stringContaining('the newest 5 are shown') });
    const rows = await search(`run=${tag} | groupBy(n)`, { limit: 3 });
    expect(rows.body.rows).toHaveLength(3);
    expect(rows.body.meta).toMatchObject({ truncated: true, note: expect.stringContaining('More than 3 rows; the first 3 are shown') });
  });

  it("says when groupBy's own limit dropped groups, which later stages never see", async () => {
    const cut = await search(`run=${tag} | groupBy(n, limit=4) | sort(_count, limit=2)`);
    expect(cut.body.rows).toHaveLength(2);
    expect(cut.body.meta.note).toContain('groupBy() found more groups than its limit of 4');
    const whole = await search(`run=${tag} | groupBy(n, limit=1000) | sort(_count, limit=2)`);
    expect(whole.body.meta.note).toBeUndefined();
  });

  // n has 32 values. The note follows the cut through stages that reshape the rows (table, another
  // aggregate), a filter that leaves none, and into the evaluator (case runs only there).
  it.each([
    'groupBy(n, limit=4) | table([n, _count])',
    'groupBy(n, limit=4) | count()',
    'groupBy(n, limit=4) | groupBy(_count, function=count(as=groups))',
    'groupBy(n, limit=4) | _count > 5',
    'case { n=1 | x := "a"; * } | groupBy(n, limit=4)',
    'case { n=1 | x := "a"; * } | groupBy(n, limit=4) | table([n])',
    'groupBy(n, limit=4) | case { _count > 5 | many := "y"; * } | table([n, many])',
  ])("says when groupBy's limit dropped groups for %s", async (stages) => {
    const cut = await search(`run=${tag} | ${stages}`);
    expect(cut.status).toBe(200);
    expect(cut.body.meta.note).toContain('groupBy() found more groups than its limit of 4');
    const whole = await search(`run=${tag} | ${stages.replace('limit=4', 'limit=1000')}`);
    expect(whole.body.meta.note).toBeUndefined();
  });

  it("answers an output named like the compiler's own columns as any other name", async () => {
    const res = await search(`run=${tag} | groupBy(n, function=count(as=__group_total), limit=4) | table([n, __group_total, __ord])`);
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { n: '0', __group_total: '1' },
      { n: '1', __group_total: '1' },
      { n: '10', __group_total: '1' },
      { n: '11', __group_total: '1' },
    ]);
    expect(res.body.meta.note).toContain('groupBy() found more groups than its limit of 4');
  });

  it('says so in the metaData of a query job, for events and for groupBy', async () => {
    const events = await job(`run=${tag}`, 5);
    expect(events.events).toHaveLength(5);
    expect(events.metaData.extraData).toMatchObject({ hasMoreEvents: 'true', note: expect.stringContaining('the newest 5 are shown') });
    // Said once, for the whole job: not again for each slice it searched.
    expect(events.metaData.extraData?.note?.match(/are shown/g)).toHaveLength(1);
    const groups = await job(`run=${tag} | groupBy(n, limit=4)`, 100);
    expect(groups.metaData.extraData?.note).toContain('groupBy() found more groups than its limit of 4');
    const reshaped = await job(`run=${tag} | groupBy(n, limit=4) | table([n, _count])`, 100);
    expect(reshaped.metaData.extraData?.note).toContain('groupBy() found more groups than its limit of 4');
    const evaluated = await job(`run=${tag} | case { n=1 | x := "a"; * } | groupBy(n, limit=4)`, 100);
    expect(evaluated.events).toHaveLength(4);
    expect(evaluated.metaData.extraData?.note).toContain('groupBy() found more groups than its limit of 4');
  });
});

describe('a pathological regex', () => {
  // (a+)+$ backtracks exponentially on 50,000 "a"s followed by "!" in a backtracking engine. The
  // engine runs filters with RE2 (linear time); the evaluator's regex() falls back to V8's linear
  // engine after a bounded number of backtracks. Either way the answer comes, and is "no match".
  it.each([
    ['in a filter run by the engine', (t: string) => `run=${t} text=/(a+)+$/`],
    ['on @rawstring, run by the engine', (t: string) => `run=${t} /(a+)+$/`],
    ['in regex(), run by the evaluator', (t: string) => `run=${t} | regex("(?<x>(a+)+$)", field=text)`],
  ])('%s answers with no match instead of holding the server', async (_, queryOf) => {
    const res = await search(queryOf(tag));
    expect(res.status).toBe(200);
    expect(res.body.meta.eventCount).toBe(0);
    expect((await search(`run=${tag} n=long`)).body.meta.eventCount).toBe(1);
  });
});

describe('hostile field names and values', () => {
  const quoted = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

  it('are matched as data: the hostile event is found by its own name and value, and nothing else', async () => {
    const res = await search(`run=${tag} ${quoted(HOSTILE_NAME)}=${quoted(HOSTILE_VALUE)}`);
    expect(res.status).toBe(200);
    expect(res.body.events?.map((e) => e['n'])).toEqual(['hostile']);
    expect(res.body.events?.[0]?.[HOSTILE_NAME]).toBe(HOSTILE_VALUE);
  });

  // The table is built before beforeAll runs, so each query is a function of the run's tag.
  it.each([
    ['a value', (t: string) => `run=${t} n=${quoted("1' OR '1'='1")}`, 0],
    ['free text', (t: string) => `run=${t} ${quoted("'); DROP TABLE events; --")}`, 0],
    ['a group field', (t: string) => `run=${t} | groupBy(${quoted(HOSTILE_NAME)})`, 1],
    ['an assigned name', (t: string) => `run=${t} n=1 | ${quoted('a"; DROP TABLE events; --')} := n | table([${quoted('a"; DROP TABLE events; --')}])`, 1],
    ['a renamed field', (t: string) => `run=${t} n=1 | rename(n, as=${quoted('x"]`; DELETE FROM events; --')})`, 1],
  ])('through %s leave every event in place', async (_, queryOf, results) => {
    const query = queryOf(tag);
    const res = await search(query);
    expect(res.status).toBe(200);
    expect(res.body.meta.eventCount, JSON.stringify(res.body)).toBe(results);
    expect((await search(`run=${tag}`, { limit: 1000 })).body.meta.eventCount).toBe(EVENTS + 2);
  });
});
