/**
 * Recursive-descent parser for parser scripts: the pipeline language of §4.1.
 *
 *   Script    := Pipeline EOF
 *   Pipeline  := Stage ('|' Stage)*
 *   Stage     := 'case' '{' Branch (';' Branch)* '}'
 *              | Field 'match' '{' Arm (';' Arm)* '}'
 *              | Field ':=' Expr | Field '=~' Call | Filter
 *   Branch    := '*' | Pipeline            Arm := Pattern '=>' ('*' | Pipeline)
 *   Filter    := as in search v0 (`or` binds tighter than `and`), plus Call as a term
 *   Expr      := Or;  Or := And ('or' And)*;  And := Not ('and' Not)*;  Not := ('not'|'!') Not | Cmp
 *   Cmp       := Add (('=='|'!='|'<'|'<='|'>'|'>=') Add)?;  Add := Mul (('+'|'-') Mul)*
 *   Mul       := Neg (('*'|'/'|'%') Neg)*;  Neg := '-' Neg | Primary
 *   Primary   := number | string | /regex/ | '[' Expr,* ']' | '(' Expr ')' | Call | Field
 *   Call      := name '(' (Arg (',' Arg)*)? ')';  Arg := (name '=')? Expr
 *
 * Nesting depth and the number of nodes are capped, so a hostile script cannot overflow the stack.
 */
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import { freezeNode } from './ast.js';
import type { ComparisonOperator, FieldNameNode, PatternNode, RegexNode } from './ast.js';
import { freezeScriptNode as f } from './script-ast.js';
import type {
  ArgumentNode,
  BinaryOperator,
  CallNode,
  CaseBranchNode,
  ExprNode,
  MatchArmNode,
  MatchPatternNode,
  PipelineNode,
  ScriptFilterNode,
  StageNode,
} from './script-ast.js';
import { ScriptLexer } from './script-lexer.js';
import type { LexMode, ScriptToken } from './script-lexer.js';

export const MAX_SCRIPT_DEPTH = 64;
export const MAX_SCRIPT_NODES = 20_000;

