/**
 * Lexer: query text → tokens. Single pass, no backtracking, so it is linear in the input and cannot
 * hang. Whitespace and comments (`//` to end of line, `/* *\/`) separate tokens and are dropped.
 *
 * A bare word runs until whitespace or one of `( ) | = < > " , ; { }`, or until `!=` / `:=` (so
 * `a!=b` and `a:=b` split). `/` inside a word is kept (`http://x` is one word); at a token start it
 * opens a comment or a regex. `!` at a token start is negation.
 */
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import type { Token, TokenKind } from './token.js';

const WORD_STOP = new Set(['(', ')', '|', '=', '<', '>', '"', ',', ';', '{', '}']);
const REGEX_FLAGS = new Set(['i', 'm', 's', 'g']);

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

function token(kind: TokenKind, start: number, end: number, value = '', flags = ''): Token {
  return Object.freeze({ kind, start, end, value, flags });
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  const fail = (code: ConstructorParameters<typeof QuerySyntaxError>[0], message: string, start: number, end: number): never => {
    throw new QuerySyntaxError(code, message, text, start, end);
  };

  while (i < n) {
    const ch = text.charAt(i);
    const next = text.charAt(i + 1);
    if (isSpace(ch)) {
      i++;
    } else if (ch === '/' && next === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (ch === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) fail('UNTERMINATED_COMMENT', 'This /* comment is never closed with */', i, n);
      i = close + 2;
    } else if (ch === '/') {
      const t = lexRegex(text, i, fail);
      tokens.push(t);
      i = t.end;
    } else if (ch === '"') {
      const t = lexString(text, i, fail);
      tokens.push(t);
      i = t.end;
    } else if (ch === '(' || ch === ')' || ch === '|') {
      tokens.push(token(ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'pipe', i, i + 1));
      i++;
    } else if (ch === '!' ) {
      tokens.push(next === '=' ? token('neq', i, i + 2) : token('bang', i, i + 1));
      i += next === '=' ? 2 : 1;
    } else if (ch === '=') {
      const kind: TokenKind = next === '~' ? 'match' : next === '=' ? 'eqeq' : 'eq';
      const len = kind === 'eq' ? 1 : 2;
      tokens.push(token(kind, i, i + len));
      i += len;
    } else if (ch === '<' || ch === '>') {
      const len = next === '=' ? 2 : 1;
      const kind: TokenKind = ch === '<' ? (len === 2 ? 'le' : 'lt') : len === 2 ? 'ge' : 'gt';
      tokens.push(token(kind, i, i + len));
      i += len;
    } else if (ch === ':' && next === '=') {
      tokens.push(token('assign', i, i + 2));
      i += 2;
    } else if (ch === ',' || ch === ';' || ch === '{' || ch === '}' || ch === '[') {
      tokens.push(token('reserved', i, i + 1, ch));
      i++;
    } else {
      const start = i;
      while (i < n) {
        const c = text.charAt(i);
        const d = text.charAt(i + 1);
        if (isSpace(c) || WORD_STOP.has(c) || (c === '!' && d === '=') || (c === ':' && d === '=')) break;
        i++;
      }
      tokens.push(token('word', start, i, text.slice(start, i)));
    }
  }
  tokens.push(token('eof', n, n));
  return tokens;
}

export type Fail = (code: ConstructorParameters<typeof QuerySyntaxError>[0], message: string, start: number, end: number) => never;

/** `"..."`: `\"` `\\` `\n` `\t` `\r` are escapes; any other `\x` stays as written (Windows paths). */
export function lexString(text: string, start: number, fail: Fail): Token {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '"') return token('string', start, i + 1, value);
    if (ch === '\\') {
      if (i + 1 >= text.length) break;
      const e = text.charAt(i + 1);
      value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '"' || e === '\\' ? e : `\\${e}`;
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
  return fail('UNTERMINATED_STRING', 'This quoted string is never closed with "', start, text.length);
}

/**
 * `/pattern/flags`: ends at the first `/` that is neither escaped nor inside a [class]; a newline
 * ends it unterminated. The pattern is kept as written; the IR phase checks it.
 */
export function lexRegex(text: string, start: number, fail: Fail): Token {
  let i = start + 1;
  let inClass = false;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '\n' || ch === '\r') break;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) {
      const pattern = text.slice(start + 1, i);
      let end = i + 1;
      while (end < text.length && /[A-Za-z]/.test(text.charAt(end))) end++;
      const flags = text.slice(i + 1, end);
      const seen = new Set<string>();
      for (let k = 0; k < flags.length; k++) {
        const f = flags.charAt(k);
        if (!REGEX_FLAGS.has(f) || seen.has(f)) {
          fail('INVALID_REGEX_FLAG', `Regex flag '${f}' is not allowed here: use i, m, s or g, each at most once`, i + 1 + k, i + 2 + k);
        }
        seen.add(f);
      }
      return token('regex', start, end, pattern, flags);
    }
    i++;
  }
  return fail('UNTERMINATED_REGEX', 'This /regex/ is never closed with / on the same line', start, Math.min(i, text.length));
}
