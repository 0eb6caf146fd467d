/**
 * The stored form of a connection error (`#repo=connection_errors`, `#type=connection-error`): one
 * rejected HEC request, or an aggregate of the rejections beyond the rate limit of one window.
 * Fields are documented in docs/troubleshooting.md; the API key is never part of it.
 */
import { HEC_STATUSES } from '@hecate/hec';
import type { StoredEvent } from '../events.js';
import { nextId } from '../parse/event-builder.js';
import type { RequestOutcome } from '../receive/types.js';
import type { Aggregate } from './error-windows.js';

export const CONNECTION_ERRORS_REPO = 'connection_errors';
export const CONNECTION_ERROR_TYPE = 'connection-error';

/** A rejected request of a known connector, with what the store event needs beyond the outcome. */
export interface Rejection {
  outcome: RequestOutcome & { connector: NonNullable<RequestOutcome['connector']> };
  /** Unix ms when it was answered. */
  at: number;
  /** The connector's key fingerprint (a non-secret prefix of the key's hash), when known. */
  keyFingerprint?: string;
}

/** What to check, per answer; the HEC text alone often does not say. */
const HINTS: Readonly<Record<number, string>> = {
  1: 'the connector is paused: resume it to accept its data again',
  5: 'the request had no events',
  6: 'the body is not valid HEC JSON (or an event is larger than maxEventSize)',
  7: "the event's index is not in the connector's allowed indexes",
  8: 'the server failed; its log has the details',
  9: 'the server is busy; the shipper should retry after Retry-After',
  10: 'the connector requires acknowledgements: send X-Splunk-Request-Channel',
  11: 'the channel is not a GUID',
  12: 'an envelope has no "event" key',
  13: 'an envelope has an empty "event"',
  14: 'acknowledgements are disabled for this connector',
  15: 'the "fields" object is invalid (nested objects are not allowed)',
  16: 'query-string authentication is disabled for this connector',
  404: 'no such HEC path',
  405: 'wrong HTTP method',
  413: 'the body is larger than maxContentLength (or maxDecodedLength after gunzip): send smaller batches',
  415: 'unsupported Content-Encoding: send gzip or none',
};

/** The text of the HEC answer the client got (404/405/413/415 are counted by HTTP status). */
export function errorMessage(code: number): string {
  if (code === 404 || code === 405) return 'The requested URL was not found on this server.';
  if (code === 413 || code === 415) return 'Invalid data format';
  return HEC_STATUSES[code]?.text ?? `HEC code ${code}`;
}

export function rejectionEvent(r: Rejection): StoredEvent {
  const { outcome } = r;
  const fields: Record<string, string> = {
    status_code: String(outcome.status),
    error_code: String(outcome.code),
    '@error_msg': errorMessage(outcome.code),
    error_count: '1',
    request_bytes: String(outcome.wireBytes),
    events_accepted: String(outcome.eventsAccepted),
    route: outcome.route,
  };
  const hint = HINTS[outcome.code];
  if (hint !== undefined) fields.error_hint = hint;
  if (outcome.remoteAddress !== undefined) fields.client_ip = clientIp(outcome.remoteAddress);
  if (outcome.credentialVia !== undefined) fields.credential_via = outcome.credentialVia;
  if (outcome.invalidEventNumber !== undefined) fields.invalid_event_number = String(outcome.invalidEventNumber);
  if (r.keyFingerprint !== undefined) fields.key_fingerprint = r.keyFingerprint;
  return baseEvent(r, outcome.sample ?? '', fields);
}

export function aggregateEvent(a: Aggregate<Rejection>): StoredEvent {
  const { outcome } = a.first;
  const fields: Record<string, string> = {
    status_code: String(outcome.status),
    error_code: String(outcome.code),
    '@error_msg': errorMessage(outcome.code),
    error_count: String(a.count),
    error_codes: JSON.stringify(a.byCode),
    aggregated: 'true',
    window_start: new Date(a.windowStart).toISOString(),
    window_end: new Date(a.windowEnd).toISOString(),
    route: outcome.route,
  };
  if (outcome.remoteAddress !== undefined) fields.client_ip = clientIp(outcome.remoteAddress);
  if (a.first.keyFingerprint !== undefined) fields.key_fingerprint = a.first.keyFingerprint;
  return baseEvent({ ...a.first, at: a.windowEnd }, outcome.sample ?? '', fields);
}

function baseEvent(r: Rejection, raw: string, fields: Record<string, string>): StoredEvent {
  const { connector } = r.outcome;
  return {
    id: nextId(r.at),
    timestamp: r.at,
    timestampNanos: 0,
    ingestTimestamp: r.at,
    rawstring: raw,
    host: null,
    source: null,
    sourcetype: null,
    connector: connector.name,
    repo: CONNECTION_ERRORS_REPO,
    type: CONNECTION_ERROR_TYPE,
    connectionId: connector.id,
    // Searching `@requestId=<id>` finds the rejection of that request too.
    requestId: r.outcome.requestId ?? '',
    tags: {},
    fields,
  };
}

function clientIp(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
