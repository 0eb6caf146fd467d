/**
 * Calls to the management API (`/api/v1`, same origin). Errors carry the API's stable `code` (and
 * `field`), so views decide by code, never by message text.
 */
import { endSession, sessionState } from './session.js';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The whole `error` object of the answer: `position` of a query error, `diagnostics` of a parser, … */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Without the session token (sign-in). */
  anonymous?: boolean;
  /** With this token instead of the session's (checking a new token before keeping it). */
  token?: string;
}

export async function api<T>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = options.token ?? sessionState().token;
  if (options.anonymous !== true && token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiFailure(0, 'NETWORK', 'Hecate did not answer: is the server running and reachable?');
  }
  const text = await response.text();
  const parsed = text === '' ? undefined : safeJson(text);
  if (response.ok) return parsed as T;
  const error = (parsed as { error?: { code?: string; message?: string; field?: string } & Record<string, unknown> } | undefined)?.error;
  const failure = new ApiFailure(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? `the server answered ${response.status}`, error?.field, error ?? {});
  if (response.status === 401 && options.anonymous !== true && options.token === undefined && failure.code === 'UNAUTHENTICATED') {
    endSession('Your session has ended. Sign in again.');
  }
  throw failure;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A message for people, from anything a call may throw. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiFailure) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
