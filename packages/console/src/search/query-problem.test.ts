import { describe, expect, it } from 'vitest';
import { problemFromError, problemLine, withoutPosition } from './query-problem.js';

describe('a query problem', () => {
  it('is read from a 400 answer with its position', () => {
    // The shape of an ApiFailure for `{"error": {"code": "QUERY_SYNTAX", "errorCode", "position", …}}`.
    const error = {
      message: 'The call groupBy( is never closed (line 1, column 17) (line 1, column 17)',
      code: 'QUERY_SYNTAX',
      details: { errorCode: 'MISSING_CLOSE_PAREN', position: { start: 16, end: 24, line: 1, column: 17 } },
    };
    expect(problemFromError(error)).toEqual({ start: 16, end: 24, line: 1, column: 17, code: 'MISSING_CLOSE_PAREN', message: 'The call groupBy( is never closed' });
    expect(problemFromError({ message: 'too slow', code: 'SEARCH_TIMEOUT', details: {} })).toBeUndefined();
    expect(problemFromError(new Error('network'))).toBeUndefined();
  });

  it('keeps messages that do not end with a position', () => {
    expect(withoutPosition('Unknown function foo() (did you mean bar?)')).toBe('Unknown function foo() (did you mean bar?)');
  });

  it('finds the line to show and the columns to underline', () => {
    const text = 'a\n| groupBy(user\n| count()';
    expect(problemLine(text, { start: 4, end: 12, line: 2, column: 3 })).toEqual({ line: '| groupBy(user', from: 2, width: 8 });
    expect(problemLine('x |', { start: 3, end: 3, line: 1, column: 4 })).toEqual({ line: 'x |', from: 3, width: 1 });
  });
});
