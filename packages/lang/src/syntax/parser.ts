/**
 * Recursive-descent parser for search v0 filters, following LogScale's filter grammar, in which
 * `or` binds tighter than `and` (and than the implicit and between adjacent terms):
 *
 *   Query      := AndFilter? EOF
 *   AndFilter  := OrFilter (('and')? OrFilter)*
 *   OrFilter   := Unary ('or' Unary)*
 *   Unary      := ('not' | '!')* Primary
 *   Primary    := '(' AndFilter ')' | Field op Value | FreeText | /regex/
 *
 * Recursion depth (parentheses and negations) and the number of terms are capped, so a hostile query
 * cannot overflow the stack or produce unbounded SQL.
 */
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import { freezeNode } from './ast.js';
import type {
  ComparisonOperator,
  FieldNameNode,
  FilterNode,
  NumberNode,
  PatternNode,
  QueryNode,
  RegexNode,
} from './ast.js';
import { COMPARISON_KINDS, describeToken } from './token.js';
import type { Token, TokenKind } from './token.js';

export const MAX_NESTING_DEPTH = 64;
export const MAX_TERMS = 1000;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMPARISON_OPERATORS: Partial<Record<TokenKind, ComparisonOperator>> = { lt: '<', le: '<=', gt: '>', ge: '>=' };

export class Parser {
  private pos = 0;
  private depth = 0;
  private terms = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseQuery(): QueryNode {
    const filter = this.peek().kind === 'eof' ? null : this.parseAnd();
    const rest = this.peek();
    if (rest.kind !== 'eof') this.unexpected(rest);
    return freezeNode({ kind: 'query', filter, start: 0, end: this.text.length });
  }

  private parseAnd(): FilterNode {
    const operands: FilterNode[] = [this.parseOr()];
    for (;;) {
      const t = this.peek();
      if (this.isKeyword(t, 'and')) {
        this.pos++;
        operands.push(this.parseOr());
      } else if (this.startsTerm(t)) {
        operands.push(this.parseOr());
      } else {
        break;
      }
    }
    return this.combine('and', operands);
  }

  private parseOr(): FilterNode {
    const operands: FilterNode[] = [this.parseUnary()];
    while (this.isKeyword(this.peek(), 'or')) {
      this.pos++;
      operands.push(this.parseUnary());
    }
    return this.combine('or', operands);
  }

  private combine(kind: 'and' | 'or', operands: FilterNode[]): FilterNode {
    const first = operands[0];
    const last = operands[operands.length - 1];
    if (first === undefined || last === undefined) throw new Error('unreachable: combine() without operands');
    if (operands.length === 1) return first;
    return freezeNode({ kind, operands, start: first.start, end: last.end });
  }

