/**
 * Tokens of the query language. Offsets are UTF-16 indexes into the query text, `end` exclusive.
 * `and`/`or`/`not` are lexed as words: whether a word is a keyword depends on where it stands
 * (`or=1` filters a field named "or"), so the parser decides.
 */
export type TokenKind =
  | 'word' // bare text: a field name, an unquoted value or free text
  | 'string' // "quoted", value has escapes resolved
  | 'regex' // /pattern/flags, value is the pattern, flags separately
  | 'lparen'
  | 'rparen'
  | 'pipe'
  | 'bang' // unary ! (negation)
  | 'eq'
  | 'neq'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'assign' // := (full language only)
  | 'match' // =~ (full language only)
  | 'eqeq' // == (expressions only)
  | 'reserved' // , ; { } [ at a token start: structure of the full language
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Decoded text: the word itself, the unescaped string, or the regex pattern. */
  readonly value: string;
  /** Regex flags as written (only for kind 'regex'). */
  readonly flags: string;
}

/** Comparison operators that turn the preceding word or string into a field name. */
export const COMPARISON_KINDS: ReadonlySet<TokenKind> = new Set(['eq', 'neq', 'lt', 'le', 'gt', 'ge']);

/** How a token is shown in an error message. */
export function describeToken(token: Token, text: string): string {
  if (token.kind === 'eof') return 'the end of the query';
  const raw = text.slice(token.start, token.end);
  const shown = raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
  return `'${shown}'`;
}
