/** Protocol reference §2 (authentication): credential sources, evaluation order, outcomes. */
import { INVALID_AUTHORIZATION, INVALID_TOKEN, QUERY_AUTH_DISABLED, SUCCESS, TOKEN_REQUIRED } from './replies.js';
import { ACK, RAW, basic, markedEvent, postEvent, splunk } from './requests.js';
import type { Check, CheckContext } from './types.js';

const S = '§2 auth';
/** A token no endpoint will know: a GUID of zeros (tokens are opaque strings, GUIDs in practice). */
const UNKNOWN = '00000000-0000-0000-0000-000000000000';

const withAuth = (name: string, header: (ctx: CheckContext) => string, expected: Check['expected']): Check => ({
  name,
  section: S,
  request: (ctx) => postEvent(ctx, markedEvent(ctx, 'auth'), { authorization: header(ctx) }),
  expected,
});

export const AUTH_CHECKS: Check[] = [
  withAuth('Authorization: Splunk <key> is accepted', (ctx) => `Splunk ${ctx.key}`, SUCCESS),
  withAuth('the scheme is case-insensitive (splunk <key>)', (ctx) => `splunk ${ctx.key}`, SUCCESS),
  withAuth('Authorization: Bearer <key> is accepted (NG-SIEM, FalconPy)', (ctx) => `Bearer ${ctx.key}`, SUCCESS),
  withAuth('Authorization: Basic x:<key> is accepted (user name ignored)', (ctx) => basic('x', ctx.key), SUCCESS),
  withAuth('an empty Authorization header is 401 code 2', () => '', TOKEN_REQUIRED),
  withAuth('the scheme without a token is 401 code 3', () => 'Splunk ', INVALID_AUTHORIZATION),
  withAuth('a bare key without a scheme is 401 code 3', (ctx) => ctx.key, INVALID_AUTHORIZATION),
  withAuth('an unknown scheme is 401 code 3', (ctx) => `Digest ${ctx.key}`, INVALID_AUTHORIZATION),
  withAuth('Basic with an empty password is 401 code 3', () => basic('x', ''), INVALID_AUTHORIZATION),
  withAuth('an unknown token is 403 code 4', () => `Splunk ${UNKNOWN}`, INVALID_TOKEN),
  {
    name: 'no Authorization header is 401 code 2',
    section: S,
    request: (ctx) => postEvent(ctx, markedEvent(ctx, 'no auth'), {}),
    expected: TOKEN_REQUIRED,
  },
  {
    name: 'auth comes before the body: unknown token with an empty body is 403 code 4, not code 5',
    section: S,
    request: (ctx) => postEvent(ctx, '', splunk(UNKNOWN)),
    expected: INVALID_TOKEN,
  },
  {
    name: '?token=<key> is 400 code 16 unless the token allows query-string auth',
    section: S,
    request: (ctx) => ({ ...postEvent(ctx, markedEvent(ctx, 'query auth'), {}), query: { token: ctx.key } }),
    expected: (ctx) => (ctx.queryAuth ? SUCCESS : QUERY_AUTH_DISABLED),
  },
  {
    name: 'an unknown ?token= is 403 code 4 (the token is checked before the query-string setting)',
    section: S,
    request: (ctx) => ({ ...postEvent(ctx, markedEvent(ctx, 'query auth'), {}), query: { token: UNKNOWN } }),
    expected: INVALID_TOKEN,
  },
  {
    name: '?token= takes precedence over a valid Authorization header',
    section: S,
    request: (ctx) => ({ ...postEvent(ctx, markedEvent(ctx, 'query auth')), query: { token: UNKNOWN } }),
    expected: INVALID_TOKEN,
  },
  {
    name: '/raw authenticates too (no credential: 401 code 2)',
    section: S,
    request: (ctx) => ({ method: 'POST', path: RAW, body: `${ctx.marker} raw auth` }),
    expected: TOKEN_REQUIRED,
  },
  {
    name: '/ack authenticates too (no credential: 401 code 2)',
    section: S,
    request: () => ({ method: 'POST', path: ACK, body: '{"acks":[0]}' }),
    expected: TOKEN_REQUIRED,
  },
];
