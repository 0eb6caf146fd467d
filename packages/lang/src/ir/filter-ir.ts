/**
 * The filter IR: what a search v0 query means, as plain serialisable data (JSON round-trips it).
 * Back ends (SQL dialects, later the evaluator) read only this, never the syntax tree.
 *
 * Semantics every back end must implement (LogScale's, see the report of the search v0 issue):
 * - `text`: case-insensitive substring match on @rawstring; `*` in the pattern matches any run.
 * - `equals`: the whole field value matches, case-sensitively; `*` matches any run (never escapable).
 * - `exists`: the event has the field.
 * - `regex`: unanchored search in the field value (RE2 syntax, see PortableRegex).
 * - `compare`: the field value parsed as a number compares to `value`; false when the field is
 *   missing or not a number.
 * - every leaf is false for an event that lacks the field, so `not` of it is true (LogScale's `!=`).
 */

/**
 * A wildcard pattern: the literal text between `*`s. ['adm', ''] is `adm*`; ['a'] is the literal "a".
 * Always at least one element.
 */
export type WildcardPattern = readonly string[];

/** A regular expression in the RE2 subset shared by DuckDB and ClickHouse; flags kept apart. */
export interface PortableRegex {
  readonly source: string;
  readonly caseInsensitive: boolean;
  /** `^`/`$` match at line breaks (JS/RE2 `m`). */
  readonly multiline: boolean;
  /** `.` also matches a line break (JS/RE2 `s`). */
  readonly dotAll: boolean;
}

export type ComparisonOp = '<' | '<=' | '>' | '>=';

export type FilterIR =
  | { readonly kind: 'all' }
  | { readonly kind: 'and'; readonly operands: readonly FilterIR[] }
  | { readonly kind: 'or'; readonly operands: readonly FilterIR[] }
  | { readonly kind: 'not'; readonly operand: FilterIR }
  | { readonly kind: 'text'; readonly pattern: WildcardPattern }
  | { readonly kind: 'exists'; readonly field: string }
  | { readonly kind: 'equals'; readonly field: string; readonly pattern: WildcardPattern }
  | { readonly kind: 'regex'; readonly field: string; readonly regex: PortableRegex }
  | { readonly kind: 'compare'; readonly field: string; readonly op: ComparisonOp; readonly value: number };

export type FilterKind = FilterIR['kind'];

/** The field a bare /regex/ and free text read. */
export const RAWSTRING_FIELD = '@rawstring';

/** Splits text on `*` into a wildcard pattern. */
export function toWildcardPattern(text: string): WildcardPattern {
  return Object.freeze(text.split('*'));
}

/** True when the pattern is only wildcards (`*`, `**`): it matches any value. */
export function isMatchAnything(pattern: WildcardPattern): boolean {
  return pattern.length > 1 && pattern.every((part) => part === '');
}

/** Compile-time exhaustiveness: a visitor's `default` branch calls this, so a new kind breaks the build. */
export function assertNever(value: never): never {
  throw new Error(`unhandled IR node: ${JSON.stringify(value)}`);
}
