/**
 * Protocol reference §7 (indexer acknowledgement) and §11 steps 4–6. Most need `--ack-key` (a token
 * with useACK); the code-14 check uses `--key`, which must not have acks (as a default token).
 * Every check gets a fresh channel, so ackIds start at 0.
 */
import { ACK_DISABLED, CHANNEL_MISSING, INVALID_CHANNEL, INVALID_DATA_FORMAT, SUCCESS, successWithAck } from './replies.js';
import { ACK, CHANNEL_HEADER, EVENT, RAW, markedEvent, splunk } from './requests.js';
import type { Check, CheckContext, Expected, WireRequest } from './types.js';

const S = '§7 acks';
/** How long a committed batch may take to read true. */
const ACK_WAIT_MS = 10_000;

const onChannel = (ctx: CheckContext, channel: string | undefined): Record<string, string> => ({
  ...splunk(ctx.ackKey ?? ''),
  ...(channel === undefined ? {} : { [CHANNEL_HEADER]: channel }),
});
const sendAcked = (ctx: CheckContext, channel: string | undefined, body: string = markedEvent(ctx, 'acked'), path = EVENT): WireRequest => ({
  method: 'POST',
  path,
  headers: onChannel(ctx, channel),
  body,
});
/** An /ack query on the check's channel, or on none (`withChannel` false). */
const queryAcks = (ctx: CheckContext, body: string, withChannel = true): WireRequest => ({
  method: 'POST',
  path: ACK,
  headers: onChannel(ctx, withChannel ? ctx.channel : undefined),
  body,
});
const acked = (name: string, request: (ctx: CheckContext) => WireRequest, expected: Expected, extra: Partial<Check> = {}): Check => ({
  name,
  section: S,
  needs: 'ackKey',
  request,
  expected,
  ...extra,
});

export const ACK_CHECKS: Check[] = [
  {
    name: '/ack with a token without acks (--key) is 400 code 14',
    section: S,
    request: (ctx) => ({ method: 'POST', path: ACK, headers: { ...splunk(ctx.key), [CHANNEL_HEADER]: ctx.channel }, body: '{"acks":[0]}' }),
    expected: ACK_DISABLED,
  },
  {
    name: 'a valid channel with a token without acks: 200 and no ackId',
    section: S,
    request: (ctx) => ({ method: 'POST', path: EVENT, headers: { ...splunk(ctx.key), [CHANNEL_HEADER]: ctx.channel }, body: markedEvent(ctx, 'channel no ack') }),
    expected: SUCCESS,
  },
  acked('an event without a channel is 400 code 10', (ctx) => sendAcked(ctx, undefined), CHANNEL_MISSING),
  acked('raw without a channel is 400 code 10', (ctx) => sendAcked(ctx, undefined, `${ctx.marker} raw acked`, RAW), CHANNEL_MISSING),
  acked('the channel is checked before the body: empty body without channel is code 10', (ctx) => sendAcked(ctx, undefined, ''), CHANNEL_MISSING),
  acked('a channel that is present but empty is code 10', (ctx) => sendAcked(ctx, ''), CHANNEL_MISSING),
  acked('a channel that is not a GUID is code 11', (ctx) => sendAcked(ctx, 'invalid-id'), INVALID_CHANNEL),
  acked('the first request on a channel gets ackId 0', (ctx) => sendAcked(ctx, ctx.channel), successWithAck(0)),
  acked('the channel may come from the query', (ctx) => ({ ...sendAcked(ctx, undefined), query: { channel: ctx.channel } }), successWithAck(0)),
  acked('ackIds count requests per channel: the second gets 1', (ctx) => sendAcked(ctx, ctx.channel), successWithAck(1), {
    setup: (ctx) => [sendAcked(ctx, ctx.channel)],
  }),
  acked('a raw request gets an ackId too', (ctx) => sendAcked(ctx, ctx.channel, `${ctx.marker} raw acked`, RAW), successWithAck(0)),
  acked('a committed request reads true on /ack', (ctx) => queryAcks(ctx, '{"acks":[0]}'), { status: 200, acks: { '0': true } }, {
    setup: (ctx) => [sendAcked(ctx, ctx.channel)],
    pollMs: ACK_WAIT_MS,
  }),
  acked('never-issued ids read false', (ctx) => queryAcks(ctx, '{"acks":[0,1000]}'), { status: 200, acks: { '0': true, '1000': false } }, {
    setup: (ctx) => [sendAcked(ctx, ctx.channel)],
    pollMs: ACK_WAIT_MS,
  }),
  acked('/ack without a channel is 400 code 10', (ctx) => queryAcks(ctx, '{"acks":[0]}', false), CHANNEL_MISSING),
  acked('/ack with a body that is not {"acks":[…]} is 400 code 6', (ctx) => queryAcks(ctx, '{"nope":1}'), INVALID_DATA_FORMAT),
];
