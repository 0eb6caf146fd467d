import type { ErrorCode } from '../errors/error-codes.js';
import { lineColumnAt } from '../errors/query-syntax-error.js';

/** A problem in a script, with the range to underline (UTF-16 offsets, end exclusive). */
export interface Diagnostic {
  readonly code: ErrorCode;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

export function diagnostic(code: ErrorCode, message: string, text: string, start: number, end: number): Diagnostic {
  const at = lineColumnAt(text, start);
  return Object.freeze({ code, message, start, end: Math.max(start, end), line: at.line, column: at.column });
}
