import { QueryError } from './query-error.js';
import type { ErrorCode } from './error-codes.js';

/** A 1-based line and column, as an editor shows them. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Converts a UTF-16 offset into a 1-based line/column (lines split on \n; \r\n counts as one break). */
export function lineColumnAt(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * An error in the query text. `start`/`end` are UTF-16 offsets into the query (end exclusive), so the
 * console can underline the exact range; `line`/`column` locate `start`.
 */
export class QuerySyntaxError extends QueryError {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;

  constructor(code: ErrorCode, message: string, text: string, start: number, end: number) {
    const at = lineColumnAt(text, start);
    super(code, `${message} (line ${at.line}, column ${at.column})`);
    this.name = 'QuerySyntaxError';
    this.start = start;
    this.end = Math.max(end, start);
    this.line = at.line;
    this.column = at.column;
  }
}
