import { describe, expect, it } from 'vitest';
import { envelopeEncoder } from './envelope-encoder.js';
import { IngestPayload } from './ingest-payload.js';
import { toEnvelope } from './payload-envelope.js';
import type { EventInput, Metadata } from './payload-envelope.js';

const none: Metadata = { sourcetype: undefined, host: undefined, index: undefined, source: undefined };
const some: Metadata = { sourcetype: 'st', host: 'dh', index: undefined, source: 'src' };

const inputs: Array<[string, EventInput]> = [
  ['a string', 'plain text "quoted" ü'],
  ['an envelope with an object event', { event: { a: 1, nested: { b: [1, 2] } }, time: 1_700_000_000.5, sourcetype: 'own' }],
  ['an envelope with every default set', { event: 'x', host: 'h', source: 's', sourcetype: 't', index: 'i' }],
  ['an envelope with a Date', { event: 'x', time: new Date(1_700_000_000_250) }],
  ['an envelope with a timeunit', { event: 'x', time: 1_700_000_000_250, timeunit: 'milliseconds' }],
  ['a FalconPy dict', { host: 'ABCD1234', message: 'hi', timestamp: 1_700_000_000_123_000_000, fields: { '#falconpy': 'HEC testing' } }],
  ['an IngestPayload', new IngestPayload({ host: 'h', timestamp: 5, custom: { a: 1 } })],
];

describe('envelopeEncoder', () => {
  it.each(inputs)('encodes %s to the JSON of toEnvelope, with and without defaults', (_name, input) => {
    for (const defaults of [none, some]) {
      const text = envelopeEncoder('seconds', defaults)(input);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(toEnvelope(input, 'seconds', defaults))));
    }
  });

  it('writes a string event as {"event": …} followed by the defaults, in toEnvelope key order', () => {
    const input = 'line with "quotes" and \\ and \n';
    expect(envelopeEncoder('seconds', some)(input)).toBe(JSON.stringify(toEnvelope(input, 'seconds', some)));
    expect(envelopeEncoder('seconds', none)(input)).toBe(JSON.stringify({ event: input }));
  });

  it('sends an envelope that needs no change as it is, without adding keys to it', () => {
    const envelope = { event: { k: 'v' }, time: 12, host: 'h' };
    expect(envelopeEncoder('seconds', none)(envelope)).toBe('{"event":{"k":"v"},"time":12,"host":"h"}');
    expect(envelope).toEqual({ event: { k: 'v' }, time: 12, host: 'h' });
  });
});
