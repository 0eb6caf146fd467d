import { describe, expect, it } from 'vitest';
import type { IncomingEvent, StoredEvent } from '../events.js';
import type { HecConnector } from '../receive/types.js';
import { BUILTIN_PARSERS } from './builtin-parsers.js';
import { buildEvents } from './event-builder.js';
import { flattenJson } from './flatten-json.js';

const connector: HecConnector = {
  id: 'c1',
  name: 'fw',
  enabled: true,
  parser: 'json',
  hec: { useAck: false, allowQueryStringAuth: false, indexes: [], defaultIndex: 'main' },
};

const ctx = (parser: string) => ({ connector, parser: BUILTIN_PARSERS.get(parser)!, requestId: 'req-1', ingestMs: 1_700_000_000_000 });

describe('flattenJson', () => {
  it('joins nested keys with dots and indexes arrays', () => {
    const out: Record<string, string> = {};
    flattenJson({ a: { b: 1, c: [true, { d: null }] }, e: 'x' }, '', out);
    expect(out).toEqual({ 'a.b': '1', 'a.c[0]': 'true', 'a.c[1].d': 'null', e: 'x' });
  });

  it('survives very deep nesting without recursion', () => {
    let v: unknown = 'leaf';
    for (let i = 0; i < 50_000; i++) v = { k: v };
    const out: Record<string, string> = {};
    flattenJson(v, '', out);
    expect(Object.values(out)).toEqual(['leaf']);
  });
});

describe('buildEvents', () => {
  it('adds the metadata of the event model', () => {
    const incoming: IncomingEvent[] = [
      { raw: 'hello', structured: false, index: 'main', host: 'h1', source: 's1', sourcetype: 'st', timeMs: 1_600_000_000_500, timeNanos: 250 },
    ];
    const [e] = buildEvents(incoming, ctx('raw')).events;
    expect(e).toMatchObject({
      timestamp: 1_600_000_000_500,
      timestampNanos: 250,
      ingestTimestamp: 1_700_000_000_000,
      rawstring: 'hello',
      host: 'h1',
      source: 's1',
      sourcetype: 'st',
      connector: 'fw',
      repo: 'main',
      type: 'raw',
      connectionId: 'c1',
      requestId: 'req-1',
      tags: {},
      fields: {},
    });
  });

  it('uses ingest time when the event has no time', () => {
    const [e] = buildEvents([{ raw: 'x', structured: false, index: 'main' }], ctx('raw')).events;
    expect(e?.timestamp).toBe(1_700_000_000_000);
  });

  it('gives every event a unique id that sorts by ingest time', () => {
    const many = Array.from({ length: 1000 }, () => ({ raw: 'x', structured: false, index: 'main' }));
    const a = buildEvents(many, ctx('raw')).events.map((e) => e.id);
    const b = buildEvents(many, { ...ctx('raw'), ingestMs: 1_700_000_000_001 }).events.map((e) => e.id);
    expect(new Set([...a, ...b]).size).toBe(2000);
    expect(a.every((id) => id < (b[0] as string))).toBe(true);
  });

  it('turns HEC fields starting with # into tags and the rest into fields', () => {
    const [e] = buildEvents([{ raw: 'x', structured: false, index: 'main', fields: { '#env': 'prod', region: 'eu', n: 3, list: ['a', 'b'] } }], ctx('raw')).events;
    expect(e?.tags).toEqual({ '#env': 'prod' });
    expect(e?.fields).toEqual({ region: 'eu', n: '3', list: '["a","b"]' });
  });

  it('json parser turns a structured event into fields', () => {
    const [e] = buildEvents([{ raw: '{"user":{"name":"ann"},"ok":true}', structured: true, index: 'main' }], ctx('json')).events;
    expect(e?.fields).toEqual({ 'user.name': 'ann', ok: 'true' });
  });

  it('json parser also parses JSON text sent as a string event', () => {
    const [e] = buildEvents([{ raw: ' {"a":[1,2]}', structured: false, index: 'main' }], ctx('json')).events;
    expect(e?.fields).toEqual({ 'a[0]': '1', 'a[1]': '2' });
  });

  it('builds the tags and fields of consecutive events with the same HEC fields object once, each as if alone', () => {
    const hec: IncomingEvent['fields'] = { '#env': 'prod', '@collect.host': 'edge-1', n: 3, list: ['a', 1] };
    const line = (raw: string, extra: Partial<IncomingEvent> = {}): IncomingEvent => ({ raw, structured: false, index: 'main', fields: hec, ...extra });
    const incoming = [line('a'), line('b'), line('c', { timezone: 'UTC' }), line('d'), line('e'), line('f', { fields: { ...hec } })];
    const { events } = buildEvents(incoming, ctx('raw'));
    const alone = incoming.map((e) => buildEvents([e], ctx('raw')).events[0]);
    const withoutId = (e: StoredEvent | undefined): Omit<StoredEvent, 'id'> | undefined => (e === undefined ? e : { ...e, id: undefined } as Omit<StoredEvent, 'id'>);
    expect(events.map(withoutId)).toEqual(alone.map(withoutId));
    const [a, b, c, d, e, f] = events;
    expect(b?.fields).toBe(a?.fields);
    expect(b?.tags).toBe(a?.tags);
    // `c` adds @timezone: built alone, and `d` is not built from it.
    expect(c?.fields).not.toBe(b?.fields);
    expect(d?.fields).not.toBe(c?.fields);
    expect(e?.fields).toBe(d?.fields);
    // Equal fields in another object are built again.
    expect(f?.fields).not.toBe(e?.fields);
  });

  it('keeps an event the json parser cannot read, marked with @error fields, and counts it', () => {
    const result = buildEvents([{ raw: 'not json', structured: false, index: 'main' }], ctx('json'));
    expect(result.parseErrors).toBe(1);
    const [e] = result.events;
    expect(e?.rawstring).toBe('not json');
    expect(e?.tags).toEqual({ '#error': 'true' });
    expect(e?.fields).toMatchObject({ '@error': 'true', '@event_parsed': 'false' });
    expect(e?.fields['@error_msg']).toMatch(/not a JSON object/);
  });
});
