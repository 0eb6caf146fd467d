/**
 * A problem in the query, at its place: from the browser's own check while typing (@hecate/lang's
 * checkSearch), or from the server's 400 answer (`error.position`) when a search is run.
 */
import type { ApiFailure } from '../api/api-client.js';
import type { QueryPosition } from '../api/search-types.js';

export interface QueryProblem extends QueryPosition {
  message: string;
  code: string;
}

/** Messages end with their position, sometimes twice; the view shows the position itself. */
export function withoutPosition(message: string): string {
  return message.replace(/(\s*\(line \d+, column \d+\))+\s*$/, '');
}

function isPosition(value: unknown): value is QueryPosition {
  const p = value as Partial<QueryPosition> | null;
  return typeof p === 'object' && p !== null && typeof p.start === 'number' && typeof p.end === 'number' && typeof p.line === 'number' && typeof p.column === 'number';
}

/** The problem a failed search answered (an ApiFailure), when the answer says where it is. */
export function problemFromError(error: unknown): QueryProblem | undefined {
  // Read by shape: this module stays free of the API client's session state (and unit-testable).
  const failure = error as Partial<Pick<ApiFailure, 'message' | 'code' | 'details'>> | undefined;
  if (typeof failure?.message !== 'string' || typeof failure.code !== 'string' || failure.details === undefined) return undefined;
  return problemFrom(failure.message, failure.code, failure.details);
}

function problemFrom(message: string, apiCode: string, details: Readonly<Record<string, unknown>>): QueryProblem | undefined {
  if (!isPosition(details.position)) return undefined;
  const { start, end, line, column } = details.position;
  const code = typeof details.errorCode === 'string' ? details.errorCode : apiCode;
  return { start, end, line, column, code, message: withoutPosition(message) };
}

/** The line of `text` holding the problem, and the columns to underline on it. */
export function problemLine(text: string, problem: QueryPosition): { line: string; from: number; width: number } {
  const lineStart = text.lastIndexOf('\n', Math.max(0, problem.start - 1)) + 1;
  const newline = text.indexOf('\n', lineStart);
  const line = text.slice(lineStart, newline < 0 ? text.length : newline);
  const from = Math.min(line.length, problem.start - lineStart);
  const width = Math.max(1, Math.min(line.length - from, problem.end - problem.start));
  return { line, from, width };
}
