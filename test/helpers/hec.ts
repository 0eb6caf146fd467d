/**
 * Expected HEC reply bodies, written out from the status table of the protocol reference §3.2.
 * Bodies are compared as exact text: compact JSON, key order text, code, invalid-event-number, ackId.
 */
import { gzipSync } from 'node:zlib';

export function reply(text: string, code: number, invalidEventNumber?: number): string {
  return invalidEventNumber === undefined
    ? JSON.stringify({ text, code })
    : JSON.stringify({ text, code, 'invalid-event-number': invalidEventNumber });
}

export const SUCCESS = reply('Success', 0);
export const NOT_FOUND = reply('The requested URL was not found on this server.', 404);
export const TOKEN_DISABLED = reply('Token disabled', 1);
export const TOKEN_REQUIRED = reply('Token is required', 2);
export const INVALID_AUTHORIZATION = reply('Invalid authorization', 3);
export const INVALID_TOKEN = reply('Invalid token', 4);
export const NO_DATA = reply('No data', 5);
export const INVALID_DATA_FORMAT = reply('Invalid data format', 6);
export const CHANNEL_MISSING = reply('Data channel is missing', 10);
export const INVALID_CHANNEL = reply('Invalid data channel', 11);
export const ACK_DISABLED = reply('ACK is disabled', 14);
export const QUERY_AUTH_DISABLED = reply('Query string authorization is not enabled', 16);
export const HEALTHY = reply('HEC is healthy', 17);

export const invalidFormatAt = (n: number): string => reply('Invalid data format', 6, n);
export const incorrectIndexAt = (n: number): string => reply('Incorrect index', 7, n);
export const eventRequiredAt = (n: number): string => reply('Event field is required', 12, n);
export const eventBlankAt = (n: number): string => reply('Event field cannot be blank', 13, n);
export const indexedFieldsAt = (n: number): string => reply('Error in handling indexed fields', 15, n);

export const successWithAck = (ackId: number): string => JSON.stringify({ text: 'Success', code: 0, ackId });

/** Envelopes concatenated with no separator, as Fluent Bit sends them. */
export function envelopes(...items: unknown[]): string {
  return items.map((item) => JSON.stringify(item)).join('');
}

export function gzip(text: string | Buffer): Buffer {
  return gzipSync(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
}

/** The JSON event endpoints of §1 (all must behave the same). */
export const EVENT_PATHS = [
  '/services/collector',
  '/services/collector/1.0',
  '/services/collector/event',
  '/services/collector/event/1.0',
] as const;

export const RAW_PATHS = ['/services/collector/raw', '/services/collector/raw/1.0'] as const;
