import { describe, expect, it } from 'vitest';
import { IngestPayload } from './ingest-payload.js';
import { toEnvelope, toRawLine } from './payload-envelope.js';

const none = { sourcetype: undefined, host: undefined, index: undefined, source: undefined };

describe('toEnvelope', () => {
  it('builds the FalconPy body from a plain dict, plus top-level time and host', () => {
    const envelope = toEnvelope({ host: 'ABCD1234', message: 'hi', timestamp: 1_700_000_000_123_000_000, fields: { '#falconpy': 'HEC testing' } }, 'nanoseconds', none);
    expect(JSON.stringify(envelope)).toBe(
      JSON.stringify({
        time: 1_700_000_000.123,
        event: { host: 'ABCD1234', timestamp: 1_700_000_000_123_000_000, timeunit: 'nanoseconds', message: 'hi' },
        fields: { '#falconpy': 'HEC testing' },
        host: 'ABCD1234',
      }),
    );
  });

  it('builds the same event from an IngestPayload with custom keys, and generates the timestamp in its unit', () => {
    const before = Date.now();
    const envelope = toEnvelope(new IngestPayload({ host: 'h', custom: { a: 1 }, b: 2, timeunit: 'milliseconds' }), 'nanoseconds', none);
    const event = envelope.event as Record<string, unknown>;
    expect(Object.keys(event)).toEqual(['host', 'timestamp', 'timeunit', 'a', 'b']);
    expect(event.timeunit).toBe('milliseconds');
    expect(event.timestamp as number).toBeGreaterThanOrEqual(before);
    expect(envelope).not.toHaveProperty('fields');
    expect(envelope.time as number).toBeCloseTo((event.timestamp as number) / 1000, 3);
  });

  it.each([
    ['seconds', 1_700_000_000, 1_700_000_000],
    ['milliseconds', 1_700_000_000_500, 1_700_000_000.5],
    ['nanoseconds', 1_700_000_000_250_000_000, 1_700_000_000.25],
  ] as const)('maps an envelope time in %s to HEC seconds', (timeunit, time, seconds) => {
    expect(toEnvelope({ event: 'x', time, timeunit }, 'nanoseconds', none)).toEqual({ event: 'x', time: seconds });
  });

  it('passes an HEC envelope through and fills only missing metadata from the defaults', () => {
    const defaults = { sourcetype: 'st', host: 'dh', index: undefined, source: 'src' };
    expect(toEnvelope({ event: { a: 1 }, host: 'own' }, 'seconds', defaults)).toEqual({ event: { a: 1 }, host: 'own', sourcetype: 'st', source: 'src' });
    expect(toEnvelope('text', 'seconds', defaults)).toEqual({ event: 'text', sourcetype: 'st', host: 'dh', source: 'src' });
  });
});

describe('toRawLine', () => {
  it('sends strings as they are, envelope events as text, FalconPy payloads as FalconPy raw JSON', () => {
    expect(toRawLine('a line', 'seconds')).toBe('a line');
    expect(toRawLine({ event: { k: 'v' } }, 'seconds')).toBe('{"k":"v"}');
    expect(toRawLine({ host: 'h', timestamp: 5, msg: 'm', fields: { f: 1 } }, 'seconds')).toBe(
      '{"event":{"host":"h","timestamp":5,"timeunit":"seconds","msg":"m"}}',
    );
  });
});
