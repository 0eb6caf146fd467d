import { describe, expect, it } from 'vitest';
import { decodeEventBody, type DecodeOptions, type DecodeResult } from './envelope-decoder.js';

const options: DecodeOptions = {
  defaults: { index: 'main', host: '10.1.2.3', source: 'query-source' },
  maxEventSize: 1000,
};

function decode(body: string | Uint8Array, extra: Partial<DecodeOptions> = {}) {
  return decodeEventBody(body, { ...options, ...extra });
}

describe('decodeEventBody framing', () => {
  it.each([
    ['concatenated without a separator', '{"event":"a"}{"event":"b"}{"event":"c"}'],
    ['newline separated', '{"event":"a"}\n{"event":"b"}\r\n{"event":"c"}\n'],
    ['space and tab separated', '  {"event":"a"} \t{"event":"b"}   {"event":"c"}'],
    ['a top-level array', '[{"event":"a"},{"event":"b"} , {"event":"c"}]'],
    ['an array followed by an object', '[{"event":"a"},{"event":"b"}]{"event":"c"}'],
  ])('accepts envelopes %s', (_label, body) => {
    const result = decode(body);
    expect(result.error).toBeUndefined();
    expect(result.events.map((e) => e.raw)).toEqual(['a', 'b', 'c']);
  });

  it.each(['', '   ', '\n\r\n\t', '[]', '[ ] []'])('answers code 5 without a position for %j', (body) => {
    expect(decode(body)).toEqual({ events: [], error: { code: 5 } });
  });

  it.each([
    ['a JSON string', '"{\\"foo\\":\\"bar\\"}"', 0],
    ['a number', '{"event":"ok"} 42', 1],
    ['null', 'null', 0],
    ['a non-object array element', '[{"event":"ok"}, "x"]', 1],
    ['a nested array', '[[{"event":"x"}]]', 0],
    ['a syntax error in the second value', '{"event":"first"}{"event":"second"', 1],
    ['garbage after a value', '{"event":"first"}xyz', 1],
    ['an unterminated string', '{"event":"first', 0],
    ['a missing comma in an array', '[{"event":"a"} {"event":"b"}]', 1],
    ['a trailing comma in an array', '[{"event":"a"},]', 1],
    ['an unclosed array', '[{"event":"a"}', 1],
    ['mismatched brackets', '{"event":"a"]', 0],
    ['a bad literal inside', '{"event":tru}', 0],
  ])('answers code 6 at the position of %s', (_label, body, position) => {
    const result = decode(body);
    expect(result.error).toEqual({ code: 6, invalidEventNumber: position });
    expect(result.events).toHaveLength(position);
  });

  it('rejects 20,000-deep nesting with code 6 instead of crashing', () => {
    const deep = '{"event":' + '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000) + '}';
    expect(decode('{"event":"ok"}' + deep, { maxEventSize: 1e6 }).error).toEqual({ code: 6, invalidEventNumber: 1 });
  });

  it('rejects a deep array nesting too', () => {
    expect(decode('{"event":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}', { maxEventSize: 1e6 }).error).toEqual({
      code: 6,
      invalidEventNumber: 0,
    });
  });

  it('accepts nesting up to the configured depth', () => {
    const body = '{"event":' + '['.repeat(9) + ']'.repeat(9) + '}';
    expect(decode(body, { maxDepth: 10 }).error).toBeUndefined();
    expect(decode(body, { maxDepth: 9 }).error).toEqual({ code: 6, invalidEventNumber: 0 });
  });

  it('decodes non-UTF-8 bytes lossily and continues', () => {
    const bytes = Uint8Array.from([...Buffer.from('{"event":"a'), 0xe4, ...Buffer.from('b"}')]);
    expect(decode(bytes).events[0]?.raw).toBe('a\ufffdb');
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(decode('\ufeff{"event":"a"}').events[0]?.raw).toBe('a');
  });

  it('handles quotes and backslashes inside strings', () => {
    const body = '{"event":"say \\"hi\\" \\\\","host":"h\\\\"}{"event":{"k":"}{\\""}}';
    const result = decode(body);
    expect(result.error).toBeUndefined();
    expect(result.events.map((e) => e.raw)).toEqual(['say "hi" \\', '{"k":"}{\\""}']);
    expect(result.events[0]?.host).toBe('h\\');
  });
});

