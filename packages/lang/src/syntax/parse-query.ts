import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import type { QueryNode } from './ast.js';
import { tokenize } from './lexer.js';
import { Parser } from './parser.js';

/** Query texts longer than this (UTF-16 units) are refused before lexing: bounds work and memory. */
export const MAX_QUERY_LENGTH = 64 * 1024;

/**
 * Parses a query into its syntax tree. Throws QuerySyntaxError (with a code and a source range) for
 * any invalid input, and nothing else.
 */
export function parseQuery(text: string): QueryNode {
  if (typeof text !== 'string') {
    throw new QuerySyntaxError('UNEXPECTED_TOKEN', 'The query must be a string', '', 0, 0);
  }
  if (text.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError('QUERY_TOO_LONG', `The query is ${text.length} characters long; the limit is ${MAX_QUERY_LENGTH}`, text, MAX_QUERY_LENGTH, text.length);
  }
  return new Parser(text, tokenize(text)).parseQuery();
}
