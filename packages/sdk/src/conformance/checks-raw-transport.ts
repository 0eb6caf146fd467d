/** Protocol reference §5 (raw endpoint), §6.1 (Content-Encoding) and §6.3 (Content-Type is ignored). */
import { INVALID_DATA_FORMAT, NO_DATA, SUCCESS } from './replies.js';
import { RAW, envelopes, gzip, markedEvent, splunk } from './requests.js';
import type { Check, CheckContext, Expected, WireRequest } from './types.js';

const R = '§5 raw';
const G = '§6 transport';

const raw = (ctx: CheckContext, body: string | Uint8Array, headers: Record<string, string> = {}, query?: Record<string, string>): WireRequest => ({
  method: 'POST',
  path: RAW,
  headers: { ...splunk(ctx.key), ...headers },
  body,
  ...(query === undefined ? {} : { query }),
});
const check = (name: string, section: string, request: (ctx: CheckContext) => WireRequest, expected: Expected): Check => ({ name, section, request, expected });
const event = (ctx: CheckContext, body: string | Uint8Array, headers: Record<string, string>): WireRequest => ({
  method: 'POST',
  path: '/services/collector/event',
  headers: { ...splunk(ctx.key), ...headers },
  body,
});
/** splunkd's 415 body is not recorded (§6.1 is peer consensus), so only the status is compared. */
const UNSUPPORTED: Expected = { status: 415, bodyUnspecified: true };

export const RAW_TRANSPORT_CHECKS: Check[] = [
  check('one line is accepted', R, (ctx) => raw(ctx, `${ctx.marker} raw line`), SUCCESS),
  check('several lines (\\n, \\r\\n, blank lines) are accepted', R, (ctx) => raw(ctx, `${ctx.marker} a\n${ctx.marker} b\r\n\n${ctx.marker} c\n`), SUCCESS),
  check('a JSON envelope is text on /raw, not parsed (a blank event is fine)', R, (ctx) => raw(ctx, '{"event":""}'), SUCCESS),
  check('an empty raw body is 400 code 5', R, (ctx) => raw(ctx, ''), NO_DATA),
  check('host, source and sourcetype in the query are accepted', R, (ctx) => raw(ctx, `${ctx.marker} query meta`, {}, { host: 'h1', source: 's1', sourcetype: 't1' }), SUCCESS),
  check('a gzip JSON body is accepted', G, (ctx) => event(ctx, gzip(markedEvent(ctx, 'gzip')), { 'content-encoding': 'gzip' }), SUCCESS),
  check('a gzip raw body is accepted', G, (ctx) => raw(ctx, gzip(`${ctx.marker} gzip raw\n`), { 'content-encoding': 'gzip' }), SUCCESS),
  check('Content-Encoding: identity is plain bytes', G, (ctx) => event(ctx, markedEvent(ctx, 'identity'), { 'content-encoding': 'identity' }), SUCCESS),
  check('a gzip body of whitespace is no data (code 5)', G, (ctx) => event(ctx, gzip(' \n '), { 'content-encoding': 'gzip' }), NO_DATA),
  check('a body declared gzip that is not gzip is 400 code 6 without invalid-event-number', G, (ctx) => event(ctx, markedEvent(ctx, 'not gzip'), { 'content-encoding': 'gzip' }), INVALID_DATA_FORMAT),
  check('Content-Encoding: deflate is 415', G, (ctx) => event(ctx, markedEvent(ctx, 'deflate'), { 'content-encoding': 'deflate' }), UNSUPPORTED),
  check('Content-Encoding: br is 415', G, (ctx) => event(ctx, markedEvent(ctx, 'br'), { 'content-encoding': 'br' }), UNSUPPORTED),
  check('the Content-Type is ignored (application/not-json)', G, (ctx) => event(ctx, envelopes({ event: `${ctx.marker} typed` }), { 'content-type': 'application/not-json' }), SUCCESS),
];
