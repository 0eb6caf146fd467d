/**
 * The syntax tree of a query. Nodes are immutable (frozen on creation), carry a `kind` tag and the
 * source range they were parsed from (UTF-16 offsets, `end` exclusive). Later phases read the IR,
 * never this tree; the tree exists for positions, formatting and the checker.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A field name as written: bare (`source.ip`, `#repo`, `a[0]`) or quoted (`"my field"`). */
export interface FieldNameNode extends Span {
  readonly kind: 'fieldName';
  readonly name: string;
  readonly quoted: boolean;
}

/** A string value or free-text pattern; `*` in it is a wildcard (LogScale: it cannot be escaped). */
export interface PatternNode extends Span {
  readonly kind: 'pattern';
  readonly text: string;
  readonly quoted: boolean;
}

export interface NumberNode extends Span {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
}

export interface RegexNode extends Span {
  readonly kind: 'regex';
  /** The pattern as written between the slashes. */
  readonly pattern: string;
  readonly flags: string;
}

export type EqualityOperator = '=' | '!=';
export type ComparisonOperator = '<' | '<=' | '>' | '>=';

/** `field = value`, `field != /re/`, `field = *`, ... */
export interface EqualityFilterNode extends Span {
  readonly kind: 'equalityFilter';
  readonly field: FieldNameNode;
  readonly operator: EqualityOperator;
  readonly value: PatternNode | RegexNode;
}

/** `field < 400`: numeric comparison. */
export interface ComparisonFilterNode extends Span {
  readonly kind: 'comparisonFilter';
  readonly field: FieldNameNode;
  readonly operator: ComparisonOperator;
  readonly value: NumberNode;
}

/** Free text: a bare word or quoted phrase searched for in the event. */
export interface FreeTextNode extends Span {
  readonly kind: 'freeText';
  readonly pattern: PatternNode;
}

/** A bare `/regex/`: matched against @rawstring. */
export interface RegexFilterNode extends Span {
  readonly kind: 'regexFilter';
  readonly regex: RegexNode;
}

export interface AndNode extends Span {
  readonly kind: 'and';
  readonly operands: readonly FilterNode[];
}

export interface OrNode extends Span {
  readonly kind: 'or';
  readonly operands: readonly FilterNode[];
}

export interface NotNode extends Span {
  readonly kind: 'not';
  readonly operand: FilterNode;
  /** How the negation was written. */
  readonly spelling: 'not' | '!';
}

/** A parenthesised filter; kept so positions and formatting survive. */
export interface GroupNode extends Span {
  readonly kind: 'group';
  readonly inner: FilterNode;
}

export type FilterNode =
  | EqualityFilterNode
  | ComparisonFilterNode
  | FreeTextNode
  | RegexFilterNode
  | AndNode
  | OrNode
  | NotNode
  | GroupNode;

/** A whole query. `filter` is null for an empty query (only whitespace/comments): it matches all. */
export interface QueryNode extends Span {
  readonly kind: 'query';
  readonly filter: FilterNode | null;
}

export type AstNode = QueryNode | FilterNode | FieldNameNode | PatternNode | NumberNode | RegexNode;

/** Freezes a node (and its operand array) so no phase can change the tree another phase reads. */
export function freezeNode<T extends AstNode>(node: T): T {
  if ('operands' in node) Object.freeze(node.operands);
  return Object.freeze(node);
}
