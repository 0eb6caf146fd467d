import { MAX_AUDIT_PAGE, type AuditEntry, type AuditQuery, type AuditStore } from '../audit/audit-store.js';
import { ApiError } from './api-error.js';
import type { Route } from './router.js';

/** The API view of an audit record: ISO time, absent fields omitted. */
function auditView(e: AuditEntry): Record<string, unknown> {
  return { ...e, at: new Date(e.at).toISOString() };
}

/** `GET /api/v1/audit?limit=&before=&user=&action=` — newest first; `next` is the `before` of the next page. */
export function auditRoutes(audit: AuditStore): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/audit',
      permission: 'audit:read',
      handle({ query }) {
        const q: AuditQuery = {};
        const limit = query.get('limit');
        if (limit !== null) {
          const n = Number(limit);
          if (!Number.isInteger(n) || n < 1 || n > MAX_AUDIT_PAGE) {
            throw new ApiError('INVALID_FIELD', `limit must be an integer from 1 to ${MAX_AUDIT_PAGE}`, 'limit');
          }
          q.limit = n;
        }
        const before = query.get('before');
        if (before !== null) {
          const n = Number(before);
          if (!Number.isInteger(n) || n < 1) throw new ApiError('INVALID_FIELD', 'before must be the id of an audit record (a positive integer)', 'before');
          q.before = n;
        }
        const user = query.get('user');
        if (user !== null && user !== '') q.actor = user;
        const action = query.get('action');
        if (action !== null && action !== '') q.action = action;
        const entries = audit.list(q);
        const last = entries[entries.length - 1];
        const full = entries.length === (q.limit ?? 100);
        return { status: 200, body: { entries: entries.map(auditView), next: full && last !== undefined ? last.id : null } };
      },
    },
  ];
}
