/**
 * On-demand lexer for parser scripts. The same characters mean different things in a filter and in
 * an expression (`adm*` is a wildcard in `user=adm*` but a product in `x := a*2`; `/` opens a regex
 * or divides), so the parser asks for the next token in the mode it is in. Each call is O(token
 * length) and never backtracks, so lexing stays linear.
 *
 * Filter mode: words as in search v0 (they run until whitespace or `( ) | = < > " , ; { }`).
 * Expression mode: identifiers `[A-Za-z0-9_@#.:$]` plus `[n]` / `[]` suffixes, numbers, operators.
 */
import { lexRegex, lexString } from './lexer.js';
import type { Fail } from './lexer.js';
import type { Token } from './token.js';

export type ScriptTokenKind = 'word' | 'string' | 'regex' | 'number' | 'op' | 'eof';

export interface ScriptToken {
  readonly kind: ScriptTokenKind;
  readonly start: number;
  readonly end: number;
  /** The word, the unescaped string, the regex pattern, the number text or the operator. */
  readonly value: string;
  readonly flags: string;
}

export type LexMode = 'filter' | 'expr';

const FILTER_STOP = new Set(['(', ')', '|', '=', '<', '>', '"', ',', ';', '{', '}']);
const TWO_CHAR_OPS = new Set([':=', '=~', '=>', '==', '!=', '<=', '>=']);
const ONE_CHAR_OPS = new Set(['(', ')', '[', ']', '{', '}', ',', ';', '|', '=', '<', '>', '!', '+', '-', '*', '/', '%']);
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029;
}

function isIdentChar(ch: string): boolean {
  return /[A-Za-z0-9_@#.:$\u0080-\uffff]/.test(ch);
}

export class ScriptLexer {
  constructor(
    private readonly text: string,
    private readonly fail: Fail,
  ) {}

  /** Offset of the next token after whitespace and comments. */
  skip(pos: number): number {
    const text = this.text;
    let i = pos;
    for (;;) {
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (text.startsWith('//', i)) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl + 1;
      } else if (text.startsWith('/*', i)) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) this.fail('UNTERMINATED_COMMENT', 'This /* comment is never closed with */', i, text.length);
        i = close + 2;
      } else {
        return i;
      }
    }
  }

  lex(pos: number, mode: LexMode): ScriptToken {
    const text = this.text;
    const i = this.skip(pos);
    if (i >= text.length) return tok('eof', i, i, '');
    const ch = text.charAt(i);
    if (ch === '"') return fromToken(lexString(text, i, this.fail));
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) return tok('op', i, i + 2, two);
    if (ch === '/') {
      // In a filter a slash always opens a regex; in an expression the parser asks for regexAt()
      // when it expects an operand, and reads this as division otherwise.
      return mode === 'filter' ? fromToken(lexRegex(text, i, this.fail)) : tok('op', i, i + 1, '/');
    }
    if (mode === 'filter') {
      if (ch === '(' || ch === ')' || ch === '|' || ch === '=' || ch === '<' || ch === '>' || ch === '!' || ch === ',' || ch === ';' || ch === '{' || ch === '}' || ch === '[' || ch === ']') {
        return tok('op', i, i + 1, ch);
      }
      let j = i;
      while (j < text.length) {
        const c = text.charAt(j);
        const d = text.charAt(j + 1);
        if (isSpace(text.charCodeAt(j)) || FILTER_STOP.has(c) || (c === '!' && d === '=') || (c === ':' && d === '=')) break;
        j++;
      }
      return tok('word', i, j, text.slice(i, j));
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text.charAt(i + 1)))) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
      const end = i + (m?.[0].length ?? 1);
      if (!isIdentChar(text.charAt(end))) return tok('number', i, end, text.slice(i, end));
    }
    if (isIdentChar(ch)) {
      let j = i;
      while (j < text.length) {
        const c = text.charAt(j);
        if (c === ':' && text.charAt(j + 1) === '=') break;
        if (isIdentChar(c)) {
          j++;
        } else if (c === '[') {
          // `a[0]`, `a[]`: array suffixes belong to the field name.
          const m = /^\[\d*\]/.exec(text.slice(j, j + 24));
          if (m === null) break;
          j += m[0].length;
        } else {
          break;
        }
      }
      const word = text.slice(i, j);
      return tok(NUMBER.test(word) ? 'number' : 'word', i, j, word);
    }
    if (ONE_CHAR_OPS.has(ch)) return tok('op', i, i + 1, ch);
    return this.fail('UNEXPECTED_TOKEN', `Unexpected character '${ch}'`, i, i + 1);
  }

  /** A `/regex/flags` literal at `pos` (an expression operand). */
  regexAt(pos: number): ScriptToken {
    return fromToken(lexRegex(this.text, this.skip(pos), this.fail));
  }
}

function tok(kind: ScriptTokenKind, start: number, end: number, value: string, flags = ''): ScriptToken {
  return { kind, start, end, value, flags };
}

function fromToken(t: Token): ScriptToken {
  return tok(t.kind === 'string' ? 'string' : 'regex', t.start, t.end, t.value, t.flags);
}