describe('decodeEventBody validation', () => {
  it.each([
    ['no event key', '{"sourcetype":"x"}', 12],
    ['event null', '{"event":null}', 6],
    ['an empty event string', '{"event":""}', 13],
    ['a whitespace event string', '{"event":"  \\t "}', 13],
    ['an empty event object', '{"event":{}}', 13],
    ['an empty event array', '{"event":[]}', 13],
    ['a nested object field', '{"event":"x","fields":{"a":{}}}', 15],
    ['a nested array field', '{"event":"x","fields":{"a":[1,[1,2]]}}', 15],
    ['an object in a field array', '{"event":"x","fields":{"a":[{"key":"value"}]}}', 15],
    ['fields as a string', '{"event":"x","fields":"a=b"}', 15],
    ['fields as an array', '{"event":"x","fields":["a"]}', 15],
    ['a non-numeric time string', '{"event":"x","time":"yesterday"}', 15],
    ['an ISO time', '{"event":"x","time":"2026-01-01T00:00:00Z"}', 15],
    ['a numeric host', '{"event":"x","host":1}', 6],
    ['an object source', '{"event":"x","source":{}}', 6],
    ['a boolean sourcetype', '{"event":"x","sourcetype":true}', 6],
    ['an array index', '{"event":"x","index":["main"]}', 6],
  ])('rejects %s with code %i at its position', (_label, bad, code) => {
    const result = decode(`{"event":"ok"}\n${bad}\n{"event":"never"}`);
    expect(result.error).toEqual({ code, invalidEventNumber: 1 });
    expect(result.events.map((e) => e.raw)).toEqual(['ok']);
  });

  it('validates an envelope before parsing the next one', () => {
    expect(decode('{"event":""}{not json').error).toEqual({ code: 13, invalidEventNumber: 0 });
  });

  it('checks event presence before fields and time', () => {
    expect(decode('{"time":"bad","fields":{"a":{}}}').error).toEqual({ code: 12, invalidEventNumber: 0 });
  });

  it('reports positions across array elements: [ok, ok, bad] → 2', () => {
    expect(decode('[{"event":"a"},{"event":"b"},{"event":""}]').error).toEqual({ code: 13, invalidEventNumber: 2 });
  });

  it('reports a disallowed index one position later, like splunkd', () => {
    const allowedIndexes = new Set(['main', 'web']);
    expect(decode('{"event":"p","index":"bad"}', { allowedIndexes }).error).toEqual({ code: 7, invalidEventNumber: 1 });
    const result = decode('{"event":"ok"}{"event":"p","index":"bad"}', { allowedIndexes });
    expect(result.error).toEqual({ code: 7, invalidEventNumber: 2 });
    expect(result.events).toHaveLength(1);
  });

  it('accepts an allowed envelope index and resolves absent ones to the default', () => {
    const result = decode('{"event":"a","index":"web"}{"event":"b"}', { allowedIndexes: new Set(['main', 'web']) });
    expect(result.events.map((e) => e.index)).toEqual(['web', 'main']);
  });

  it('rejects an envelope larger than maxEventSize with code 6', () => {
    const big = `{"event":"${'x'.repeat(990)}"}`;
    expect(decode(`{"event":"ok"}${big}`).error).toEqual({ code: 6, invalidEventNumber: 1 });
  });

  it('counts the size in UTF-8 bytes', () => {
    const envelope = `{"event":"${'é'.repeat(400)}"}`; // 412 characters, 812 bytes
    expect(decode(envelope, { maxEventSize: 812 }).error).toBeUndefined();
    expect(decode(envelope, { maxEventSize: 811 }).error).toEqual({ code: 6, invalidEventNumber: 0 });
  });

  it.each([
    ['a number', '{"event":123}', '123'],
    ['a boolean', '{"event":true}', 'true'],
    ['a non-blank string', '{"event":" padded "}', ' padded '],
  ])('accepts %s as the event', (_label, body, raw) => {
    expect(decode(body).events[0]).toMatchObject({ raw, structured: false });
  });
});

