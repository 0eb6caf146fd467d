/**
 * Protocol reference §4.1 (framing), §4.3 (event validation), §4.6 (batches, invalid-event-number,
 * the code-7 +1 quirk), §9 (metrics). Replies are compared as exact text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NO_DATA,
  SUCCESS,
  envelopes,
  eventBlankAt,
  eventRequiredAt,
  incorrectIndexAt,
  invalidFormatAt,
} from '../helpers/hec.js';
import { marker, splunkAuth, startHecate } from '../helpers/server.js';
import type { Connector, Hecate, HttpReply } from '../helpers/server.js';

let hecate: Hecate;
let open: Connector;
/** indexes: ["allowed", "other"] — anything else is code 7. */
let restricted: Connector;

const EVENT = '/services/collector/event';

function post(body: string | Buffer, connector: Connector = open): Promise<HttpReply> {
  return hecate.hec(EVENT, { body, headers: splunkAuth(connector.apiKey) });
}

beforeAll(async () => {
  hecate = await startHecate();
  open = await hecate.createConnector({ name: marker('framing_open_') });
  restricted = await hecate.createConnector({
    name: marker('framing_restricted_'),
    hec: { indexes: ['allowed', 'other'], defaultIndex: 'allowed' },
  });
});

afterAll(async () => {
  await hecate?.dispose();
});

