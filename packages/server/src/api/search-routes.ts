import { hasPermission } from '../auth/permissions.js';
import { MAX_LIMIT, type SearchService } from '../query/search-service.js';
import { ApiError } from './api-error.js';
import { readJson } from './http-json.js';
import type { Route } from './router.js';

function timeField(body: Record<string, unknown>, key: string): string | number | undefined {
  const v = body[key];
  if (v === undefined || typeof v === 'string' || typeof v === 'number') return v;
  throw new ApiError('INVALID_FIELD', `${key} must be a relative time like "15m" or epoch milliseconds`, key);
}

export function searchRoutes(search: SearchService): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/search',
      permission: 'search',
      async handle({ req, user }) {
        const body = await readJson(req);
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          throw new ApiError('BAD_JSON', 'the request body must be a JSON object');
        }
        const b = body as Record<string, unknown>;
        for (const key of Object.keys(b)) {
          if (!['query', 'start', 'end', 'limit'].includes(key)) {
            throw new ApiError('UNKNOWN_FIELD', `unknown field "${key}"; allowed: query, start, end, limit`, key);
          }
        }
        const query = b.query ?? '';
        if (typeof query !== 'string') throw new ApiError('INVALID_FIELD', 'query must be a string', 'query');
        const limit = b.limit;
        if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)) {
          throw new ApiError('INVALID_FIELD', `limit must be an integer between 1 and ${MAX_LIMIT}`, 'limit');
        }
        const result = await search.search({
          query,
          canReadAudit: hasPermission(user, 'audit:read'),
          start: timeField(b, 'start'),
          end: timeField(b, 'end'),
          ...(limit !== undefined ? { limit: limit as number } : {}),
        });
        return { status: 200, body: result };
      },
    },
  ];
}
