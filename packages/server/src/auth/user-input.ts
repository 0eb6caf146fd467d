/**
 * Validation of user and password bodies. Closed shapes: an unknown key is an error naming it.
 */
import { ApiError } from '../api/api-error.js';
import { isRole, ROLES } from './permissions.js';
import type { Role, UserPatch } from './users.js';

export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
export const MIN_PASSWORD_LENGTH = 12;
// scrypt cost grows with input length; no real password is longer than this.
export const MAX_PASSWORD_LENGTH = 1024;

export function asObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('BAD_JSON', 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

export function closed(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new ApiError('UNKNOWN_FIELD', `unknown field "${key}"; allowed: ${allowed.join(', ')}`, key);
  }
}

export function checkPassword(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ApiError('INVALID_FIELD', `${field} must be a string`, field);
  if ([...value].length < MIN_PASSWORD_LENGTH) {
    throw new ApiError('INVALID_FIELD', `${field} must be at least ${MIN_PASSWORD_LENGTH} characters long`, field);
  }
  if (value.length > MAX_PASSWORD_LENGTH) throw new ApiError('INVALID_FIELD', `${field} must be at most ${MAX_PASSWORD_LENGTH} characters long`, field);
  return value;
}

export function checkRole(value: unknown, field = 'role'): Role {
  if (!isRole(value)) throw new ApiError('INVALID_FIELD', `${field} must be one of ${ROLES.join(', ')}`, field);
  return value;
}

function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ApiError('INVALID_FIELD', `${field} must be true or false`, field);
  return value;
}

export interface UserCreate {
  username: string;
  password: string;
  role: Role;
  canSearch: boolean;
}

export function parseUserCreate(raw: unknown): UserCreate {
  const body = asObject(raw);
  closed(body, ['username', 'password', 'role', 'canSearch']);
  const { username } = body;
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw new ApiError('INVALID_FIELD', 'username must be 2–64 characters: lowercase letters, digits, ".", "_", "-", starting with a letter or digit', 'username');
  }
  return {
    username,
    password: checkPassword(body.password, 'password'),
    role: checkRole(body.role),
    canSearch: body.canSearch === undefined ? false : checkBoolean(body.canSearch, 'canSearch'),
  };
}

export function parseUserPatch(raw: unknown): UserPatch {
  const body = asObject(raw);
  closed(body, ['role', 'disabled', 'canSearch']);
  if (Object.keys(body).length === 0) throw new ApiError('INVALID_FIELD', 'nothing to change: send role, disabled or canSearch');
  return {
    ...(body.role !== undefined ? { role: checkRole(body.role) } : {}),
    ...(body.disabled !== undefined ? { disabled: checkBoolean(body.disabled, 'disabled') } : {}),
    ...(body.canSearch !== undefined ? { canSearch: checkBoolean(body.canSearch, 'canSearch') } : {}),
  };
}

export function parsePasswordChange(raw: unknown): { currentPassword: string; newPassword: string } {
  const body = asObject(raw);
  closed(body, ['currentPassword', 'newPassword']);
  if (typeof body.currentPassword !== 'string') throw new ApiError('INVALID_FIELD', 'currentPassword must be a string', 'currentPassword');
  return { currentPassword: body.currentPassword, newPassword: checkPassword(body.newPassword, 'newPassword') };
}
