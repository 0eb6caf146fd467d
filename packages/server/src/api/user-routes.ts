/**
 * User administration (Administrators: `users:manage`). Answers never include password hashes: the
 * view is built from `User`, which has none. Disabling or deleting a user ends their sessions.
 */
import type { SessionStore } from '../auth/sessions.js';
import { parseUserCreate, parseUserPatch } from '../auth/user-input.js';
import type { User, UserStore } from '../auth/users.js';
import { ApiError } from './api-error.js';
import { readJson } from './http-json.js';
import type { Route } from './router.js';

export function userView(u: User): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    disabled: u.disabled,
    canSearch: u.canSearch,
    createdAt: new Date(u.createdAt).toISOString(),
  };
}

export function userRoutes(users: UserStore, sessions: SessionStore): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/users',
      permission: 'users:manage',
      handle() {
        return { status: 200, body: { users: users.list().map(userView) } };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/users',
      permission: 'users:manage',
      async handle({ req }) {
        const input = parseUserCreate(await readJson(req));
        const created = await users.create(input.username, input.password, input.role, input.canSearch);
        return { status: 201, body: userView(created) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users/:id',
      permission: 'users:manage',
      handle({ params }) {
        const found = users.get(params.id as string);
        return found ? { status: 200, body: userView(found) } : notFound(params.id as string);
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/users/:id',
      permission: 'users:manage',
      async handle({ req, params }) {
        const patch = parseUserPatch(await readJson(req));
        const updated = users.update(params.id as string, patch);
        if (updated.disabled) sessions.revokeAllFor(updated.id);
        return { status: 200, body: userView(updated) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/users/:id',
      permission: 'users:manage',
      handle({ params }) {
        // Sessions and API tokens are deleted with the user (foreign keys cascade).
        users.delete(params.id as string);
        return { status: 204, body: null };
      },
    },
  ];
}

function notFound(id: string): never {
  throw new ApiError('NOT_FOUND', `no user with id ${id}`);
}
