/** Validation of the body of `POST /api/v1/connectors/:id/api-key`. */
import { ApiError } from '../api/api-error.js';
import { MAX_KEY_GRACE_MS } from './connector-store.js';

/** The grace period in ms (0 when none was asked for). */
export function parseKeyRotation(body: unknown): number {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError('BAD_JSON', 'the request body must be a JSON object');
  }
  for (const key of Object.keys(body)) {
    if (key !== 'gracePeriodSeconds') throw new ApiError('UNKNOWN_FIELD', `unknown field "${key}"; allowed: gracePeriodSeconds`, key);
  }
  const grace = (body as { gracePeriodSeconds?: unknown }).gracePeriodSeconds;
  if (grace === undefined) return 0;
  const max = MAX_KEY_GRACE_MS / 1000;
  if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0 || grace > max) {
    throw new ApiError('INVALID_FIELD', `gracePeriodSeconds must be a whole number of seconds from 0 to ${max} (7 days)`, 'gracePeriodSeconds');
  }
  return grace * 1000;
}
