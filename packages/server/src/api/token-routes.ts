/**
 * API tokens for automation (Administrators: `users:manage`). The token is in the create answer only;
 * lists show its id, fingerprint and use, never the secret or its hash.
 */
import type { ApiToken, ApiTokenStore } from '../auth/api-tokens.js';
import { parseTokenCreate } from '../auth/token-input.js';
import type { UserStore } from '../auth/users.js';
import { ApiError } from './api-error.js';
import { readJson } from './http-json.js';
import type { Route } from './router.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function tokenRoutes(tokens: ApiTokenStore, users: UserStore): Route[] {
  const view = (t: ApiToken): Record<string, unknown> => ({
    id: t.id,
    name: t.name,
    role: t.role,
    fingerprint: t.fingerprint,
    createdBy: users.get(t.createdBy)?.username ?? null,
    createdAt: iso(t.createdAt),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
  });
  return [
    {
      method: 'GET',
      path: '/api/v1/tokens',
      permission: 'users:manage',
      handle() {
        return { status: 200, body: { tokens: tokens.list().map(view) } };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/tokens',
      permission: 'users:manage',
      async handle({ req, user }) {
        const { token, record } = tokens.create(parseTokenCreate(await readJson(req)), user);
        return { status: 201, body: { ...view(record), token } };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/tokens/:id',
      permission: 'users:manage',
      handle({ params }) {
        if (!tokens.revoke(params.id as string)) throw new ApiError('NOT_FOUND', `no API token with id ${params.id}`);
        return { status: 204, body: null };
      },
    },
  ];
}
