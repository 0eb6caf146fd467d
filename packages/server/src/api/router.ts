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

/** What the router reports after each answer of a matched route (the audit log listens). */
export interface ResponseInfo {
  req: IncomingMessage;
  method: string;
  /** The route pattern, e.g. `/api/v1/connectors/:id`. */
  route: string;
  params: Record<string, string>;
  /** The caller, when authentication succeeded. */
  user?: User;
  status: number;
  /** The API error code when the request failed. */
  errorCode?: string;
  /** `id` and `name` of the object the answer describes (a created connector); never the whole body, which may hold a secret. */
  result?: { id?: string; name?: string };
}

export interface RouterOptions {
  /** Called once per answered request of a matched route; must not throw (errors are logged and ignored). */
  onResponse?(info: ResponseInfo): void;
}

export function createRouter(routes: readonly Route[], authenticate: Authenticate, log: Logger, options: RouterOptions = {}) {
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
    // For onResponse: filled in as the request gets through matching, authentication and the handler.
    const seen: Partial<ResponseInfo> = {};
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
      seen.route = found.c.route.path;
      seen.params = found.params;
      const { permission } = found.c.route;
      const auth = permission === 'public' ? undefined : authenticate(req);
      if (auth !== undefined) seen.user = auth.user;
      if (auth !== undefined && permission !== 'public' && !hasPermission(auth.user, permission)) {
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
      seen.status = result.status;
      seen.result = describeResult(result.body);
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
      seen.status = apiError.status;
      seen.errorCode = apiError.code;
      sendJson(res, apiError.status, apiError.toJSON());
    } finally {
      if (options.onResponse !== undefined && seen.route !== undefined) report(options.onResponse, req, seen);
    }
  };

  function report(onResponse: NonNullable<RouterOptions['onResponse']>, req: IncomingMessage, seen: Partial<ResponseInfo>): void {
    try {
      onResponse({ ...seen, req, method: req.method ?? 'GET', route: seen.route as string, params: seen.params ?? {}, status: seen.status ?? 500 });
    } catch (err) {
      log.error({ err }, 'the API response hook failed');
    }
  }
}

/** `id` and `name` of an answer that describes one object (strings only; nothing else is read). */
function describeResult(body: unknown): ResponseInfo['result'] {
  if (typeof body !== 'object' || body === null) return undefined;
  const { id, name } = body as { id?: unknown; name?: unknown };
  if (typeof id !== 'string' && typeof name !== 'string') return undefined;
  return { ...(typeof id === 'string' ? { id } : {}), ...(typeof name === 'string' ? { name } : {}) };
}
