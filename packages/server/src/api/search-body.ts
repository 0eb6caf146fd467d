/**
 * Request bodies of the search endpoints (/search, /search/histogram, /search/fields, /queryjobs): a
 * JSON object with a closed set of fields, each checked with an answer naming the field.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.js';
import { readJson } from './http-json.js';

export type SearchBody = Record<string, unknown>;

/** The JSON object body; 400 UNKNOWN_FIELD for a field outside `allowed`. */
export async function readSearchBody(req: IncomingMessage, allowed: readonly string[]): Promise<SearchBody> {
  const body = await readJson(req);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError('BAD_JSON', 'the request body must be a JSON object');
  }
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new ApiError('UNKNOWN_FIELD', `unknown field "${key}"; allowed: ${allowed.join(', ')}`, key);
  }
  return body as SearchBody;
}

/** A query text; missing means "" (every event). */
export function queryField(body: SearchBody, key: string): string {
  const query = body[key] ?? '';
  if (typeof query !== 'string') throw new ApiError('INVALID_FIELD', `${key} must be a string`, key);
  return query;
}

export function timeField(body: SearchBody, key: string): string | number | undefined {
  const v = body[key];
  if (v === undefined || typeof v === 'string' || typeof v === 'number') return v;
  throw new ApiError('INVALID_FIELD', `${key} must be a relative time like "15m" or epoch milliseconds`, key);
}

export function integerField(body: SearchBody, key: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ApiError('INVALID_FIELD', `${key} must be an integer between ${min} and ${max}`, key);
  }
  return v;
}

export function booleanField(body: SearchBody, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || typeof v === 'boolean') return v;
  throw new ApiError('INVALID_FIELD', `${key} must be true or false`, key);
}
