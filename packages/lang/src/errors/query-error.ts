import type { ErrorCode } from './error-codes.js';

/** Base of every error @hecate/lang throws on purpose: it always carries a stable code. */
export class QueryError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'QueryError';
    this.code = code;
  }
}