describe('decodeEventBody output', () => {
  it('keeps a structured event as its original JSON text', () => {
    const body = '{"time":1,"event": {"message":"System shutdown", "host":{"ip":"127.0.0.1","port":2222}} ,"fields":{"#dc":"x"}}';
    const [event] = decode(body).events;
    expect(event?.raw).toBe('{"message":"System shutdown", "host":{"ip":"127.0.0.1","port":2222}}');
    expect(event?.structured).toBe(true);
  });

  it('uses the last event member when the key repeats, as JSON.parse does', () => {
    expect(decode('{"event":{"a":1},"event":[2]}').events[0]?.raw).toBe('[2]');
  });

  it('re-serialises the event when a member name has escapes', () => {
    expect(decode('{"event":{"a":1},"ev\\u0065nt":{"b": 2}}').events[0]?.raw).toBe('{"b":2}');
  });

  it('fills every field from the envelope', () => {
    const body = JSON.stringify({
      time: 1700000000.5,
      event: 'text',
      host: 'h',
      source: 's',
      sourcetype: 'st',
      index: 'idx',
      fields: { '#env': 'prod', n: 1, list: ['a', 2, true], gone: null },
      timezone: 'Europe/Paris',
      unknown: 'ignored',
    });
    expect(decode(body).events[0]).toEqual({
      raw: 'text',
      structured: false,
      timeMs: 1700000000500,
      timeNanos: 0,
      host: 'h',
      source: 's',
      sourcetype: 'st',
      index: 'idx',
      fields: { '#env': 'prod', n: 1, list: ['a', 2, true] },
      metric: undefined,
      timezone: 'Europe/Paris',
    });
  });

  it('falls back to the request defaults and leaves time absent', () => {
    const event = decode('{"event":"x","time":null,"host":null}').events[0];
    expect(event).toMatchObject({ host: '10.1.2.3', source: 'query-source', index: 'main', timeMs: undefined });
    expect(event?.sourcetype).toBeUndefined();
  });

  it('drops nulls inside field arrays', () => {
    expect(decode('{"event":"x","fields":{"a":[1,null,2]}}').events[0]?.fields).toEqual({ a: [1, 2] });
  });

  it.each([
    ['event "metric"', '{"event":"metric","fields":{"metric_name":"cpu","_value":1}}', 'metric'],
    ['no event and metric_name: fields', '{"fields":{"metric_name:cpu.usr":11.12}}', 'metric'],
    ['event null and metric_name: fields', '{"event":null,"fields":{"metric_name:cpu":1}}', 'metric'],
    ['an empty event and metric_name: fields', '{"event":"","fields":{"metric_name:cpu":1}}', 'metric'],
  ])('accepts a metric envelope with %s', (_label, body, raw) => {
    const result = decode(body);
    expect(result.error).toBeUndefined();
    expect(result.events[0]).toMatchObject({ raw, metric: true });
  });
});

describe('decodeEventBody, envelopes that repeat the previous one after their event', () => {
  /** The reference: every envelope decoded in a body of its own (no previous envelope to reuse). */
  function oneByOne(envelopes: readonly string[], options: DecodeOptions): DecodeResult {
    const events: DecodeResult['events'] = [];
    for (let i = 0; i < envelopes.length; i++) {
      const alone = decodeEventBody(envelopes[i] ?? '', options);
      if (alone.error !== undefined) return { events, error: { code: alone.error.code, invalidEventNumber: i + (alone.error.invalidEventNumber ?? 0) } };
      events.push(...alone.events);
    }
    return { events };
  }

  const tails = [
    ',"time":1700000000.123,"host":"edge-1","source":"/var/log/app.log","fields":{"@collect.host":"edge-1","@collect.file":"/var/log/app.log"}}',
    ',"time":"1700000001","index":"main","sourcetype":"st","fields":{"k":["a","b"]}}',
    ',"host":"h2"}',
    '}',
    ',"fields":{"metric_name":"cpu","_value":1}}',
    ',"index":"forbidden"}',
    ',"time":"not a time"}',
  ];
  const texts = ['a line', 'é ünïcödé \u2028 "quoted" \\ back', '', '   ', 'metric', 'x'.repeat(300), 'tab\there'];

  it('decodes every body as if each envelope were alone', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const options: DecodeOptions = { defaults: { index: 'main', host: 'default-host' }, allowedIndexes: new Set(['main']), maxEventSize: 200 };
    for (let round = 0; round < 300; round++) {
      const envelopes: string[] = [];
      let tail = tails[next(tails.length)] ?? '}';
      for (let i = 0; i < 1 + next(12); i++) {
        if (next(4) === 0) tail = tails[next(tails.length)] ?? '}';
        const text = texts[next(texts.length)] ?? '';
        // Mostly the collector's shape; sometimes a space after the key or a structured event.
        const shape = next(8);
        const event = shape === 0 ? `{"event": ${JSON.stringify(text)}` : shape === 1 ? `{"event":{"msg":${JSON.stringify(text)}}` : `{"event":${JSON.stringify(text)}`;
        envelopes.push(event + tail);
      }
      const body = envelopes.join(next(2) === 0 ? '\n' : '');
      expect(decodeEventBody(body, options), body).toEqual(oneByOne(envelopes, options));
    }
  });

  it('does not carry a metric envelope over to the events after it', () => {
    const tail = ',"fields":{"metric_name":"cpu","_value":1}}';
    const { events } = decodeEventBody(`{"event":"metric"${tail}{"event":"a line"${tail}`, { defaults: { index: 'main' }, maxEventSize: 1000 });
    expect(events.map((e) => [e.raw, e.metric])).toEqual([
      ['metric', true],
      ['a line', undefined],
    ]);
  });
});
