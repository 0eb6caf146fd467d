/**
 * Splunk's answers, from the status table of the protocol reference §3.2 (texts are exact).
 */
import type { Expected } from './types.js';

const answer = (status: number, text: string, code: number, invalidEventNumber?: number): Expected =>
  invalidEventNumber === undefined ? { status, text, code } : { status, text, code, invalidEventNumber };

export const SUCCESS = answer(200, 'Success', 0);
export const successWithAck = (ackId: number): Expected => ({ ...SUCCESS, ackId });
export const TOKEN_REQUIRED = answer(401, 'Token is required', 2);
export const INVALID_AUTHORIZATION = answer(401, 'Invalid authorization', 3);
export const INVALID_TOKEN = answer(403, 'Invalid token', 4);
export const NO_DATA = answer(400, 'No data', 5);
export const INVALID_DATA_FORMAT = answer(400, 'Invalid data format', 6);
export const CHANNEL_MISSING = answer(400, 'Data channel is missing', 10);
export const INVALID_CHANNEL = answer(400, 'Invalid data channel', 11);
export const ACK_DISABLED = answer(400, 'ACK is disabled', 14);
export const QUERY_AUTH_DISABLED = answer(400, 'Query string authorization is not enabled', 16);
export const HEALTHY = answer(200, 'HEC is healthy', 17);
/** Unknown path: 404; a known path with the wrong method: 405 with the same body (§1, [M]). */
export const notFound = (status: 404 | 405): Expected => answer(status, 'The requested URL was not found on this server.', 404);

export const invalidFormatAt = (n: number): Expected => answer(400, 'Invalid data format', 6, n);
/** Code 7 positions are reported +1 by splunkd (§4.6): pass the zero-based position, get n + 1. */
export const incorrectIndexAt = (zeroBased: number): Expected => answer(400, 'Incorrect index', 7, zeroBased + 1);
export const eventRequiredAt = (n: number): Expected => answer(400, 'Event field is required', 12, n);
export const eventBlankAt = (n: number): Expected => answer(400, 'Event field cannot be blank', 13, n);
export const indexedFieldsAt = (n: number): Expected => answer(400, 'Error in handling indexed fields', 15, n);