  private parseUnary(): FilterNode {
    const t = this.peek();
    if (t.kind === 'bang' || this.isKeyword(t, 'not')) {
      this.pos++;
      this.enter(t);
      const operand = this.parseUnary();
      this.depth--;
      return freezeNode({ kind: 'not', operand, spelling: t.kind === 'bang' ? '!' : 'not', start: t.start, end: operand.end });
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const t = this.peek();
    switch (t.kind) {
      case 'lparen': {
        this.pos++;
        this.enter(t);
        if (this.peek().kind === 'rparen') this.fail('UNEXPECTED_TOKEN', 'Empty parentheses: put a filter inside ( )', t.start, this.peek().end);
        const inner = this.parseAnd();
        const close = this.peek();
        if (close.kind !== 'rparen') {
          if (close.kind === 'eof') this.fail('MISSING_CLOSE_PAREN', 'This ( is never closed', t.start, t.end);
          this.unexpected(close);
        }
        this.pos++;
        this.depth--;
        return freezeNode({ kind: 'group', inner, start: t.start, end: close.end });
      }
      case 'regex':
        this.pos++;
        this.countTerm(t);
        return freezeNode({ kind: 'regexFilter', regex: this.regexNode(t), start: t.start, end: t.end });
      case 'word':
      case 'string':
        return this.parseTermStartingWith(t);
      default:
        return this.unexpected(t);
    }
  }

  /** A word or string is a field name when an operator follows it, otherwise free text. */
  private parseTermStartingWith(t: Token): FilterNode {
    const next = this.peekAt(1);
    if (t.kind === 'word' && (this.isKeyword(t, 'and') || this.isKeyword(t, 'or'))) {
      this.fail('UNEXPECTED_TOKEN', `'${t.value}' needs a filter on both sides (quote it to search for the word)`, t.start, t.end);
    }
    if (t.kind === 'word' && next.kind === 'lparen' && next.start === t.end) {
      this.fail('FUNCTION_NOT_SUPPORTED', `Function call '${t.value}(' is not supported yet: search v0 only filters (functions arrive later)`, t.start, next.end);
    }
    if (next.kind === 'assign' || next.kind === 'match' || next.kind === 'eqeq') {
      this.fail('UNSUPPORTED_OPERATOR', `Operator ${describeToken(next, this.text)} is not supported in search v0; use = to filter`, next.start, next.end);
    }
    this.countTerm(t);
    this.pos++;
    if (!COMPARISON_KINDS.has(next.kind)) {
      return freezeNode({ kind: 'freeText', pattern: this.patternNode(t), start: t.start, end: t.end });
    }
    const field = this.fieldName(t);
    this.pos++;
    const value = this.peek();
    const comparison = COMPARISON_OPERATORS[next.kind];
    if (comparison !== undefined) {
      const number = this.numberNode(value, next);
      this.pos++;
      return freezeNode({ kind: 'comparisonFilter', field, operator: comparison, value: number, start: t.start, end: value.end });
    }
    const operator = next.kind === 'neq' ? '!=' : '=';
    if (value.kind === 'word' || value.kind === 'string') {
      this.pos++;
      return freezeNode({ kind: 'equalityFilter', field, operator, value: this.patternNode(value), start: t.start, end: value.end });
    }
    if (value.kind === 'regex') {
      this.pos++;
      return freezeNode({ kind: 'equalityFilter', field, operator, value: this.regexNode(value), start: t.start, end: value.end });
    }
    return this.fail('EXPECTED_VALUE', `Expected a value after '${operator}', found ${describeToken(value, this.text)}`, next.start, value.end);
  }

  private fieldName(t: Token): FieldNameNode {
    if (t.kind === 'string' && t.value === '') this.fail('EMPTY_FIELD_NAME', 'A field name cannot be empty', t.start, t.end);
    return freezeNode({ kind: 'fieldName', name: t.value, quoted: t.kind === 'string', start: t.start, end: t.end });
  }

  private patternNode(t: Token): PatternNode {
    return freezeNode({ kind: 'pattern', text: t.value, quoted: t.kind === 'string', start: t.start, end: t.end });
  }

  private regexNode(t: Token): RegexNode {
    return freezeNode({ kind: 'regex', pattern: t.value, flags: t.flags, start: t.start, end: t.end });
  }

  private numberNode(t: Token, operator: Token): NumberNode {
    if (t.kind === 'eof') this.fail('EXPECTED_VALUE', `Expected a number after ${describeToken(operator, this.text)}`, operator.start, operator.end);
    const value = Number(t.value);
    if ((t.kind !== 'word' && t.kind !== 'string') || !NUMBER.test(t.value.trim()) || !Number.isFinite(value)) {
      this.fail('EXPECTED_NUMBER', `${describeToken(operator, this.text)} compares numbers, but ${describeToken(t, this.text)} is not a number`, t.start, t.end);
    }
    return freezeNode({ kind: 'number', value, text: t.value, start: t.start, end: t.end });
  }

  /** Can this token begin another term of an implicit and? */
  private startsTerm(t: Token): boolean {
    if (t.kind === 'lparen' || t.kind === 'bang' || t.kind === 'regex' || t.kind === 'string') return true;
    return t.kind === 'word' && !this.isKeyword(t, 'or');
  }

  /** `and`/`or`/`not` (any case) are keywords unless quoted or used as a field name (`or=1`). */
  private isKeyword(t: Token, keyword: 'and' | 'or' | 'not'): boolean {
    if (t.kind !== 'word' || t.value.toLowerCase() !== keyword) return false;
    return !COMPARISON_KINDS.has(this.peekAfter(t).kind);
  }

  private enter(t: Token): void {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) {
      this.fail('NESTING_TOO_DEEP', `Parentheses and negations nest deeper than ${MAX_NESTING_DEPTH} levels`, t.start, t.end);
    }
  }

  private countTerm(t: Token): void {
    this.terms++;
    if (this.terms > MAX_TERMS) this.fail('TOO_MANY_TERMS', `The query has more than ${MAX_TERMS} filter terms`, t.start, t.end);
  }

  private unexpected(t: Token): never {
    const shown = describeToken(t, this.text);
    switch (t.kind) {
      case 'eof':
        return this.fail('UNEXPECTED_END', 'The query ends where a filter was expected', t.start, t.end);
      case 'pipe':
        return this.fail('PIPE_NOT_SUPPORTED', `Pipe '|' is not supported yet: search v0 only filters (functions and pipeline stages arrive later)`, t.start, t.end);
      case 'rparen':
        return this.fail(this.depth === 0 ? 'UNMATCHED_PAREN' : 'UNEXPECTED_TOKEN', this.depth === 0 ? 'This ) has no matching (' : 'Expected a filter before )', t.start, t.end);
      case 'eq':
      case 'neq':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        return this.fail('UNEXPECTED_TOKEN', `Operator ${shown} needs a field name on its left`, t.start, t.end);
      case 'assign':
      case 'match':
      case 'eqeq':
        return this.fail('UNSUPPORTED_OPERATOR', `Operator ${shown} is not supported in search v0`, t.start, t.end);
      case 'reserved':
        return this.fail('UNEXPECTED_TOKEN', `${shown} is not part of search v0 (quote it to search for it)`, t.start, t.end);
      default:
        return this.fail('UNEXPECTED_TOKEN', `Unexpected ${shown}`, t.start, t.end);
    }
  }

  private fail(code: ErrorCode, message: string, start: number, end: number): never {
    throw new QuerySyntaxError(code, message, this.text, start, end);
  }

  private peek(): Token {
    return this.peekAt(0);
  }

  private peekAt(offset: number): Token {
    const t = this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
    if (t === undefined) throw new Error('unreachable: token list always ends with eof');
    return t;
  }

  private peekAfter(t: Token): Token {
    const index = this.tokens.indexOf(t, this.pos);
    return this.tokens[index + 1] ?? this.peekAt(this.tokens.length);
  }
}
