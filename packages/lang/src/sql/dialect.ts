/**
 * A SQL dialect: what the engine can do (capability flags) and how each fragment is spelled. The
 * filter compiler builds SQL only from these methods, so a new engine is a new Dialect, not a new
 * compiler. Every value reaches SQL as a placeholder; the only text a dialect pastes in is identifiers
 * from the trusted schema, through `quoteIdentifier`.
 */
import type { PortableRegex } from '../ir/filter-ir.js';

export interface DialectCapabilities {
  /** Can a JSON path be bound as a parameter (else it would need escaping into the SQL text). */
  readonly jsonPathParameters: boolean;
  /** Can LIMIT take a parameter. */
  readonly limitParameter: boolean;
  /** Regex syntax the engine runs; the IR's PortableRegex targets RE2. */
  readonly regexSyntax: 're2';
}

/** A value bound to a placeholder. */
export type SqlValue = string | number | bigint;

export interface Dialect {
  readonly name: string;
  readonly capabilities: DialectCapabilities;
  /** The escape character LIKE patterns are built with. */
  readonly likeEscape: string;

  /** Quotes a table or column name. The one escaping function for identifiers. */
  quoteIdentifier(name: string): string;
  /** The placeholder for the 1-based parameter `index`. */
  placeholder(index: number): string;

  /** The value to bind as the JSON path that reads top-level key `key`. */
  jsonPathFor(key: string): string;
  /** Text of a JSON object column's member at `path`; NULL when absent. */
  jsonText(jsonColumn: string, path: string): string;
  /** Casts a non-text expression to text. */
  toText(expr: string): string;
  /** Number from text; NULL (never an error) when it does not parse. */
  toNumber(expr: string): string;

  /** Case-sensitive `expr LIKE pattern` with `likeEscape`. */
  like(expr: string, pattern: string): string;
  /** Case-insensitive substring test. */
  containsIgnoreCase(expr: string, needle: string): string;
  /** Case-insensitive LIKE. */
  likeIgnoreCase(expr: string, pattern: string): string;
  /** Unanchored regex search; `pattern` is a placeholder bound to `regexValue(...)`. */
  regexMatch(expr: string, pattern: string): string;
  /** The value to bind for a regex: the dialect decides how flags travel. */
  regexValue(regex: PortableRegex): string;
}
