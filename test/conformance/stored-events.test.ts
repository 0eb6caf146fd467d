/**
 * What accepted requests turn into, checked through search: envelopes and raw lines become events
 * with the metadata of §4.2/§4.7/§5, the accepted prefix of a failing batch is stored (§4.6) and
 * rejected envelopes are not. Every test uses its own marker, so tests do not see each other's events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUCCESS, envelopes, eventBlankAt, gzip, incorrectIndexAt, indexedFieldsAt } from '../helpers/hec.js';
import { marker, splunkAuth, startHecate, timestampMs } from '../helpers/server.js';
import type { Connector, Hecate, HttpReply, SearchEvent } from '../helpers/server.js';

let hecate: Hecate;
let json: Connector;
let raw: Connector;
let restricted: Connector;
let otherIndex: Connector;

/** 2023-11-14T22:13:20Z */
const T0 = 1_700_000_000;
const AROUND_T0 = { start: (T0 - 86_400) * 1000, end: (T0 + 86_400) * 1000 };

function post(body: string | Buffer, connector: Connector = json, path = '/services/collector/event', query?: Record<string, string>): Promise<HttpReply> {
  return hecate.hec(path, { body, headers: splunkAuth(connector.apiKey), ...(query === undefined ? {} : { query }) });
}

const raws = (events: SearchEvent[]): string[] => events.map((e) => String(e['@rawstring'])).sort();

/** Waits until `sync` is searchable, then returns how many events match `absent` (expected 0). */
async function countAfter(sync: string, syncCount: number, absent: string): Promise<number> {
  const synced = await hecate.waitForEvents(sync, syncCount);
  expect(synced).toHaveLength(syncCount);
  return (await hecate.search(absent)).length;
}

