/**
 * The HEC status registry (protocol reference §3): every code the receiver can answer with, its exact
 * text and HTTP status, and the one function that turns a code into a reply.
 */

export interface HecStatus {
  readonly code: number;
  readonly httpStatus: number;
  readonly text: string;
}

/** Codes by name, so callers test `HecCode.NoData` rather than a bare number or a message text. */
export const HecCode = {
  Success: 0,
  TokenDisabled: 1,
  TokenRequired: 2,
  InvalidAuthorization: 3,
  InvalidToken: 4,
  NoData: 5,
  InvalidDataFormat: 6,
  IncorrectIndex: 7,
  InternalError: 8,
  ServerBusy: 9,
  DataChannelMissing: 10,
  InvalidDataChannel: 11,
  EventFieldRequired: 12,
  EventFieldBlank: 13,
  AckDisabled: 14,
  IndexedFieldsError: 15,
  QueryStringAuthDisabled: 16,
  Healthy: 17,
  UnhealthyQueuesFull: 18,
  UnhealthyAckUnavailable: 19,
  UnhealthyQueuesFullAckUnavailable: 20,
  HealthInvalidToken: 21,
  HealthTokenDisabled: 22,
  ShuttingDown: 23,
  QueueNearCapacity: 24,
  AckNearCapacity: 25,
  QueueAtCapacity: 26,
  AckChannelAtCapacity: 27,
} as const;

export type HecCode = (typeof HecCode)[keyof typeof HecCode];

const table: ReadonlyArray<readonly [number, string]> = [
  [200, 'Success'],
  [403, 'Token disabled'],
  [401, 'Token is required'],
  [401, 'Invalid authorization'],
  [403, 'Invalid token'],
  [400, 'No data'],
  [400, 'Invalid data format'],
  [400, 'Incorrect index'],
  [500, 'Internal server error'],
  [503, 'Server is busy'],
  [400, 'Data channel is missing'],
  [400, 'Invalid data channel'],
  [400, 'Event field is required'],
  [400, 'Event field cannot be blank'],
  [400, 'ACK is disabled'],
  [400, 'Error in handling indexed fields'],
  [400, 'Query string authorization is not enabled'],
  [200, 'HEC is healthy'],
  [503, 'HEC is unhealthy, queues are full'],
  [503, 'HEC is unhealthy, ack service unavailable'],
  [503, 'HEC is unhealthy, queues are full, ack service unavailable'],
  [400, 'Invalid token'],
  [400, 'Token disabled'],
  [503, 'Server is shutting down'],
  [200, 'HEC queue is approaching its capacity limit'],
  [200, 'HEC ACK is approaching its capacity limit'],
  [429, 'HEC queue is at capacity and cannot process any more requests'],
  [429, 'HEC ACK channel is at capacity and cannot process any more requests'],
];

/** Index = code. Frozen: the table is protocol, not configuration. */
export const HEC_STATUSES: readonly HecStatus[] = Object.freeze(
  table.map(([httpStatus, text], code) => Object.freeze({ code, httpStatus, text })),
);

export function hecStatus(code: HecCode): HecStatus {
  const status = HEC_STATUSES[code];
  if (status === undefined) throw new RangeError(`unknown HEC code ${code}`);
  return status;
}

/** A reply ready to send: HTTP status and the compact JSON body. */
export interface HecReply {
  status: number;
  body: string;
}

export interface ReplyExtras {
  /** Zero-based position of the failing envelope (already including the code-7 "+1" quirk). */
  invalidEventNumber?: number;
  ackId?: number;
}

// The body prefix of every code is built once; replies only append numbers (no JSON.stringify per request).
const prefixes = HEC_STATUSES.map((s) => `{"text":${JSON.stringify(s.text)},"code":${s.code}`);

/** Builds the reply for `code`; body keys in splunkd's order: text, code, invalid-event-number, ackId. */
export function hecReply(code: HecCode, extras?: ReplyExtras, httpStatus?: number): HecReply {
  const status = hecStatus(code);
  let body = prefixes[code] as string;
  if (extras?.invalidEventNumber !== undefined) body += `,"invalid-event-number":${extras.invalidEventNumber}`;
  if (extras?.ackId !== undefined) body += `,"ackId":${extras.ackId}`;
  return { status: httpStatus ?? status.httpStatus, body: body + '}' };
}

/** Body splunkd sends for an unknown path, and (its literal pairing) for a known path with the wrong method. */
export const NOT_FOUND_BODY = '{"text":"The requested URL was not found on this server.","code":404}';

export function notFoundReply(): HecReply {
  return { status: 404, body: NOT_FOUND_BODY };
}

export function methodNotAllowedReply(): HecReply {
  return { status: 405, body: NOT_FOUND_BODY };
}
