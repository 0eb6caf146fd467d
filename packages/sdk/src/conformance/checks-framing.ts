/** Protocol reference §4.1 (framing) and §4.6 (batches, invalid-event-number, the code-7 +1 quirk). */
import { NO_DATA, SUCCESS, eventBlankAt, eventRequiredAt, incorrectIndexAt, invalidFormatAt } from './replies.js';
import { envelopes, postEvent, splunk } from './requests.js';
import type { Check, CheckContext, Expected } from './types.js';

const S = '§4.1 framing';
const B = '§4.6 batches';

const ev = (ctx: CheckContext, n: number): { event: string } => ({ event: `${ctx.marker} framing ${n}` });

const framing = (name: string, body: (ctx: CheckContext) => string, expected: Expected, section = S): Check => ({
  name,
  section,
  request: (ctx) => postEvent(ctx, body(ctx)),
  expected,
});

/** A random index name: no allow-list contains it. */
const badIndex = (ctx: CheckContext): string => `${ctx.marker}_not_allowed`;
const restricted = (name: string, body: (ctx: CheckContext) => string, expected: Expected): Check => ({
  name,
  section: B,
  needs: 'restrictedKey',
  request: (ctx) => postEvent(ctx, body(ctx), splunk(ctx.restrictedKey ?? '')),
  expected,
});

export const FRAMING_CHECKS: Check[] = [
  framing('envelopes concatenated with no separator', (ctx) => envelopes(ev(ctx, 1), ev(ctx, 2), ev(ctx, 3)), SUCCESS),
  framing('envelopes separated by newlines', (ctx) => `${envelopes(ev(ctx, 1))}\n${envelopes(ev(ctx, 2))}\n`, SUCCESS),
  framing('envelopes separated by CRLF', (ctx) => `${envelopes(ev(ctx, 1))}\r\n${envelopes(ev(ctx, 2))}\r\n`, SUCCESS),
  framing('a top-level JSON array is a batch', (ctx) => JSON.stringify([ev(ctx, 1), ev(ctx, 2)]), SUCCESS),
  framing('a pretty-printed envelope over several lines', (ctx) => JSON.stringify(ev(ctx, 1), null, 2), SUCCESS),
  framing('an empty body is 400 code 5 without invalid-event-number', () => '', NO_DATA),
  framing('a whitespace-only body is 400 code 5', () => ' \r\n\t ', NO_DATA),
  framing('a top-level JSON string is code 6 at 0', () => '"{\\"foo\\":\\"bar\\"}"', invalidFormatAt(0)),
  framing('a top-level null is code 6 at 0', () => 'null', invalidFormatAt(0)),
  framing('a syntax error in the second value is code 6 at 1', (ctx) => `${envelopes(ev(ctx, 1))}{"event":`, invalidFormatAt(1)),
  framing('a comma between values is code 6 at 1', (ctx) => `${envelopes(ev(ctx, 1))},${envelopes(ev(ctx, 2))}`, invalidFormatAt(1)),
  framing('a non-object array element is code 6 at its position', (ctx) => JSON.stringify([ev(ctx, 1), 5]), invalidFormatAt(1)),
  framing('20 000-deep nesting is code 6 at 0, never a 500', () => '['.repeat(20_000) + ']'.repeat(20_000), invalidFormatAt(0)),
  framing('partial batch: a blank third event is code 13 at 2', (ctx) => envelopes(ev(ctx, 1), ev(ctx, 2), { event: '' }), eventBlankAt(2), B),
  framing('partial batch: a missing event second is code 12 at 1', (ctx) => envelopes(ev(ctx, 1), { host: 'h' }, ev(ctx, 3)), eventRequiredAt(1), B),
  framing('positions continue across array elements: code 13 at 2', (ctx) => JSON.stringify([ev(ctx, 1), ev(ctx, 2), { event: '' }]), eventBlankAt(2), B),
  framing('each envelope is validated before the next is parsed: blank then garbage is code 13 at 0', () => '{"event":""}{not json', eventBlankAt(0), B),
  framing('only the first failure is reported', (ctx) => envelopes(ev(ctx, 1), { source: 's' }, { event: '' }), eventRequiredAt(1), B),
  restricted('code 7 +1 quirk: a single event with a disallowed index is code 7 at 1', (ctx) => envelopes({ ...ev(ctx, 1), index: badIndex(ctx) }), incorrectIndexAt(0)),
  restricted('code 7 +1 quirk: a disallowed index in the second envelope is code 7 at 2', (ctx) => envelopes(ev(ctx, 1), { ...ev(ctx, 2), index: badIndex(ctx) }), incorrectIndexAt(1)),
  restricted('the +1 quirk is only for code 7: blank event before a bad index is code 13 at 0', (ctx) => envelopes({ event: '' }, { ...ev(ctx, 2), index: badIndex(ctx) }), eventBlankAt(0)),
];
