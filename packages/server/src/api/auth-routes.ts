import type { IncomingMessage } from 'node:http';
import type { SessionStore } from '../auth/sessions.js';
import type { User, UserStore } from '../auth/users.js';
import { ApiError } from './api-error.js';
import { readJson } from './http-json.js';
import type { Route } from './router.js';

/** Reads `Authorization: Bearer <session token>` and resolves the user, or throws 401. */
export function bearerAuthenticator(sessions: SessionStore) {
  return (req: IncomingMessage): { user: User; token: string } => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new ApiError('UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <token>" with a token from POST /api/v1/auth/login');
    }
    const token = match[1] as string;
    const user = sessions.resolve(token);
    if (!user) throw new ApiError('UNAUTHENTICATED', 'the session token is unknown or expired; sign in again');
    return { user, token };
  };
}

export function authRoutes(users: UserStore, sessions: SessionStore): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/login',
      permission: 'public',
      async handle({ req }) {
        const body = await readJson(req);
        const { username, password } = (body ?? {}) as Record<string, unknown>;
        if (typeof username !== 'string' || typeof password !== 'string') {
          throw new ApiError('INVALID_FIELD', 'username and password are required strings', typeof username !== 'string' ? 'username' : 'password');
        }
        const user = await users.authenticate(username, password);
        if (!user) throw new ApiError('BAD_CREDENTIALS', 'wrong username or password');
        const session = sessions.create(user);
        return {
          status: 200,
          body: { token: session.token, expiresAt: new Date(session.expiresAt).toISOString(), user: { username: user.username, role: user.role } },
        };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/logout',
      permission: 'self',
      handle({ token }) {
        sessions.revoke(token);
        return { status: 204, body: null };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/auth/me',
      permission: 'self',
      handle({ user }) {
        return { status: 200, body: { username: user.username, role: user.role } };
      },
    },
  ];
}