describe('framing (§4.1)', () => {
  it.each([
    ['concatenated with no separator', '{"event":"a"}{"event":"b"}{"event":"c"}'],
    ['newline separated', '{"event":"a"}\n{"event":"b"}\n'],
    ['CRLF separated', '{"event":"a"}\r\n{"event":"b"}\r\n'],
    ['separated by spaces and tabs', '{"event":"a"} \t {"event":"b"}'],
    ['surrounded by whitespace', ' \n\t{"event":"a"}\n\n '],
    ['a single envelope', '{"event":"only"}'],
    ['a top-level JSON array', '[{"event":"a"},{"event":"b"}]'],
    ['pretty-printed over several lines', '{\n  "event": "a",\n  "host": "h"\n}\n{\n  "event": "b"\n}'],
  ])('accepts envelopes %s', async (_case, body) => {
    const reply = await post(body);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it.each([
    ['an empty body', ''],
    ['a body of spaces', '   '],
    ['a body of mixed whitespace', ' \r\n\t \n'],
  ])('rejects %s with 400 code 5 and no invalid-event-number', async (_case, body) => {
    const reply = await post(body);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(NO_DATA);
  });

  it.each([
    ['a JSON string', '"{\\"foo\\":\\"bar\\"}"'],
    ['a number', '42'],
    ['true', 'true'],
    ['null', 'null'],
  ])('rejects a top-level %s with code 6 at position 0', async (_case, body) => {
    const reply = await post(body);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(invalidFormatAt(0));
  });

  it('rejects a non-object element of a top-level array with code 6 at its position', async () => {
    const reply = await post('[{"event":"a"},5]');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(invalidFormatAt(1));
  });

  it('continues positions across the elements of a top-level array', async () => {
    const reply = await post('[{"event":"a"},{"event":"b"},{"event":""}]');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(eventBlankAt(2));
  });

  it.each([
    ['at the first value', '{not json', 0],
    ['at the second value', '{"event":"a"}{"event":', 1],
    ['after two good values', '{"event":"a"}\n{"event":"b"}\n{"event":"c",}', 2],
    ['from a stray comma between values', '{"event":"a"},{"event":"b"}', 1],
  ])('rejects a JSON syntax error %s with code 6 at that position', async (_case, body, position) => {
    const reply = await post(body);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(invalidFormatAt(position));
  });

  it('validates each envelope before parsing the next: a blank event before garbage is code 13 at 0', async () => {
    const reply = await post('{"event":""}{not json');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(eventBlankAt(0));
  });

  it('accepts bytes that are not UTF-8', async () => {
    const reply = await post(Buffer.concat([Buffer.from('{"event":"caf'), Buffer.from([0xe4]), Buffer.from('"}')]));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('answers 20 000-deep nesting with code 6, never a 500', async () => {
    const reply = await post('['.repeat(20_000) + ']'.repeat(20_000));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(invalidFormatAt(0));
  });

  it('answers 20 000-deep unterminated nesting with code 6, never a 500', async () => {
    const reply = await post('{"a":'.repeat(20_000));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(invalidFormatAt(0));
  });

  it('keeps serving after a deeply nested request', async () => {
    await post('{"event":'.repeat(20_000));
    const reply = await post('{"event":"still alive"}');
    expect(reply.status).toBe(200);
  });
});

describe('the event value (§4.3)', () => {
  it.each([
    ['a string', 'hello'],
    ['an object', { k: 'v', n: 1 }],
    ['a non-empty array', ['a', 'b']],
    ['a number', 123],
    ['zero', 0],
    ['true', true],
    ['false', false],
    ['a string with surrounding spaces', '  padded  '],
  ])('accepts %s as the event', async (_case, event) => {
    const reply = await post(envelopes({ event }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('ignores unknown envelope keys', async () => {
    const reply = await post(envelopes({ event: 'x', somethingElse: { deep: [1, 2] }, timezone: 'Europe/Berlin', channel: 'whatever' }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('rejects an envelope without an event key with code 12', async () => {
    const reply = await post('{"sourcetype":"x"}');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(eventRequiredAt(0));
  });

  it('rejects an empty object envelope with code 12', async () => {
    const reply = await post('{}');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(eventRequiredAt(0));
  });

  it('rejects "event": null with code 6 (as splunkd does)', async () => {
    const reply = await post('{"event":null}');
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(invalidFormatAt(0));
  });

  it.each([
    ['an empty string', ''],
    ['spaces', '   '],
    ['tabs and newlines', '\t\n\r '],
  ])('rejects an event of %s with code 13', async (_case, event) => {
    const reply = await post(envelopes({ event }));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(eventBlankAt(0));
  });

  it('rejects an event larger than the 5 MB maxEventSize with code 6 at its position', async () => {
    const big = 'x'.repeat(6 * 1024 * 1024);
    const reply = await post(envelopes({ event: 'small' }, { event: big }));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(invalidFormatAt(1));
  });
});

describe('batches and invalid-event-number (§4.6)', () => {
  it.each([
    ['a blank event third', [{ event: 'a' }, { event: 'b' }, { event: '' }], eventBlankAt(2)],
    ['a missing event second', [{ event: 'a' }, { host: 'h' }, { event: 'c' }], eventRequiredAt(1)],
    ['a null event fourth', [{ event: 'a' }, { event: 'b' }, { event: 'c' }, { event: null }], invalidFormatAt(3)],
  ])('reports the zero-based position of the first bad envelope: %s', async (_case, items, expected) => {
    const reply = await post(envelopes(...items));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(expected);
  });

  it('reports only the first failure when several envelopes are bad', async () => {
    const reply = await post(envelopes({ event: 'a' }, { source: 's' }, { event: '' }));
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(eventRequiredAt(1));
  });
});

describe('index allow-list and the code-7 +1 quirk (§4.6, §2.4)', () => {
  it('reports a single event with a disallowed index as code 7 at position 1', async () => {
    const reply = await post(envelopes({ event: 'p', index: 'bad' }), restricted);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(incorrectIndexAt(1));
  });

  it('reports a disallowed index in the second envelope as code 7 at position 2', async () => {
    const reply = await post(envelopes({ event: 'ok' }, { event: 'p', index: 'bad' }), restricted);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(incorrectIndexAt(2));
  });

  it('accepts every index in the allow-list', async () => {
    const reply = await post(envelopes({ event: 'a', index: 'allowed' }, { event: 'b', index: 'other' }, { event: 'c' }), restricted);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('compares index names exactly (case-sensitive)', async () => {
    const reply = await post(envelopes({ event: 'a', index: 'Allowed' }), restricted);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(incorrectIndexAt(1));
  });

  it('lets a token with an empty allow-list write to any index, even one that does not exist', async () => {
    const reply = await post(envelopes({ event: 'a', index: marker('nonexistent_') }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('applies the +1 quirk only to code 7: a blank event before a bad index is code 13 at 0', async () => {
    const reply = await post(envelopes({ event: '' }, { event: 'p', index: 'bad' }), restricted);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe(eventBlankAt(0));
  });
});

describe('metrics (§9)', () => {
  it.each([
    [
      'a single-metric envelope',
      { time: 1486683865, event: 'metric', source: 'metrics', sourcetype: 'perflog', host: 'h', fields: { region: 'us-west-1', metric_name: 'total', _value: 1099511627776 } },
    ],
    [
      'a multi-metric envelope',
      { time: 1486683865, event: 'metric', host: 'h', fields: { region: 'us-west-1', 'metric_name:cpu.usr': 11.12, 'metric_name:cpu.sys': 12.23 } },
    ],
    ['a metric without an event key', { fields: { 'metric_name:mem.free': 42, host_group: 'a' } }],
    ['a metric with an empty event', { event: '', fields: { 'metric_name:mem.free': '42' } }],
    ['a metric with a null event', { event: null, fields: { 'metric_name:mem.used': 7 } }],
    [
      'an OpenTelemetry exporter gauge',
      { time: 1700000000.123, host: 'otel', source: 'otel', sourcetype: 'otel', index: 'metrics', event: 'metric', fields: { 'metric_name:k8s.pod.cpu': 0.5, metric_type: 'Gauge', 'k8s.pod.name': 'p1' } },
    ],
  ])('accepts %s', async (_case, envelope) => {
    const reply = await post(envelopes(envelope));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });

  it('accepts metrics batched with ordinary events', async () => {
    const reply = await post(envelopes({ event: 'log line' }, { fields: { 'metric_name:x': 1 } }, { event: 'metric', fields: { metric_name: 'y', _value: 2 } }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(SUCCESS);
  });
});
