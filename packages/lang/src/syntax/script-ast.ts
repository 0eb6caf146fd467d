/**
 * The syntax tree of a parser script (the full pipeline language, §4.1 of the reference). Like the
 * search v0 tree (ast.ts) every node is frozen, has a `kind` tag and its source range. Filter leaves
 * reuse the search v0 leaf nodes; the boolean nodes are separate because their operands may also be
 * function calls (`!in(x, values=[…])`, `test(a > b) or y=1`).
 */
import type { ComparisonFilterNode, EqualityFilterNode, FreeTextNode, RegexFilterNode, Span } from './ast.js';

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export interface StringExpr extends Span {
  readonly kind: 'string';
  readonly value: string;
}
export interface NumberExpr extends Span {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
}
/** A bare word in an expression: a field reference, or an enum value such as `handleNull=discard`. */
export interface FieldExpr extends Span {
  readonly kind: 'field';
  readonly name: string;
}
export interface RegexExpr extends Span {
  readonly kind: 'regexLiteral';
  readonly pattern: string;
  readonly flags: string;
}
export interface ArrayExpr extends Span {
  readonly kind: 'array';
  readonly items: readonly ExprNode[];
}
export interface BinaryExpr extends Span {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: ExprNode;
  readonly right: ExprNode;
}
export interface UnaryExpr extends Span {
  readonly kind: 'unary';
  readonly operator: '-' | 'not';
  readonly operand: ExprNode;
}

/** `name=value` (named) or `value` (positional) inside a call. */
export interface ArgumentNode extends Span {
  readonly kind: 'argument';
  readonly name: string | null;
  readonly nameEnd: number;
  readonly value: ExprNode;
}

export interface CallNode extends Span {
  readonly kind: 'call';
  readonly name: string;
  readonly nameEnd: number;
  readonly args: readonly ArgumentNode[];
}

export type ExprNode = StringExpr | NumberExpr | FieldExpr | RegexExpr | ArrayExpr | BinaryExpr | UnaryExpr | CallNode;

export interface ScriptAndNode extends Span {
  readonly kind: 'scriptAnd';
  readonly operands: readonly ScriptFilterNode[];
}
export interface ScriptOrNode extends Span {
  readonly kind: 'scriptOr';
  readonly operands: readonly ScriptFilterNode[];
}
export interface ScriptNotNode extends Span {
  readonly kind: 'scriptNot';
  readonly operand: ScriptFilterNode;
}

export type ScriptFilterNode =
  | EqualityFilterNode
  | ComparisonFilterNode
  | FreeTextNode
  | RegexFilterNode
  | ScriptAndNode
  | ScriptOrNode
  | ScriptNotNode
  | CallNode;

/** A filter or a bare function call (`parseJson()`, `in(…) or x=1`). */
export interface FilterStageNode extends Span {
  readonly kind: 'filterStage';
  readonly filter: ScriptFilterNode;
}
/** `field := expr` (sugar for `eval(field = expr)`). */
export interface AssignStageNode extends Span {
  readonly kind: 'assignStage';
  readonly field: string;
  readonly fieldEnd: number;
  readonly value: ExprNode;
}
/** `field =~ fn(…)`: the call with `field` as its field argument. */
export interface FieldCallStageNode extends Span {
  readonly kind: 'fieldCallStage';
  readonly field: string;
  readonly call: CallNode;
}
export interface CaseBranchNode extends Span {
  readonly kind: 'caseBranch';
  /** null for the `*` branch (pass the event on unchanged). */
  readonly pipeline: PipelineNode | null;
}
export interface CaseStageNode extends Span {
  readonly kind: 'caseStage';
  readonly branches: readonly CaseBranchNode[];
}
/** The left side of a match arm: a string/wildcard, a regex, a call such as `in(values=[…])`, or `*`. */
export type MatchPatternNode = StringExpr | RegexExpr | CallNode | { readonly kind: 'any'; readonly start: number; readonly end: number };
export interface MatchArmNode extends Span {
  readonly kind: 'matchArm';
  readonly pattern: MatchPatternNode;
  /** null for `=> *` (pass the event on unchanged). */
  readonly pipeline: PipelineNode | null;
}
export interface MatchStageNode extends Span {
  readonly kind: 'matchStage';
  readonly field: string;
  readonly arms: readonly MatchArmNode[];
}

export type StageNode = FilterStageNode | AssignStageNode | FieldCallStageNode | CaseStageNode | MatchStageNode;

export interface PipelineNode extends Span {
  readonly kind: 'pipeline';
  readonly stages: readonly StageNode[];
}

/** Freezes a node and its arrays, so no phase can change the tree another phase reads. */
export function freezeScriptNode<T extends object>(node: T): T {
  for (const value of Object.values(node)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(node);
}
