/**
 * Query jobs, in the shape of LogScale's query jobs API: `POST /api/v1/queryjobs` starts a search and
 * answers its id at once; `GET …/:id` answers the results so far (partial while it runs); `DELETE
 * …/:id` cancels it. The query is checked when the job is created (400 with its position), so a poll
 * never reports a syntax error. Jobs belong to their creator (query/query-job-manager.ts).
 */
import { hasPermission } from '../auth/permissions.js';
import type { QueryJobManager } from '../query/query-job-manager.js';
import { DEFAULT_LIMIT, MAX_LIMIT, type SearchService } from '../query/search-service.js';
import { resolveRange } from '../query/time-range.js';
import { ApiError } from './api-error.js';
import { booleanField, integerField, queryField, readSearchBody, timeField } from './search-body.js';
import type { Route } from './router.js';

export function queryJobRoutes(search: SearchService, jobs: QueryJobManager, now: () => number = Date.now): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/queryjobs',
      permission: 'search',
      async handle({ req, user }) {
        const b = await readSearchBody(req, ['queryString', 'start', 'end', 'isLive', 'limit']);
        const query = queryField(b, 'queryString');
        const isLive = booleanField(b, 'isLive') ?? false;
        const limit = integerField(b, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
        const end = timeField(b, 'end');
        if (isLive && end !== undefined && end !== 'now') {
          throw new ApiError('INVALID_FIELD', 'a live job always ends now; leave end out (or "now") and set start to the window, e.g. "15m"', 'end');
        }
        const range = resolveRange(timeField(b, 'start'), end, now());
        const canReadAudit = hasPermission(user, 'audit:read');
        const shape = asQueryString(() => search.inspect(query, canReadAudit));
        const job = jobs.create(user.id, { query, ...range, isLive, limit, canReadAudit }, shape);
        return { status: 200, body: { id: job.id } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/queryjobs/:id',
      permission: 'search',
      handle({ params, user }) {
        const job = jobs.poll(user.id, params.id ?? '');
        // A failed job answers what the same search would have answered: its error.
        if (job.state === 'failed' && job.error !== undefined) throw job.error;
        return { status: 200, body: job.view(now()) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/queryjobs/:id',
      permission: 'search',
      handle({ params, user }) {
        jobs.delete(user.id, params.id ?? '');
        return { status: 204, body: null };
      },
    },
  ];
}

/** Errors about the query name the body's field, which here is `queryString`. */
function asQueryString<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof ApiError && err.field === 'query') throw new ApiError(err.code, err.message, 'queryString', err.details);
    throw err;
  }
}
