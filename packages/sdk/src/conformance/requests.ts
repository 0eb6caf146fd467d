/** Request builders shared by the check tables. */
import { gzipSync } from 'node:zlib';
import type { CheckContext, WireRequest } from './types.js';

export const EVENT = '/services/collector/event';
export const RAW = '/services/collector/raw';
export const ACK = '/services/collector/ack';
export const HEALTH = '/services/collector/health';
export const CHANNEL_HEADER = 'x-splunk-request-channel';

export const splunk = (key: string): Record<string, string> => ({ authorization: `Splunk ${key}` });
export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Envelopes concatenated with no separator (as Fluent Bit sends them). */
export const envelopes = (...items: unknown[]): string => items.map((item) => JSON.stringify(item)).join('');

/** One envelope carrying the run's marker, so stored test data can be found and told apart. */
export const markedEvent = (ctx: CheckContext, what: string): string => envelopes({ event: `${ctx.marker} ${what}` });

export const gzip = (text: string): Uint8Array => gzipSync(Buffer.from(text, 'utf8'));

/** POST to the JSON event endpoint with `--key`, unless headers say otherwise. */
export function postEvent(ctx: CheckContext, body: string | Uint8Array, headers: Record<string, string> = splunk(ctx.key)): WireRequest {
  return { method: 'POST', path: EVENT, headers, body };
}
