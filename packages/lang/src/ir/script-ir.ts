/**
 * The parser-script IR: what a checked script means, as plain serialisable data. The check phase
 * produces it (names resolved case-insensitively, arguments bound to parameter names with defaults
 * filled, `:=`/`=~` desugared); the evaluator reads only this, never the syntax tree.
 *
 * Values are strings or missing (LogScale fields are strings); numbers are parsed where an operator
 * needs one. A condition is true or false; a failing filter drops the event.
 */
import type { ComparisonOp, WildcardPattern } from './filter-ir.js';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ValueCompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type ValueIR =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: BoundArgs }
  | { readonly kind: 'arithmetic'; readonly op: ArithmeticOp; readonly left: ValueIR; readonly right: ValueIR }
  | { readonly kind: 'compare'; readonly op: ValueCompareOp; readonly left: ValueIR; readonly right: ValueIR }
  | { readonly kind: 'logical'; readonly op: 'and' | 'or'; readonly left: ValueIR; readonly right: ValueIR }
  | { readonly kind: 'not'; readonly operand: ValueIR }
  | { readonly kind: 'negate'; readonly operand: ValueIR };

export interface AssignmentIR {
  readonly field: string;
  readonly value: ValueIR;
}

export type ArgIR =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'strings'; readonly values: readonly string[] }
  | { readonly kind: 'value'; readonly value: ValueIR }
  | { readonly kind: 'values'; readonly values: readonly ValueIR[] }
  | { readonly kind: 'assignments'; readonly items: readonly AssignmentIR[] };

/** Arguments by parameter name; optional parameters without a default are absent. */
export type BoundArgs = Readonly<Record<string, ArgIR>>;

export type ConditionIR =
  | { readonly kind: 'all' }
  | { readonly kind: 'and'; readonly operands: readonly ConditionIR[] }
  | { readonly kind: 'or'; readonly operands: readonly ConditionIR[] }
  | { readonly kind: 'not'; readonly operand: ConditionIR }
  /** Case-insensitive wildcard search in @rawstring. */
  | { readonly kind: 'text'; readonly pattern: WildcardPattern }
  | { readonly kind: 'exists'; readonly field: string }
  /** Whole-value, case-sensitive wildcard match. */
  | { readonly kind: 'equals'; readonly field: string; readonly pattern: WildcardPattern }
  /** Unanchored search; named groups become fields (LogScale's /re/ extraction). */
  | { readonly kind: 'regex'; readonly field: string; readonly source: string; readonly flags: string }
  | { readonly kind: 'compare'; readonly field: string; readonly op: ComparisonOp; readonly value: number }
  | { readonly kind: 'call'; readonly fn: string; readonly args: BoundArgs };

export type MatchTestIR =
  | { readonly kind: 'any' }
  | { readonly kind: 'equals'; readonly pattern: WildcardPattern }
  | { readonly kind: 'regex'; readonly source: string; readonly flags: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: BoundArgs };

export type StageIR =
  | { readonly kind: 'filter'; readonly condition: ConditionIR }
  | { readonly kind: 'call'; readonly fn: string; readonly args: BoundArgs }
  | { readonly kind: 'assign'; readonly field: string; readonly value: ValueIR }
  /** First branch whose whole pipeline keeps the event wins; null is `*`; no match drops the event. */
  | { readonly kind: 'case'; readonly branches: readonly (PipelineIR | null)[] }
  | { readonly kind: 'match'; readonly field: string; readonly arms: readonly { readonly test: MatchTestIR; readonly pipeline: PipelineIR | null }[] };

export type PipelineIR = readonly StageIR[];

export type StageKind = StageIR['kind'];
