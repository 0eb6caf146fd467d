/**
 * Synchronous search endpoints: events or rows (`/search`), the histogram of a query's events
 * (`/search/histogram`) and their field statistics (`/search/fields`). Each needs the `search`
 * permission, hides the audit log from those without `audit:read`, and stops its engine query when
 * the client goes away.
 */
import { hasPermission } from '../auth/permissions.js';
import { MAX_SAMPLE } from '../query/field-stats.js';
import { MAX_BUCKETS } from '../query/histogram.js';
import { MAX_LIMIT, withCutNote, type SearchService } from '../query/search-service.js';
import { abortOnClose } from './abort-on-close.js';
import { integerField, queryField, readSearchBody, timeField } from './search-body.js';
import type { Route } from './router.js';

export function searchRoutes(search: SearchService): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/search',
      permission: 'search',
      async handle({ req, res, user }) {
        const b = await readSearchBody(req, ['query', 'start', 'end', 'limit']);
        const query = queryField(b, 'query');
        const limit = integerField(b, 'limit', 1, MAX_LIMIT);
        const result = await search.search({
          query,
          canReadAudit: hasPermission(user, 'audit:read'),
          start: timeField(b, 'start'),
          end: timeField(b, 'end'),
          signal: abortOnClose(res),
          ...(limit !== undefined ? { limit } : {}),
        });
        return { status: 200, body: withCutNote(result) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/search/histogram',
      permission: 'search',
      async handle({ req, res, user }) {
        const b = await readSearchBody(req, ['query', 'start', 'end', 'buckets']);
        const query = queryField(b, 'query');
        const buckets = integerField(b, 'buckets', 1, MAX_BUCKETS);
        const result = await search.histogram({
          query,
          canReadAudit: hasPermission(user, 'audit:read'),
          start: timeField(b, 'start'),
          end: timeField(b, 'end'),
          signal: abortOnClose(res),
          ...(buckets !== undefined ? { buckets } : {}),
        });
        return { status: 200, body: result };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/search/fields',
      permission: 'search',
      async handle({ req, res, user }) {
        const b = await readSearchBody(req, ['query', 'start', 'end', 'sample']);
        const query = queryField(b, 'query');
        const sample = integerField(b, 'sample', 1, MAX_SAMPLE);
        const result = await search.fieldStats({
          query,
          canReadAudit: hasPermission(user, 'audit:read'),
          start: timeField(b, 'start'),
          end: timeField(b, 'end'),
          signal: abortOnClose(res),
          ...(sample !== undefined ? { sample } : {}),
        });
        return { status: 200, body: result };
      },
    },
  ];
}
