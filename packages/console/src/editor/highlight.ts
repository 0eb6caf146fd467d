/**
 * A forgiving tokenizer for the query language, for colouring and completion while the user types.
 * It never fails: unfinished strings, regexes and comments run to the end of the text, and every
 * character belongs to exactly one token, so the tokens concatenate back to the text. It follows the
 * language's lexers closely enough to colour (filter words run until whitespace or `( ) | = < > " , ;
 * { }`), but it is not the parser: what a query means is for @hecate/lang to say.
 */

export type TokenClass =
  | 'space'
  | 'comment'
  | 'string'
  | 'regex'
  | 'number'
  | 'keyword' // and, or, not, case, match
  | 'function' // a word followed by `(`
  | 'param' // a word followed by `=` directly inside a call: prefix="x"
  | 'field' // a word before a comparison or assignment, or an @metadata field
  | 'tag' // #connector
  | 'operator' // | = != := =~ < <= > >= == + - * / % !
  | 'punct' // ( ) [ ] { } , ;
  | 'text'; // free text and values

export interface HighlightToken {
  readonly start: number;
  readonly end: number;
  readonly kind: TokenClass;
}

const KEYWORDS = new Set(['and', 'or', 'not']);
const BLOCK_KEYWORDS = new Set(['case', 'match']);
const TWO_CHAR_OPS = new Set([':=', '=~', '=>', '==', '!=', '<=', '>=']);
const ONE_CHAR_OPS = new Set(['|', '=', '<', '>', '!', '+', '-', '*', '/', '%']);
const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ';']);
/** Ends a bare word (whitespace ends it too). */
const WORD_STOP = new Set(['(', ')', '|', '=', '<', '>', '"', ',', ';', '{', '}']);
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const isSpace = (ch: string): boolean => /\s/.test(ch);

/** Kinds after which a `/` divides; after anything else it opens a regex. */
const VALUE_KINDS: ReadonlySet<TokenClass> = new Set(['number', 'string', 'field', 'text', 'tag']);

export function tokenize(text: string): HighlightToken[] {
  const raw: Array<{ start: number; end: number; kind: TokenClass }> = [];
  let i = 0;
  let lastSignificant: { kind: TokenClass; text: string } | undefined;
  const push = (start: number, end: number, kind: TokenClass): void => {
    raw.push({ start, end, kind });
    if (kind !== 'space' && kind !== 'comment') lastSignificant = { kind, text: text.slice(start, end) };
  };
  while (i < text.length) {
    const ch = text.charAt(i);
    const start = i;
    if (isSpace(ch)) {
      while (i < text.length && isSpace(text.charAt(i))) i++;
      push(start, i, 'space');
    } else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      push(start, i, 'comment');
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      push(start, i, 'comment');
    } else if (ch === '"') {
      i = stringEnd(text, i);
      push(start, i, 'string');
    } else if (ch === '/' && !(lastSignificant !== undefined && (VALUE_KINDS.has(lastSignificant.kind) || lastSignificant.text === ')' || lastSignificant.text === ']'))) {
      i = regexEnd(text, i);
      push(start, i, 'regex');
    } else if (TWO_CHAR_OPS.has(text.slice(i, i + 2))) {
      i += 2;
      push(start, i, 'operator');
    } else if (PUNCT.has(ch)) {
      i++;
      push(start, i, 'punct');
    } else if (ONE_CHAR_OPS.has(ch) && !(ch === '*' && wordAt(text, i) > i + 1) && !(ch === '-' && /[\d.]/.test(text.charAt(i + 1)) && !VALUE_KINDS.has(lastSignificant?.kind ?? 'space'))) {
      i++;
      push(start, i, 'operator');
    } else {
      i = wordAt(text, i);
      if (i === start) i++; // a lone character no rule takes
      push(start, i, 'text');
    }
  }
  return classifyWords(text, raw);
}

/** End of the word starting at `i`; `[n]` suffixes belong to it (event.category[0]). */
function wordAt(text: string, i: number): number {
  let j = i;
  let brackets = 0;
  while (j < text.length) {
    const ch = text.charAt(j);
    if (isSpace(ch) || WORD_STOP.has(ch)) break;
    if (ch === '!' && text.charAt(j + 1) === '=') break;
    if (ch === ':' && text.charAt(j + 1) === '=') break;
    if (ch === '[') {
      if (j === i) break;
      brackets++;
    } else if (ch === ']') {
      if (brackets === 0) break;
      brackets--;
    }
    j++;
  }
  return j;
}

function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const ch = text.charAt(j);
    if (ch === '\\') j += 2;
    else if (ch === '"') return j + 1;
    else j++;
  }
  return text.length;
}

function regexEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const ch = text.charAt(j);
    if (ch === '\\') j += 2;
    else if (ch === '\n') return j;
    else if (ch === '/') {
      j++;
      while (j < text.length && /[a-zA-Z]/.test(text.charAt(j))) j++;
      return j;
    } else j++;
  }
  return text.length;
}

/** Words become functions, parameters, fields, tags, keywords or numbers by what stands around them. */
function classifyWords(text: string, raw: ReadonlyArray<{ start: number; end: number; kind: TokenClass }>): HighlightToken[] {
  const out: HighlightToken[] = [];
  // For each open `(`: whether it opened a call, so `name=` directly inside it is a parameter.
  const parens: boolean[] = [];
  const nextSignificant = (from: number): string => {
    for (let k = from + 1; k < raw.length; k++) {
      const t = raw[k];
      if (t !== undefined && t.kind !== 'space' && t.kind !== 'comment') return text.slice(t.start, t.end);
    }
    return '';
  };
  raw.forEach((t, k) => {
    let kind = t.kind;
    const word = text.slice(t.start, t.end);
    if (kind === 'punct') {
      if (word === '(') parens.push(out.length > 0 && lastKind(out) === 'function');
      else if (word === ')') parens.pop();
    } else if (kind === 'text') {
      const next = nextSignificant(k);
      const lower = word.toLowerCase();
      if (next === '(') kind = 'function';
      else if (KEYWORDS.has(lower)) kind = 'keyword';
      else if (BLOCK_KEYWORDS.has(lower) && next === '{') kind = 'keyword';
      else if (next === '=' && parens.length > 0 && parens[parens.length - 1] === true) kind = 'param';
      else if (word.startsWith('#')) kind = 'tag';
      else if (['=', '!=', ':=', '=~', '<', '<=', '>', '>=', '=='].includes(next) || word.startsWith('@')) kind = 'field';
      else if (NUMBER.test(word)) kind = 'number';
    }
    out.push({ start: t.start, end: t.end, kind });
  });
  return out;
}

function lastKind(tokens: readonly HighlightToken[]): TokenClass | undefined {
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t !== undefined && t.kind !== 'space' && t.kind !== 'comment') return t.kind;
  }
  return undefined;
}

/** True when the query has a `|` outside parentheses, brackets, braces, strings, regexes and comments. */
export function hasTopLevelPipe(text: string): boolean {
  let depth = 0;
  for (const t of tokenize(text)) {
    const s = text.slice(t.start, t.end);
    if (t.kind === 'punct') {
      if (s === '(' || s === '[' || s === '{') depth++;
      else if (s === ')' || s === ']' || s === '}') depth = Math.max(0, depth - 1);
    } else if (t.kind === 'operator' && s === '|' && depth === 0) {
      return true;
    }
  }
  return false;
}