beforeAll(async () => {
  hecate = await startHecate();
  json = await hecate.createConnector({ name: marker('stored_json_'), parser: 'json' });
  raw = await hecate.createConnector({ name: marker('stored_raw_'), parser: 'raw' });
  restricted = await hecate.createConnector({ name: marker('stored_restricted_'), hec: { indexes: ['allowed'], defaultIndex: 'allowed' } });
  otherIndex = await hecate.createConnector({ name: marker('stored_default_index_'), hec: { defaultIndex: 'firewall' } });
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('envelopes become events (§4.1, §4.2)', () => {
  it('stores each envelope of a concatenated body as one event with its string as @rawstring', async () => {
    const m = marker();
    expect((await post(envelopes({ event: `${m} one` }, { event: `${m} two` }, { event: `${m} three` }))).status).toBe(200);
    const events = await hecate.waitForEvents(m, 3);
    expect(raws(events)).toEqual([`${m} one`, `${m} three`, `${m} two`]);
  });

  it('stores every element of a top-level array', async () => {
    const m = marker();
    expect((await post(`[{"event":"${m} a"},{"event":"${m} b"}]`)).status).toBe(200);
    expect(raws(await hecate.waitForEvents(m, 2))).toEqual([`${m} a`, `${m} b`]);
  });

  it('keeps an object event as its JSON text and extracts its fields with the json parser', async () => {
    const m = marker();
    const event = { marker: m, user: 'bob', count: 3 };
    expect((await post(envelopes({ event }))).status).toBe(200);
    const [stored] = await hecate.waitForEvents(m, 1);
    expect(JSON.parse(String(stored?.['@rawstring']))).toEqual(event);
    const byField = await hecate.search(`marker=${m} and user=bob`);
    expect(byField).toHaveLength(1);
  });

  it('tags events with the connector name, the connector id and the default index main', async () => {
    const m = marker();
    await post(envelopes({ event: m }));
    const [stored] = await hecate.waitForEvents(m, 1);
    expect(stored?.['#connector']).toBe(json.name);
    expect(stored?.['@dataConnectionID']).toBe(json.id);
    expect(stored?.['#repo']).toBe('main');
    expect(typeof stored?.['@id']).toBe('string');
  });

  it('finds events by #connector', async () => {
    const m = marker();
    await post(envelopes({ event: `${m} json` }));
    await post(envelopes({ event: `${m} other` }), otherIndex);
    await hecate.waitForEvents(m, 2);
    const mine = await hecate.search(`#connector=${json.name} and ${m}`);
    expect(raws(mine)).toEqual([`${m} json`]);
  });

  it('stores the envelope index as #repo', async () => {
    const m = marker();
    await post(envelopes({ event: m, index: 'web' }));
    const [stored] = await hecate.waitForEvents(m, 1);
    expect(stored?.['#repo']).toBe('web');
  });

  it("uses the connector's default index when the envelope names none", async () => {
    const m = marker();
    await post(envelopes({ event: m }), otherIndex);
    const [stored] = await hecate.waitForEvents(m, 1);
    expect(stored?.['#repo']).toBe('firewall');
  });

  it('stores host and source from the envelope as @host and @source', async () => {
    const m = marker();
    await post(envelopes({ event: m, host: 'web-01', source: '/var/log/app.log' }));
    const [stored] = await hecate.waitForEvents(m, 1);
    expect(stored?.['@host']).toBe('web-01');
    expect(stored?.['@source']).toBe('/var/log/app.log');
  });

  it('takes host, source and index from the query when the envelope has none, and lets the envelope win', async () => {
    const m = marker();
    await post(envelopes({ event: `${m} plain` }, { event: `${m} own`, host: 'own-host', index: 'own' }), json, '/services/collector/event', {
      host: 'query-host',
      source: 'query-source',
      index: 'queryindex',
    });
    const events = await hecate.waitForEvents(m, 2);
    const plain = events.find((e) => e['@rawstring'] === `${m} plain`);
    const own = events.find((e) => e['@rawstring'] === `${m} own`);
    expect([plain?.['@host'], plain?.['@source'], plain?.['#repo']]).toEqual(['query-host', 'query-source', 'queryindex']);
    expect([own?.['@host'], own?.['@source'], own?.['#repo']]).toEqual(['own-host', 'query-source', 'own']);
  });

  it('does not carry metadata from one envelope to the next', async () => {
    const m = marker();
    await post(envelopes({ event: `${m} first`, host: 'sticky-host', index: 'sticky' }, { event: `${m} second` }));
    const events = await hecate.waitForEvents(m, 2);
    const second = events.find((e) => e['@rawstring'] === `${m} second`);
    expect(second?.['@host']).not.toBe('sticky-host');
    expect(second?.['#repo']).toBe('main');
  });

  it('replaces bytes that are not UTF-8 with U+FFFD', async () => {
    const m = marker();
    await post(Buffer.concat([Buffer.from(`{"event":"${m} caf`), Buffer.from([0xe4]), Buffer.from('"}')]));
    const [stored] = await hecate.waitForEvents(m, 1);
    expect(stored?.['@rawstring']).toBe(`${m} caf\uFFFD`);
  });

  it('stores a gzip body', async () => {
    const m = marker();
    const reply = await hecate.hec('/services/collector/event', {
      body: gzip(envelopes({ event: `${m} zipped` })),
      headers: { ...splunkAuth(json.apiKey), 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(200);
    expect(raws(await hecate.waitForEvents(m, 1))).toEqual([`${m} zipped`]);
  });

  it('stores metrics as events', async () => {
    const host = marker('metrichost');
    await post(envelopes({ event: 'metric', host, fields: { 'metric_name:cpu': 1.5 } }, { host, fields: { 'metric_name:mem': 2 } }));
    expect(await hecate.waitForEvents(`@host=${host}`, 2)).toHaveLength(2);
  });
});

describe('time becomes @timestamp (§4.4)', () => {
  it.each([
    ['integer seconds', T0, T0 * 1000],
    ['fractional seconds', T0 + 0.25, T0 * 1000 + 250],
    ['millisecond precision', T0 + 0.123, T0 * 1000 + 123],
    ['a numeric string', String(T0 + 60), (T0 + 60) * 1000],
    ['a fractional numeric string', `${T0 + 120}.5`, (T0 + 120) * 1000 + 500],
  ])('reads time as %s', async (_case, time, expectedMs) => {
    const m = marker();
    expect((await post(envelopes({ event: m, time }))).status).toBe(200);
    const [stored] = await hecate.waitForEvents(m, 1, 3_000, AROUND_T0);
    expect(stored === undefined ? Number.NaN : timestampMs(stored)).toBe(expectedMs);
  });

  it('uses the receive time when time is absent', async () => {
    const m = marker();
    const before = Date.now();
    await post(envelopes({ event: m }));
    const after = Date.now();
    const [stored] = await hecate.waitForEvents(m, 1);
    const ts = stored === undefined ? Number.NaN : timestampMs(stored);
    expect(ts).toBeGreaterThanOrEqual(before - 1000);
    expect(ts).toBeLessThanOrEqual(after + 1000);
  });

  it('treats time: null as absent', async () => {
    const m = marker();
    const before = Date.now();
    await post(envelopes({ event: m, time: null }));
    const [stored] = await hecate.waitForEvents(m, 1);
    expect(stored === undefined ? 0 : timestampMs(stored)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('finds events by their time range, not by when they arrived', async () => {
    const m = marker();
    await post(envelopes({ event: `${m} old`, time: T0 }, { event: `${m} new` }));
    await hecate.waitForEvents(m, 1);
    await hecate.waitForEvents(m, 1, 3_000, AROUND_T0);
    const recent = await hecate.search(m, { start: '1h' });
    const old = await hecate.search(m, AROUND_T0);
    expect(raws(recent)).toEqual([`${m} new`]);
    expect(raws(old)).toEqual([`${m} old`]);
  });
});

describe('indexed fields (§4.5)', () => {
  it('makes fields searchable and turns # keys into tags', async () => {
    const m = marker();
    await post(envelopes({ event: m, fields: { '#env': 'prod', user: 'alice', gone: null } }));
    const [stored] = await hecate.waitForEvents(m, 1);
    expect(stored?.['#env']).toBe('prod');
    expect(String(stored?.user)).toBe('alice');
    expect(stored).not.toHaveProperty('gone');
    expect(await hecate.search(`#env=prod and user=alice and ${m}`)).toHaveLength(1);
  });
});

describe('partial batches (§4.6)', () => {
  it('stores the envelopes before the first bad one and none from it on', async () => {
    const kept = marker('kept');
    const dropped = marker('dropped');
    const reply = await post(
      envelopes({ event: `${kept} 0` }, { event: `${kept} 1` }, { event: '' }, { event: `${dropped} 3` }),
    );
    expect(reply.text).toBe(eventBlankAt(2));
    expect(await countAfter(kept, 2, dropped)).toBe(0);
    expect(raws(await hecate.search(kept))).toEqual([`${kept} 0`, `${kept} 1`]);
  });

  it('stores the prefix before a JSON syntax error', async () => {
    const kept = marker('kept');
    const reply = await post(`{"event":"${kept} 0"}{"event":"${kept} broken`);
    expect(reply.status).toBe(400);
    expect(raws(await hecate.waitForEvents(kept, 1))).toEqual([`${kept} 0`]);
  });

  it('stores the prefix before a disallowed index, not the event with it', async () => {
    const kept = marker('kept');
    const dropped = marker('dropped');
    const reply = await post(envelopes({ event: `${kept} ok` }, { event: `${dropped} bad`, index: 'elsewhere' }), restricted);
    expect(reply.text).toBe(incorrectIndexAt(2));
    expect(await countAfter(kept, 1, dropped)).toBe(0);
  });

  it('stores nothing from a batch whose first envelope is bad', async () => {
    const dropped = marker('dropped');
    const sync = marker('sync');
    const reply = await post(envelopes({ event: `${dropped} a`, time: 'yesterday' }, { event: `${dropped} b` }));
    expect(reply.text).toBe(indexedFieldsAt(0));
    expect((await post(envelopes({ event: sync }))).text).toBe(SUCCESS);
    expect(await countAfter(sync, 1, dropped)).toBe(0);
  });
});

describe('raw lines become events (§5)', () => {
  it('splits on \\n, \\r\\n and \\r and drops empty lines', async () => {
    const m = marker();
    const reply = await post(`${m} a\r\n${m} b\r${m} c\n\n\n${m} d\n`, raw, '/services/collector/raw');
    expect(reply.text).toBe(SUCCESS);
    expect(raws(await hecate.waitForEvents(m, 4))).toEqual([`${m} a`, `${m} b`, `${m} c`, `${m} d`]);
  });

  it('stores a JSON body as text without parsing it as envelopes', async () => {
    const m = marker();
    const body = `{"event":"${m}","index":"nope"}`;
    await post(body, raw, '/services/collector/raw');
    expect(raws(await hecate.waitForEvents(m, 1))).toEqual([body]);
  });

  it('applies the query metadata to every line', async () => {
    const m = marker();
    await post(`${m} 1\n${m} 2`, raw, '/services/collector/raw', { host: 'raw-host', source: 'raw-source', index: 'rawidx' });
    const events = await hecate.waitForEvents(m, 2);
    expect(events.map((e) => [e['@host'], e['@source'], e['#repo']])).toEqual([
      ['raw-host', 'raw-source', 'rawidx'],
      ['raw-host', 'raw-source', 'rawidx'],
    ]);
  });

  it('applies the query time to every line', async () => {
    const m = marker();
    await post(`${m} 1\n${m} 2`, raw, '/services/collector/raw', { time: String(T0) });
    const events = await hecate.waitForEvents(m, 2, 3_000, AROUND_T0);
    expect(events.map(timestampMs)).toEqual([T0 * 1000, T0 * 1000]);
  });

  it('stores the lines of a gzip raw body', async () => {
    const m = marker();
    const reply = await hecate.hec('/services/collector/raw', {
      body: gzip(`${m} x\n${m} y\n`),
      headers: { ...splunkAuth(raw.apiKey), 'content-encoding': 'gzip' },
    });
    expect(reply.status).toBe(200);
    expect(raws(await hecate.waitForEvents(m, 2))).toEqual([`${m} x`, `${m} y`]);
  });
});

describe('@requestId', () => {
  it('gives every event of one request the same @requestId and finds them all by it', async () => {
    const m = marker();
    await post(envelopes({ event: `${m} 1` }, { event: `${m} 2` }, { event: `${m} 3` }));
    const events = await hecate.waitForEvents(m, 3);
    const ids = new Set(events.map((e) => e['@requestId']));
    expect(ids.size).toBe(1);
    const [requestId] = [...ids];
    expect(typeof requestId).toBe('string');
    expect(await hecate.search(`@requestId="${String(requestId)}"`)).toHaveLength(3);
  });

  it('gives two requests different @requestIds', async () => {
    const m = marker();
    await post(envelopes({ event: `${m} a` }));
    await post(envelopes({ event: `${m} b` }));
    const events = await hecate.waitForEvents(m, 2);
    expect(new Set(events.map((e) => e['@requestId'])).size).toBe(2);
  });
});

describe('LogScale and NG-SIEM style clients (§13)', () => {
  it('stores the LogScale documentation example sent with Bearer and text/plain, with its # fields as tags', async () => {
    const m = marker();
    const body =
      `{"time":1537537729.0,"event":"Fri, 21 Sep 2018 13:48:49 GMT - system started name=webserver ${m}","source":"/var/log/application.log","sourcetype":"applog","fields":{"#env":"prod"}}` +
      `{"time":1537535729.0,"event":{"message":"System shutdown ${m}","host":{"ip":"127.0.0.1","port":2222}},"fields":{"#datacenter":"amazon-east1"}}`;
    const reply = await hecate.hec('/api/v1/ingest/hec', {
      body,
      headers: { authorization: `Bearer ${json.apiKey}`, 'content-type': 'text/plain; charset=utf-8' },
    });
    expect([reply.status, reply.text]).toEqual([200, SUCCESS]);
    const range = { start: Date.UTC(2018, 8, 20), end: Date.UTC(2018, 8, 22) };
    const events = await hecate.waitForEvents(m, 2, 3_000, range);
    expect(events).toHaveLength(2);
    const started = events.find((e) => String(e['@rawstring']).includes('system started'));
    const shutdown = events.find((e) => String(e['@rawstring']).includes('System shutdown'));
    expect([started?.['@source'], started?.['#env'], started === undefined ? 0 : timestampMs(started)]).toEqual([
      '/var/log/application.log',
      'prod',
      1537537729000,
    ]);
    expect([shutdown?.['#datacenter'], shutdown === undefined ? 0 : timestampMs(shutdown)]).toEqual(['amazon-east1', 1537535729000]);
  });

  it('stores a FalconPy send_event payload (event object only, no time) sent with Bearer', async () => {
    const m = marker();
    const payload = { event: { host: 'connection_test', timestamp: Date.now() * 1_000_000, timeunit: 'nanoseconds', test: m }, fields: { origin: 'falconpy' } };
    const reply = await hecate.hec('/services/collector', {
      body: JSON.stringify(payload),
      headers: { authorization: `Bearer ${json.apiKey}`, 'content-type': 'application/json' },
    });
    expect([reply.status, reply.text]).toEqual([200, SUCCESS]);
    const [stored] = await hecate.waitForEvents(m, 1);
    expect(JSON.parse(String(stored?.['@rawstring']))).toEqual(payload.event);
  });

  it('accepts a free-form channel on the LogScale raw alias and stores it as the field channel', async () => {
    const m = marker();
    const reply = await hecate.hec('/api/v1/ingest/hec/raw', { body: `${m} raw via alias`, query: { channel: 'foo' }, headers: splunkAuth(raw.apiKey) });
    expect([reply.status, reply.text]).toEqual([200, SUCCESS]);
    const [stored] = await hecate.waitForEvents(m, 1);
    expect(stored?.channel).toBe('foo');
  });
});

