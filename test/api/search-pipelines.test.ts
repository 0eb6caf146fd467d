/**
 * POST /api/v1/search with pipelines, against the real binary: aggregates answer {rows, meta} with
 * isAggregate and fieldNames, event pipelines answer {events}, stages SQL cannot run go through the
 * evaluator, bad pipelines answer 400 with a code and a position, and the internal repositories stay
 * out of aggregates unless the query names #repo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, splunkAuth, startHecate, type Hecate } from '../helpers/server.js';

let hecate: Hecate;
let tag: string;

interface Answer {
  events?: Record<string, unknown>[];
  rows?: Record<string, string>[];
  meta: { isAggregate?: boolean; fieldNames?: string[]; eventCount: number; truncated: boolean };
}

async function search(query: string): Promise<{ status: number; body: Answer & { code?: string; errorCode?: string; position?: { start: number } } }> {
  const reply = await hecate.api<Answer>('POST', '/api/v1/search', { query, start: '1h' });
  return { status: reply.status, body: reply.body as Answer & { code?: string; errorCode?: string; position?: { start: number } } };
}

beforeAll(async () => {
  hecate = await startHecate();
  tag = marker('pipe');
  const connector = await hecate.createConnector({ name: marker('fw') });
  const events = [
    { user: 'ann', bytes: '100', action: 'login' },
    { user: 'ann', bytes: '50', action: 'logout' },
    { user: 'bob', bytes: '7', action: 'login' },
  ].map((fields) => JSON.stringify({ event: `${tag} user=${fields.user} bytes=${fields.bytes}`, fields: { ...fields, run: tag } }));
  const reply = await hecate.hec('/services/collector/event', { headers: splunkAuth(connector.apiKey), body: events.join('\n') });
  expect(reply.status).toBe(200);
  // A rejected request lands in the connection_errors repository: it must not be counted below.
  await hecate.hec('/services/collector/event', { headers: splunkAuth(connector.apiKey), body: `{"event":"", "m":"${tag}"}` });
  await hecate.waitForEvents(`#repo=connection_errors ${tag}`, 1, 10_000);
  await hecate.waitForEvents(tag, 3, 10_000);
}, 60_000);
afterAll(async () => {
  await hecate?.dispose();
});

describe('POST /api/v1/search with pipelines', () => {
  it('answers a groupBy with rows, isAggregate and fieldNames', async () => {
    const { status, body } = await search(`run=${tag} | groupBy(user, function=[count(), sum(bytes)]) | sort(_count)`);
    expect(status).toBe(200);
    expect(body.rows).toEqual([
      { user: 'ann', _count: '2', _sum: '150' },
      { user: 'bob', _count: '1', _sum: '7' },
    ]);
    expect(body.meta).toMatchObject({ isAggregate: true, fieldNames: ['user', '_count', '_sum'] });
    expect(body.events).toBeUndefined();
  });

  it('answers an event pipeline with events', async () => {
    const { status, body } = await search(`run=${tag} | kb := bytes * 2 | kb > 50 | select([user, kb])`);
    expect(status).toBe(200);
    expect(body.events).toEqual([{ user: 'ann', kb: '100' }, { user: 'ann', kb: '200' }]);
    expect(body.meta.isAggregate).toBe(false);
  });

  it('runs stages SQL cannot express in the evaluator, then aggregates', async () => {
    const { body } = await search(`run=${tag} | kvParse(prefix="kv.") | case { kv.bytes > 60 | size := "big"; * | size := "small" } | top(size)`);
    expect(body.rows).toEqual([{ size: 'small', _count: '2' }, { size: 'big', _count: '1' }]);
  });

  it('keeps the connection_errors repository out of a count unless the query names #repo', async () => {
    expect((await search(`${tag} | count()`)).body.rows).toEqual([{ _count: '3' }]);
    expect((await search(`count() | _count > 0`)).body.rows?.length).toBe(1);
    const named = await search(`#repo=connection_errors ${tag} | count()`);
    expect(Number(named.body.rows?.[0]?._count)).toBeGreaterThanOrEqual(1);
  });

  it('answers 400 with the code and position of an unknown function', async () => {
    const { status, body } = await search(`run=${tag} | groupBi(user)`);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('UNKNOWN_FUNCTION');
    expect(JSON.stringify(body)).toContain('"start":');
  });

  it('keeps the filter-only answer as it was', async () => {
    const { body } = await search(`run=${tag}`);
    expect(body.events).toHaveLength(3);
    expect(body.meta).not.toHaveProperty('isAggregate');
  });
});
