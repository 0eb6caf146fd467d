/**
 * Validation of API token create bodies. Closed shape: an unknown key is an error naming it.
 */
import { ApiError } from '../api/api-error.js';
import type { TokenCreate } from './api-tokens.js';
import { asObject, checkRole, closed } from './user-input.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,99}$/;
export const MAX_TOKEN_DAYS = 3650;

export function parseTokenCreate(raw: unknown): TokenCreate {
  const body = asObject(raw);
  closed(body, ['name', 'role', 'expiresInDays']);
  if (typeof body.name !== 'string' || !NAME.test(body.name)) {
    throw new ApiError('INVALID_FIELD', 'name must be 1–100 characters: letters, digits, spaces, "_", ".", ":", "-"', 'name');
  }
  const days = body.expiresInDays;
  if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)) {
    throw new ApiError('INVALID_FIELD', `expiresInDays must be an integer between 1 and ${MAX_TOKEN_DAYS}`, 'expiresInDays');
  }
  return { name: body.name, role: checkRole(body.role), ...(days !== undefined ? { expiresInDays: days as number } : {}) };
}
