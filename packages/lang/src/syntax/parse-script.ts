import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import type { PipelineNode } from './script-ast.js';
import { ScriptParser } from './script-parser.js';

/** Parser scripts longer than this (UTF-16 units) are refused before lexing: bounds work and memory. */
export const MAX_SCRIPT_LENGTH = 256 * 1024;

/**
 * Parses a parser script into its syntax tree. Throws QuerySyntaxError (with a code and a source
 * range) for any invalid input, and nothing else.
 */
export function parseScript(text: string): PipelineNode {
  if (typeof text !== 'string') throw new QuerySyntaxError('UNEXPECTED_TOKEN', 'The script must be a string', '', 0, 0);
  if (text.length > MAX_SCRIPT_LENGTH) {
    throw new QuerySyntaxError('QUERY_TOO_LONG', `The script is ${text.length} characters long; the limit is ${MAX_SCRIPT_LENGTH}`, text, MAX_SCRIPT_LENGTH, text.length);
  }
  return new ScriptParser(text).parseScript();
}
