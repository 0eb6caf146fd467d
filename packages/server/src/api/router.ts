/**
 * A small method + path router for the management API (`/api/v1/...`). Path segments starting
 * with `:` are parameters. A known path with the wrong method answers 405 with `Allow`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasPermission, type Permission } from '../auth/permissions.js';
import type { User } from '../auth/users.js';
import type { Logger } from '../log/logger.js';
import { ApiError } from './api-error.js';
import { sendJson } from './http-json.js';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The signed-in user; set for every route not marked `public`. */
  user: User;
  /** The bearer token the user presented. */
  token: string;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  /** What the caller's role must allow; 'public' routes (sign-in) run without a session. */
  permission: Permission | 'public';
  handle(ctx: RequestContext): Promise<RouteResult> | RouteResult;
}

interface Compiled {
  route: Route;
  parts: string[];
}

export type Authenticate = (req: IncomingMessage) => { user: User; token: string };

export function createRouter(routes: readonly Route[], authenticate: Authenticate, log: Logger) {
  const compiled: Compiled[] = routes.map((route) => ({ route, parts: route.path.split('/').filter(Boolean) }));

  function match(parts: string[], pattern: string[]): Record<string, string> | undefined {
    if (parts.length !== pattern.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const p = pattern[i] as string;
      const v = parts[i] as string;
      if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(v);
      else if (p !== v) return undefined;
    }
    return params;
  }

  return async function dispatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      const parts = url.pathname.split('/').filter(Boolean);
      const candidates = compiled
        .map((c) => ({ c, params: match(parts, c.parts) }))
        .filter((m): m is { c: Compiled; params: Record<string, string> } => m.params !== undefined);
      if (candidates.length === 0) throw new ApiError('NOT_FOUND', `no API endpoint ${url.pathname}`);
      const found = candidates.find((m) => m.c.route.method === req.method);
      if (!found) {
        const allow = [...new Set(candidates.map((m) => m.c.route.method))].join(', ');
        res.setHeader('Allow', allow);
        throw new ApiError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}; allowed: ${allow}`);
      }
      const { permission } = found.c.route;
      const auth = permission === 'public' ? undefined : authenticate(req);
      if (auth !== undefined && permission !== 'public' && !hasPermission(auth.user.role, permission)) {
        throw new ApiError('FORBIDDEN', `the ${auth.user.role} role may not do this (${permission} is required)`);
      }
      const result = await found.c.route.handle({
        req,
        res,
        params: found.params,
        query: url.searchParams,
        user: auth?.user as User,
        token: auth?.token as string,
      });
      if (result.status === 204) {
        res.writeHead(204).end();
      } else {
        sendJson(res, result.status, result.body);
      }
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const apiError =
        err instanceof ApiError ? err : new ApiError('INTERNAL', 'internal error; the server log has the details');
      if (!(err instanceof ApiError)) log.error({ err, path: url.pathname }, 'management API request failed');
      sendJson(res, apiError.status, apiError.toJSON());
    }
  };
}
