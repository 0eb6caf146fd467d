/**
 * Sign-in, sign-out, one's own account and sessions. Sign-in is rate limited per username and per
 * client address (auth/login-rate-limiter.ts); the client address is the TCP peer, never a header a
 * client could forge.
 */
import type { IncomingMessage } from 'node:http';
import { noteForAudit } from '../audit/audit-note.js';
import { TOKEN_PREFIX, type ApiTokenStore } from '../auth/api-tokens.js';
import type { LoginRateLimiter } from '../auth/login-rate-limiter.js';
import { permissionsOf } from '../auth/permissions.js';
import type { SessionStore } from '../auth/sessions.js';
import { parsePasswordChange } from '../auth/user-input.js';
import type { User, UserStore } from '../auth/users.js';
import { ApiError } from './api-error.js';
import { readJson } from './http-json.js';
import type { Route } from './router.js';

/**
 * Reads `Authorization: Bearer <token>` and resolves the caller, or throws 401. A session token (`hcs_…`)
 * resolves to its user; an API token (`hct_…`) to its creator's account acting with the token's role.
 */
export function bearerAuthenticator(sessions: SessionStore, apiTokens?: ApiTokenStore) {
  return (req: IncomingMessage): { user: User; token: string } => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new ApiError('UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <token>" with a token from POST /api/v1/auth/login');
    }
    const token = match[1] as string;
    if (apiTokens !== undefined && token.startsWith(TOKEN_PREFIX)) {
      const user = apiTokens.resolve(token);
      if (!user) throw new ApiError('UNAUTHENTICATED', 'the API token is unknown, revoked or expired');
      return { user, token };
    }
    const user = sessions.resolve(token);
    if (!user) throw new ApiError('UNAUTHENTICATED', 'the session token is unknown or expired; sign in again');
    return { user, token };
  };
}

export interface AuthRouteDeps {
  users: UserStore;
  sessions: SessionStore;
  loginLimiter: LoginRateLimiter;
}

/** Session and password routes belong to people; an API token is managed under /api/v1/tokens instead. */
function requireSession(user: User): void {
  if (user.apiTokenId !== undefined) {
    throw new ApiError('FORBIDDEN', 'an API token cannot do this: sign in as the user (API tokens are revoked with DELETE /api/v1/tokens/:id)');
  }
}

const clientAddress = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown';

export function authRoutes({ users, sessions, loginLimiter }: AuthRouteDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/login',
      permission: 'public',
      async handle({ req, res }) {
        const body = await readJson(req);
        const { username, password } = (body ?? {}) as Record<string, unknown>;
        if (typeof username === 'string') noteForAudit(req, { attemptedUser: username });
        if (typeof username !== 'string' || typeof password !== 'string') {
          throw new ApiError('INVALID_FIELD', 'username and password are required strings', typeof username !== 'string' ? 'username' : 'password');
        }
        const address = clientAddress(req);
        const waitSeconds = loginLimiter.check(username, address);
        if (waitSeconds > 0) {
          res.setHeader('Retry-After', String(waitSeconds));
          throw new ApiError('TOO_MANY_ATTEMPTS', `too many failed sign-ins; try again in ${waitSeconds} s`, undefined, { retryAfterSeconds: waitSeconds });
        }
        const user = await users.authenticate(username, password);
        if (!user) {
          loginLimiter.recordFailure(username, address);
          throw new ApiError('BAD_CREDENTIALS', 'wrong username or password');
        }
        loginLimiter.recordSuccess(username);
        const session = sessions.create(user);
        return {
          status: 200,
          body: {
            token: session.token,
            sessionId: session.id,
            expiresAt: new Date(session.expiresAt).toISOString(),
            user: { username: user.username, role: user.role },
          },
        };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/logout',
      permission: 'self',
      handle({ user, token }) {
        requireSession(user);
        sessions.revoke(token);
        return { status: 204, body: null };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/auth/me',
      permission: 'self',
      handle({ user }) {
        return {
          status: 200,
          body: {
            id: user.id,
            username: user.username,
            role: user.role,
            canSearch: user.canSearch,
            permissions: [...permissionsOf(user)],
            ...(user.apiTokenId !== undefined ? { apiTokenId: user.apiTokenId } : {}),
          },
        };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/password',
      permission: 'self',
      async handle({ req, user, token }) {
        requireSession(user);
        const { currentPassword, newPassword } = parsePasswordChange(await readJson(req));
        if (!(await users.verifyPassword(user.id, currentPassword))) {
          throw new ApiError('BAD_CREDENTIALS', 'the current password is wrong', 'currentPassword');
        }
        await users.setPassword(user.id, newPassword);
        // Whoever else holds a session of this account (perhaps with the old password) is signed out.
        const revokedSessions = sessions.revokeAllFor(user.id, token);
        return { status: 200, body: { changed: true, revokedSessions } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/auth/sessions',
      permission: 'self',
      handle({ user, token }) {
        requireSession(user);
        const current = sessions.idOf(token);
        return {
          status: 200,
          body: {
            sessions: sessions.listFor(user.id).map((s) => ({
              id: s.id,
              createdAt: new Date(s.createdAt).toISOString(),
              expiresAt: new Date(s.expiresAt).toISOString(),
              current: s.id === current,
            })),
          },
        };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/auth/sessions/:id',
      permission: 'self',
      handle({ user, params }) {
        requireSession(user);
        if (!sessions.revokeById(user.id, params.id as string)) throw new ApiError('NOT_FOUND', `you have no session with id ${params.id}`);
        return { status: 204, body: null };
      },
    },
  ];
}
