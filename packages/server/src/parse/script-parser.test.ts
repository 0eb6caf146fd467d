import { compileParser } from '@hecate/lang';
import { describe, expect, it } from 'vitest';
import type { IncomingEvent } from '../events.js';
import type { HecConnector } from '../receive/types.js';
import { buildEvents } from './event-builder.js';
import { createScriptParser } from './script-parser.js';

const connector: HecConnector = {
  id: 'c1',
  name: 'fw',
  enabled: true,
  parser: 'acme',
  hec: { useAck: false, allowQueryStringAuth: false, indexes: [], defaultIndex: 'main' },
};

function scriptParser(script: string, tagFields: string[] = [], removed: string[] = []) {
  const compiled = compileParser(script);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  return createScriptParser({ name: 'acme', description: '', tagFields, fieldsToBeRemovedBeforeParsing: removed }, compiled);
}

const ingestMs = 1_700_000_000_000;
const build = (parser: ReturnType<typeof scriptParser>, incoming: IncomingEvent[], explain = false) =>
  buildEvents(incoming, { connector, parser, requestId: 'r', ingestMs, explain });

describe('script parsers at ingest', () => {
  const acme = scriptParser(
    'kvParse() | Vendor := "acme" | event.module := "fw" | source.ip := src | @timestamp := t',
    ['Vendor', 'event.module'],
  );

  it('moves tag fields to #tags, takes @timestamp from the parser, keeps the rest as fields', () => {
    const { events, parseErrors } = build(acme, [{ raw: 'src=10.0.0.1 t=1600000000123', structured: false, index: 'main', timeMs: 5 }]);
    expect(parseErrors).toBe(0);
    const [e] = events;
    expect(e?.tags).toEqual({ '#Vendor': 'acme', '#event.module': 'fw' });
    expect(e?.fields).toEqual({ src: '10.0.0.1', t: '1600000000123', 'source.ip': '10.0.0.1' });
    expect(e?.timestamp).toBe(1_600_000_000_123);
    expect(e?.rawstring).toBe('src=10.0.0.1 t=1600000000123');
    expect(e?.type).toBe('acme');
  });

  it('falls back to HEC time, then ingest time, and says which was used', () => {
    const noTime = scriptParser('kvParse()');
    const result = build(noTime, [
      { raw: 'a=1', structured: false, index: 'main', timeMs: 1_600_000_000_000, timeNanos: 7 },
      { raw: 'a=2', structured: false, index: 'main' },
    ], true);
    expect(result.events.map((e) => e.timestamp)).toEqual([1_600_000_000_000, ingestMs]);
    expect(result.events[0]?.timestampNanos).toBe(7);
    expect(result.timestampSources).toEqual(['hec', 'ingest']);
    expect(build(acme, [{ raw: 't=1', structured: false, index: 'main' }], true).timestampSources).toEqual(['parser']);
  });

  it('gives the script the HEC fields minus fieldsToBeRemovedBeforeParsing, and lets it drop them', () => {
    const p = scriptParser('seen := concat([env, secret]) | drop([noise])', [], ['secret']);
    const [e] = build(p, [{ raw: 'x', structured: false, index: 'main', fields: { env: 'prod', secret: 's', noise: 'n', '#team': 'blue' } }]).events;
    expect(e?.fields).toEqual({ env: 'prod', seen: 'prod' });
    expect(e?.tags).toEqual({ '#team': 'blue' });
  });

  it('counts events the parser dropped and stores nothing for them', () => {
    const p = scriptParser('kvParse() | level != "debug"');
    const result = build(p, [
      { raw: 'level=debug', structured: false, index: 'main' },
      { raw: 'level=info', structured: false, index: 'main' },
      { raw: 'level=debug', structured: false, index: 'main' },
    ]);
    expect(result.droppedByParser).toBe(2);
    expect(result.events.map((e) => e.rawstring)).toEqual(['level=info']);
  });

  it('stores every event a parser emits for one input', () => {
    const p = scriptParser('splitString(field=@rawstring, by=";", as=part) | split(part)');
    const result = build(p, [{ raw: 'a;b;c', structured: false, index: 'main' }], true);
    expect(result.events.length).toBeGreaterThan(1);
    expect(result.inputIndexes?.every((i) => i === 0)).toBe(true);
    expect(new Set(result.events.map((e) => e.id)).size).toBe(result.events.length);
  });

  it('keeps an event whose parser failed, marked with @error and #error, and counts it', () => {
    const p = scriptParser('parseTimestamp("yyyy-MM-dd", field=@rawstring)');
    const result = build(p, [{ raw: 'not a date', structured: false, index: 'main' }]);
    expect(result.parseErrors).toBe(1);
    const [e] = result.events;
    expect(e?.rawstring).toBe('not a date');
    expect(e?.tags['#error']).toBe('true');
    expect(e?.fields).toMatchObject({ '@error': 'true', '@event_parsed': 'false' });
    expect(e?.fields['@error_msg']).toEqual(expect.any(String));
  });
});
