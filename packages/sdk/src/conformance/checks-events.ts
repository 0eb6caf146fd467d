/** Protocol reference §4.3 (the event value), §4.4 (`time`), §4.5 (`fields`), §9 (metrics). */
import { SUCCESS, eventBlankAt, eventRequiredAt, indexedFieldsAt, invalidFormatAt } from './replies.js';
import { envelopes, postEvent } from './requests.js';
import type { Check, CheckContext, Expected } from './types.js';

const E = '§4.3 event';
const T = '§4.4 time';
const F = '§4.5 fields';

const one = (name: string, section: string, envelope: (ctx: CheckContext) => Record<string, unknown>, expected: Expected): Check => ({
  name,
  section,
  request: (ctx) => postEvent(ctx, envelopes(envelope(ctx))),
  expected,
});
const text = (ctx: CheckContext, what: string): string => `${ctx.marker} ${what}`;

export const EVENT_CHECKS: Check[] = [
  one('an envelope without an event key is code 12', E, () => ({ sourcetype: 'x' }), eventRequiredAt(0)),
  one('an empty object envelope is code 12', E, () => ({}), eventRequiredAt(0)),
  one('"event": null is code 6 (as splunkd 9 answers)', E, () => ({ event: null }), invalidFormatAt(0)),
  one('"event": "" is code 13', E, () => ({ event: '' }), eventBlankAt(0)),
  one('a whitespace-only event is code 13', E, () => ({ event: ' \t ' }), eventBlankAt(0)),
  one('an object event is accepted', E, (ctx) => ({ event: { message: text(ctx, 'object'), n: 1 } }), SUCCESS),
  one('a number event is accepted', E, () => ({ event: 123 }), SUCCESS),
  one('unknown envelope keys are ignored', E, (ctx) => ({ event: text(ctx, 'extra keys'), somethingElse: { deep: [1] } }), SUCCESS),
  one('a metric without an event key is accepted', '§9 metrics', () => ({ fields: { 'metric_name:conformance.x': 1 } }), SUCCESS),
  one('integer epoch seconds are accepted', T, (ctx) => ({ event: text(ctx, 'time'), time: 1700000000 }), SUCCESS),
  one('a numeric string time is accepted', T, (ctx) => ({ event: text(ctx, 'time'), time: '1700000000.5' }), SUCCESS),
  one('a non-numeric time is code 15', T, (ctx) => ({ event: text(ctx, 'time'), time: 'yesterday' }), indexedFieldsAt(0)),
  one('an ISO-8601 time is code 15', T, (ctx) => ({ event: text(ctx, 'time'), time: '2026-01-01T00:00:00Z' }), indexedFieldsAt(0)),
  {
    name: 'a non-numeric time in the second envelope is code 15 at 1',
    section: T,
    request: (ctx) => postEvent(ctx, envelopes({ event: text(ctx, 'ok'), time: 1700000000 }, { event: text(ctx, 'bad'), time: 'noon' })),
    expected: indexedFieldsAt(1),
  },
  one('flat fields are accepted', F, (ctx) => ({ event: text(ctx, 'fields'), fields: { user: 'alice', n: 1, ok: true } }), SUCCESS),
  one('an array of scalars in fields is accepted', F, (ctx) => ({ event: text(ctx, 'fields'), fields: { list: [1, 2, 3] } }), SUCCESS),
  one('a nested object in fields is code 15', F, (ctx) => ({ event: text(ctx, 'fields'), fields: { nested: { a: 1 } } }), indexedFieldsAt(0)),
  one('an array inside an array in fields is code 15', F, (ctx) => ({ event: text(ctx, 'fields'), fields: { list: [1, [1, 2]] } }), indexedFieldsAt(0)),
  one('an object inside an array in fields is code 15', F, (ctx) => ({ event: text(ctx, 'fields'), fields: { list: [{ key: 'value' }] } }), indexedFieldsAt(0)),
];