const COMPARISONS: Readonly<Record<string, ComparisonOperator>> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const EXPR_COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export class ScriptParser {
  private pos = 0;
  private depth = 0;
  private nodes = 0;
  private readonly lexer: ScriptLexer;

  constructor(private readonly text: string) {
    this.lexer = new ScriptLexer(text, (code, message, start, end) => this.fail(code, message, start, end));
  }

  parseScript(): PipelineNode {
    const first = this.peek('filter');
    if (first.kind === 'eof') return f({ kind: 'pipeline', stages: [], start: 0, end: this.text.length });
    const pipeline = this.parsePipeline();
    const rest = this.peek('filter');
    if (rest.kind !== 'eof') this.unexpected(rest);
    return pipeline;
  }

  private parsePipeline(): PipelineNode {
    const stages: StageNode[] = [this.parseStage()];
    while (this.isOp(this.peek('filter'), '|')) {
      this.take('filter');
      stages.push(this.parseStage());
    }
    const first = stages[0];
    const last = stages[stages.length - 1];
    return f({ kind: 'pipeline', stages, start: first?.start ?? 0, end: last?.end ?? 0 });
  }

  private parseStage(): StageNode {
    const t = this.peek('filter');
    if (t.kind === 'eof' || this.isOp(t, '|') || this.isOp(t, ';') || this.isOp(t, '}')) {
      return this.fail('EMPTY_STAGE', 'Expected a pipeline stage here (a filter, a function call or an assignment)', t.start, t.end);
    }
    this.count(t);
    // `[count(), avg(x)]` as a stage is LogScale's shorthand for stats([…]).
    const bracket = this.peek('expr');
    if (this.isOp(bracket, '[')) {
      const value = this.parseArray(bracket);
      const arg = f({ kind: 'argument' as const, name: null, nameEnd: value.start, value, start: value.start, end: value.end });
      const call = f({ kind: 'call' as const, name: 'stats', nameEnd: value.start, args: [arg], start: value.start, end: value.end });
      return f({ kind: 'filterStage', filter: call, start: call.start, end: call.end });
    }
    if (t.kind === 'word' || t.kind === 'string') {
      const next = this.lexer.lex(t.end, 'filter');
      if (t.kind === 'word' && t.value.toLowerCase() === 'case' && this.isOp(next, '{')) return this.parseCase(t);
      if (this.isOp(next, ':=')) {
        this.pos = next.end;
        const value = this.parseExpr();
        return f({ kind: 'assignStage', field: t.value, fieldEnd: t.end, value, start: t.start, end: value.end });
      }
      if (this.isOp(next, '=~')) {
        this.pos = next.end;
        const name = this.peek('expr');
        if (name.kind !== 'word' || !this.isOp(this.lexer.lex(name.end, 'expr'), '(')) {
          return this.fail('UNEXPECTED_TOKEN', `'=~' must be followed by a function call, as in ${t.value} =~ cidr(subnet="10.0.0.0/8")`, next.start, name.end);
        }
        const call = this.parseCall(this.take('expr'));
        return f({ kind: 'fieldCallStage', field: t.value, call, start: t.start, end: call.end });
      }
      if (next.kind === 'word' && next.value === 'match' && this.isOp(this.lexer.lex(next.end, 'filter'), '{')) {
        return this.parseMatch(t, this.lexer.lex(next.end, 'filter'));
      }
    }
    const filter = this.parseFilterAnd();
    return f({ kind: 'filterStage', filter, start: filter.start, end: filter.end });
  }

  private parseCase(caseWord: ScriptToken): StageNode {
    this.pos = caseWord.end;
    const open = this.take('filter');
    this.enter(open);
    const branches: CaseBranchNode[] = [];
    for (;;) {
      const t = this.peek('filter');
      if (this.isOp(t, '}')) break;
      if (this.isAny(t)) {
        this.take('filter');
        branches.push(f({ kind: 'caseBranch', pipeline: null, start: t.start, end: t.end }));
      } else {
        const pipeline = this.parsePipeline();
        branches.push(f({ kind: 'caseBranch', pipeline, start: pipeline.start, end: pipeline.end }));
      }
      const sep = this.peek('filter');
      if (this.isOp(sep, ';')) this.take('filter');
      else if (!this.isOp(sep, '}')) this.closeMissing(sep, open, 'case');
    }
    const close = this.take('filter');
    this.depth--;
    return f({ kind: 'caseStage', branches, start: caseWord.start, end: close.end });
  }

  private parseMatch(field: ScriptToken, open: ScriptToken): StageNode {
    this.pos = open.end;
    this.enter(open);
    const arms: MatchArmNode[] = [];
    for (;;) {
      const t = this.peek('filter');
      if (this.isOp(t, '}')) break;
      const pattern = this.parseMatchPattern();
      const arrow = this.peek('filter');
      if (!this.isOp(arrow, '=>')) this.fail('UNEXPECTED_TOKEN', `Expected '=>' after the match pattern, found ${this.describe(arrow)}`, arrow.start, arrow.end);
      this.take('filter');
      const body = this.peek('filter');
      let pipeline: PipelineNode | null = null;
      if (this.isAny(body)) this.take('filter');
      else pipeline = this.parsePipeline();
      arms.push(f({ kind: 'matchArm', pattern, pipeline, start: pattern.start, end: pipeline?.end ?? body.end }));
      const sep = this.peek('filter');
      if (this.isOp(sep, ';')) this.take('filter');
      else if (!this.isOp(sep, '}')) this.closeMissing(sep, open, 'match');
    }
    const close = this.take('filter');
    this.depth--;
    return f({ kind: 'matchStage', field: field.value, arms, start: field.start, end: close.end });
  }

  private parseMatchPattern(): MatchPatternNode {
    const t = this.peek('filter');
    if (t.kind === 'word' && t.value === '*') {
      this.take('filter');
      return f({ kind: 'any', start: t.start, end: t.end });
    }
    if (t.kind === 'regex') {
      this.take('filter');
      return f({ kind: 'regexLiteral', pattern: t.value, flags: t.flags, start: t.start, end: t.end });
    }
    if (t.kind === 'word' && this.isOp(this.lexer.lex(t.end, 'filter'), '(')) return this.parseCall(this.take('filter'));
    if (t.kind === 'word' || t.kind === 'string') {
      this.take('filter');
      return f({ kind: 'string', value: t.value, start: t.start, end: t.end });
    }
    return this.fail('UNEXPECTED_TOKEN', `Expected a match pattern ("text", /regex/, a function call or *), found ${this.describe(t)}`, t.start, t.end);
  }

  // ---- filters -------------------------------------------------------------------------------

  private parseFilterAnd(): ScriptFilterNode {
    const operands: ScriptFilterNode[] = [this.parseFilterOr()];
    for (;;) {
      const t = this.peek('filter');
      if (this.isKeyword(t, 'and')) {
        this.take('filter');
        operands.push(this.parseFilterOr());
      } else if (this.startsTerm(t)) {
        operands.push(this.parseFilterOr());
      } else {
        break;
      }
    }
    return this.combine('scriptAnd', operands);
  }

  private parseFilterOr(): ScriptFilterNode {
    const operands: ScriptFilterNode[] = [this.parseFilterUnary()];
    while (this.isKeyword(this.peek('filter'), 'or')) {
      this.take('filter');
      operands.push(this.parseFilterUnary());
    }
    return this.combine('scriptOr', operands);
  }

  private combine(kind: 'scriptAnd' | 'scriptOr', operands: ScriptFilterNode[]): ScriptFilterNode {
    const first = operands[0];
    const last = operands[operands.length - 1];
    if (first === undefined || last === undefined) throw new Error('unreachable: combine() without operands');
    if (operands.length === 1) return first;
    return f({ kind, operands, start: first.start, end: last.end });
  }

  private parseFilterUnary(): ScriptFilterNode {
    const t = this.peek('filter');
    if (this.isOp(t, '!') || this.isKeyword(t, 'not')) {
      this.take('filter');
      this.enter(t);
      const operand = this.parseFilterUnary();
      this.depth--;
      return f({ kind: 'scriptNot', operand, start: t.start, end: operand.end });
    }
    return this.parseFilterPrimary();
  }

  private parseFilterPrimary(): ScriptFilterNode {
    const t = this.peek('filter');
    this.count(t);
    if (this.isOp(t, '(')) {
      this.take('filter');
      this.enter(t);
      const inner = this.parseFilterAnd();
      const close = this.peek('filter');
      if (!this.isOp(close, ')')) {
        if (close.kind === 'eof') this.fail('MISSING_CLOSE_PAREN', 'This ( is never closed', t.start, t.end);
        this.unexpected(close);
      }
      this.take('filter');
      this.depth--;
      return inner;
    }
    if (t.kind === 'regex') {
      this.take('filter');
      return freezeNode({ kind: 'regexFilter', regex: this.regexNode(t), start: t.start, end: t.end });
    }
    if (t.kind !== 'word' && t.kind !== 'string') return this.unexpected(t);
    this.take('filter');
    const next = this.peek('filter');
    if (t.kind === 'word' && this.isOp(next, '(') && next.start === t.end) return this.parseCall(t);
    if (next.kind === 'op' && (next.value === '=' || next.value === '!=' || COMPARISONS[next.value] !== undefined)) {
      const field: FieldNameNode = freezeNode({ kind: 'fieldName', name: t.value, quoted: t.kind === 'string', start: t.start, end: t.end });
      if (t.value === '') this.fail('EMPTY_FIELD_NAME', 'A field name cannot be empty', t.start, t.end);
      this.take('filter');
      const value = this.peek('filter');
      const comparison = COMPARISONS[next.value];
      if (comparison !== undefined) {
        const number = Number(value.value);
        if ((value.kind !== 'word' && value.kind !== 'string') || !NUMBER.test(value.value.trim()) || !Number.isFinite(number)) {
          this.fail(value.kind === 'eof' ? 'EXPECTED_VALUE' : 'EXPECTED_NUMBER', `'${next.value}' compares numbers, but ${this.describe(value)} is not a number`, value.start, value.end);
        }
        this.take('filter');
        return freezeNode({ kind: 'comparisonFilter', field, operator: comparison, value: freezeNode({ kind: 'number', value: number, text: value.value, start: value.start, end: value.end }), start: t.start, end: value.end });
      }
      const operator = next.value === '!=' ? '!=' : '=';
      if (value.kind === 'word' || value.kind === 'string') {
        this.take('filter');
        return freezeNode({ kind: 'equalityFilter', field, operator, value: this.patternNode(value), start: t.start, end: value.end });
      }
      if (value.kind === 'regex') {
        this.take('filter');
        return freezeNode({ kind: 'equalityFilter', field, operator, value: this.regexNode(value), start: t.start, end: value.end });
      }
      return this.fail('EXPECTED_VALUE', `Expected a value after '${operator}', found ${this.describe(value)}`, next.start, value.end);
    }
    return freezeNode({ kind: 'freeText', pattern: this.patternNode(t), start: t.start, end: t.end });
  }

  private startsTerm(t: ScriptToken): boolean {
    if (this.isOp(t, '(') || this.isOp(t, '!') || t.kind === 'regex' || t.kind === 'string') return true;
    return t.kind === 'word' && !this.isKeyword(t, 'or');
  }

  // ---- calls and expressions -----------------------------------------------------------------

  /** `name(` … `)`; `name` has been taken, the parenthesis not yet. */
  private parseCall(name: ScriptToken): CallNode {
    this.pos = name.end;
    const open = this.take('expr');
    this.enter(open);
    const args: ArgumentNode[] = [];
    if (!this.isOp(this.peek('expr'), ')')) {
      for (;;) {
        args.push(this.parseArgument());
        const sep = this.peek('expr');
        if (this.isOp(sep, ',')) {
          this.take('expr');
          continue;
        }
        if (this.isOp(sep, ')')) break;
        if (sep.kind === 'eof') this.fail('MISSING_CLOSE_PAREN', `The call ${name.value}( is never closed`, name.start, open.end);
        this.fail('UNEXPECTED_TOKEN', `Expected ',' or ')' in the arguments of ${name.value}(), found ${this.describe(sep)}`, sep.start, sep.end);
      }
    }
    const close = this.take('expr');
    this.depth--;
    return f({ kind: 'call', name: name.value, nameEnd: name.end, args, start: name.start, end: close.end });
  }

  private parseArgument(): ArgumentNode {
    const t = this.peek('expr');
    if (t.kind === 'word') {
      const eq = this.lexer.lex(t.end, 'expr');
      if (this.isOp(eq, '=')) {
        this.pos = eq.end;
        const value = this.parseExpr();
        return f({ kind: 'argument', name: t.value, nameEnd: t.end, value, start: t.start, end: value.end });
      }
    }
    const value = this.parseExpr();
    return f({ kind: 'argument', name: null, nameEnd: value.start, value, start: value.start, end: value.end });
  }

  parseExpr(): ExprNode {
    let left = this.parseAndExpr();
    while (this.isKeyword(this.peek('expr'), 'or')) {
      this.take('expr');
      left = this.binary('or', left, this.parseAndExpr());
    }
    return left;
  }

  private parseAndExpr(): ExprNode {
    let left = this.parseNotExpr();
    while (this.isKeyword(this.peek('expr'), 'and')) {
      this.take('expr');
      left = this.binary('and', left, this.parseNotExpr());
    }
    return left;
  }

  private parseNotExpr(): ExprNode {
    const t = this.peek('expr');
    if (this.isOp(t, '!') || this.isKeyword(t, 'not')) {
      this.take('expr');
      this.enter(t);
      const operand = this.parseNotExpr();
      this.depth--;
      return f({ kind: 'unary', operator: 'not', operand, start: t.start, end: operand.end });
    }
    const left = this.parseAddExpr();
    const op = this.peek('expr');
    if (op.kind === 'op' && EXPR_COMPARISONS.has(op.value)) {
      this.take('expr');
      return this.binary(op.value as BinaryOperator, left, this.parseAddExpr());
    }
    return left;
  }

  private parseAddExpr(): ExprNode {
    let left = this.parseMulExpr();
    for (let t = this.peek('expr'); this.isOp(t, '+') || this.isOp(t, '-'); t = this.peek('expr')) {
      this.take('expr');
      left = this.binary(t.value as BinaryOperator, left, this.parseMulExpr());
    }
    return left;
  }

  private parseMulExpr(): ExprNode {
    let left = this.parseNegExpr();
    for (let t = this.peek('expr'); this.isOp(t, '*') || this.isOp(t, '/') || this.isOp(t, '%'); t = this.peek('expr')) {
      this.take('expr');
      left = this.binary(t.value as BinaryOperator, left, this.parseNegExpr());
    }
    return left;
  }

  private parseNegExpr(): ExprNode {
    const t = this.peek('expr');
    if (this.isOp(t, '-')) {
      this.take('expr');
      this.enter(t);
      const operand = this.parseNegExpr();
      this.depth--;
      return f({ kind: 'unary', operator: '-', operand, start: t.start, end: operand.end });
    }
    return this.parsePrimaryExpr();
  }

  private parsePrimaryExpr(): ExprNode {
    const t = this.peek('expr');
    this.count(t);
    switch (t.kind) {
      case 'number':
        this.take('expr');
        return f({ kind: 'number', value: Number(t.value), text: t.value, start: t.start, end: t.end });
      case 'string':
        this.take('expr');
        return f({ kind: 'string', value: t.value, start: t.start, end: t.end });
      case 'word': {
        this.take('expr');
        if (this.isOp(this.peek('expr'), '(')) return this.parseCall(t);
        return f({ kind: 'field', name: t.value, start: t.start, end: t.end });
      }
      case 'op':
        if (t.value === '/') {
          const re = this.lexer.regexAt(t.start);
          this.pos = re.end;
          return f({ kind: 'regexLiteral', pattern: re.value, flags: re.flags, start: re.start, end: re.end });
        }
        if (t.value === '(') {
          this.take('expr');
          this.enter(t);
          const inner = this.parseExpr();
          const close = this.peek('expr');
          if (!this.isOp(close, ')')) this.fail(close.kind === 'eof' ? 'MISSING_CLOSE_PAREN' : 'UNEXPECTED_TOKEN', `Expected ')', found ${this.describe(close)}`, close.start, close.end);
          this.take('expr');
          this.depth--;
          return inner;
        }
        if (t.value === '[') return this.parseArray(t);
        break;
      default:
        break;
    }
    return this.fail(t.kind === 'eof' ? 'UNEXPECTED_END' : 'EXPECTED_VALUE', `Expected a value (a field, "string", number, [array] or function call), found ${this.describe(t)}`, t.start, t.end);
  }

  private parseArray(open: ScriptToken): ExprNode {
    this.take('expr');
    this.enter(open);
    const items: ExprNode[] = [];
    while (!this.isOp(this.peek('expr'), ']')) {
      items.push(this.parseExpr());
      const sep = this.peek('expr');
      if (this.isOp(sep, ',')) this.take('expr');
      else if (!this.isOp(sep, ']')) this.fail(sep.kind === 'eof' ? 'UNEXPECTED_END' : 'UNEXPECTED_TOKEN', `Expected ',' or ']' in the array, found ${this.describe(sep)}`, sep.start, sep.end);
    }
    const close = this.take('expr');
    this.depth--;
    return f({ kind: 'array', items, start: open.start, end: close.end });
  }

  private binary(operator: BinaryOperator, left: ExprNode, right: ExprNode): ExprNode {
    return f({ kind: 'binary', operator, left, right, start: left.start, end: right.end });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private peek(mode: LexMode): ScriptToken {
    return this.lexer.lex(this.pos, mode);
  }

  private take(mode: LexMode): ScriptToken {
    const t = this.lexer.lex(this.pos, mode);
    this.pos = t.end;
    return t;
  }

  private isOp(t: ScriptToken, op: string): boolean {
    return t.kind === 'op' && t.value === op;
  }

  private isAny(t: ScriptToken): boolean {
    if (t.kind !== 'word' || t.value !== '*') return false;
    const next = this.lexer.lex(t.end, 'filter');
    return this.isOp(next, ';') || this.isOp(next, '}');
  }

  /** `and`/`or`/`not` (any case) are keywords unless used as a field name (`or=1`). */
  private isKeyword(t: ScriptToken, keyword: 'and' | 'or' | 'not'): boolean {
    if (t.kind !== 'word' || t.value.toLowerCase() !== keyword) return false;
    const next = this.lexer.lex(t.end, 'filter');
    return !(next.kind === 'op' && ['=', '!=', '<', '<=', '>', '>=', ':=', '=~'].includes(next.value));
  }

  private patternNode(t: ScriptToken): PatternNode {
    return freezeNode({ kind: 'pattern', text: t.value, quoted: t.kind === 'string', start: t.start, end: t.end });
  }

  private regexNode(t: ScriptToken): RegexNode {
    return freezeNode({ kind: 'regex', pattern: t.value, flags: t.flags, start: t.start, end: t.end });
  }

  private enter(t: ScriptToken): void {
    this.depth++;
    if (this.depth > MAX_SCRIPT_DEPTH) this.fail('NESTING_TOO_DEEP', `The script nests deeper than ${MAX_SCRIPT_DEPTH} levels`, t.start, t.end);
  }

  private count(t: ScriptToken): void {
    this.nodes++;
    if (this.nodes > MAX_SCRIPT_NODES) this.fail('TOO_MANY_TERMS', `The script has more than ${MAX_SCRIPT_NODES} terms`, t.start, t.end);
  }

  private closeMissing(t: ScriptToken, open: ScriptToken, what: string): never {
    if (t.kind === 'eof') return this.fail('UNEXPECTED_END', `This ${what} { is never closed with }`, open.start, open.end);
    return this.fail('UNEXPECTED_TOKEN', `Expected ';' or '}' in ${what} { … }, found ${this.describe(t)}`, t.start, t.end);
  }

  private describe(t: ScriptToken): string {
    if (t.kind === 'eof') return 'the end of the script';
    const raw = this.text.slice(t.start, t.end);
    return `'${raw.length > 40 ? `${raw.slice(0, 37)}...` : raw}'`;
  }

  private unexpected(t: ScriptToken): never {
    if (t.kind === 'eof') return this.fail('UNEXPECTED_END', 'The script ends where more was expected', t.start, t.end);
    if (this.isOp(t, ')')) return this.fail(this.depth === 0 ? 'UNMATCHED_PAREN' : 'UNEXPECTED_TOKEN', this.depth === 0 ? 'This ) has no matching (' : 'Expected a filter before )', t.start, t.end);
    return this.fail('UNEXPECTED_TOKEN', `Unexpected ${this.describe(t)}`, t.start, t.end);
  }

  private fail(code: ErrorCode, message: string, start: number, end: number): never {
    throw new QuerySyntaxError(code, message, this.text, start, end);
  }
}
