/**
 * Errors of the management API, with stable codes. Every error answers
 * `{"error": {"code", "message", "field"?}}`; clients test `code`, never the message text.
 */
export const API_ERRORS = {
  BAD_JSON: 400,
  INVALID_FIELD: 400,
  UNKNOWN_FIELD: 400,
  NAME_TAKEN: 400,
  /** The change would leave no enabled Administrator. */
  LAST_ADMIN: 400,
  UNKNOWN_PARSER: 400,
  QUERY_SYNTAX: 400,
  INVALID_TIME: 400,
  /** The endpoint cannot answer for this kind of query (a histogram of an aggregate); `errorCode` says why. */
  UNSUPPORTED_QUERY: 400,
  UNAUTHENTICATED: 401,
  BAD_CREDENTIALS: 401,
  FORBIDDEN: 403,
  /** Too many failed sign-ins for this username or client address; see Retry-After. */
  TOO_MANY_ATTEMPTS: 429,
  /** The server holds as many query jobs as it may; delete finished ones or let them expire. */
  TOO_MANY_QUERY_JOBS: 429,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  /** A built-in parser cannot be changed or deleted. */
  READ_ONLY: 409,
  /** The object is still used (a parser by a connector). */
  IN_USE: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SEARCH_TIMEOUT: 503,
  /** The search was stopped because its client went away or deleted its job (nginx's 499: nobody reads it). */
  SEARCH_CANCELLED: 499,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = API_ERRORS[code];
  }

  toJSON(): { error: Record<string, unknown> } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field !== undefined ? { field: this.field } : {}),
        ...(this.details ?? {}),
      },
    };
  }
}
