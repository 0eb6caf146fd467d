import type { ErrorCode } from '../errors/error-codes.js';

/**
 * Thrown by a function implementation while it compiles a call, for an argument value only the
 * implementation can judge (a time pattern, a regex). compileParser turns it into a diagnostic with
 * this code; any other error thrown while compiling is a bug and becomes an INTERNAL diagnostic.
 */
export class InvalidArgument extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'INVALID_ARGUMENT',
  ) {
    super(message);
    this.name = 'InvalidArgument';
  }
}
