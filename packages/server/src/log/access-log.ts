/**
 * One info line per management API request (method, path without query string, status, ms, user),
 * and a debug line per rejected HEC request. HEC successes are never logged: it is the hot path.
 *
 * Only values chosen here reach the log: never headers, query strings or bodies, so an API key, a
 * session token or a password cannot end up in a line (the logger's redact paths are a second guard).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticate } from '../api/router.js';
import type { RequestOutcome } from '../receive/types.js';
import type { Logger } from './logger.js';

export interface AccessLog {
  /** Wraps the API's authenticator to remember who made each request (for its access line). */
  authenticated(authenticate: Authenticate): Authenticate;
  /** Logs one line when the API request's response is finished or its connection closed. */
  track(req: IncomingMessage, res: ServerResponse, path: string): void;
  /** The receiver's per-request hook: a debug line for every answer ≥ 400. */
  observeHec(outcome: RequestOutcome): void;
}

export function createAccessLog(log: Logger): AccessLog {
  const users = new WeakMap<IncomingMessage, string>();
  return {
    authenticated(authenticate) {
      return (req) => {
        const auth = authenticate(req);
        users.set(req, auth.user.username);
        return auth;
      };
    },
    track(req, res, path) {
      const started = process.hrtime.bigint();
      res.once('close', () => {
        const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
        log.info(
          {
            method: req.method,
            path,
            status: res.statusCode,
            ms,
            user: users.get(req) ?? null,
            ...(res.writableFinished ? {} : { aborted: true }),
          },
          'api request',
        );
      });
    },
    observeHec(outcome) {
      if (outcome.status < 400 || !log.isLevelEnabled('debug')) return;
      log.debug(
        {
          endpoint: outcome.route,
          status: outcome.status,
          code: outcome.code,
          connectorId: outcome.connector?.id,
          credentialVia: outcome.credentialVia,
          remoteAddress: outcome.remoteAddress,
        },
        'hec request rejected',
      );
    },
  };
}
