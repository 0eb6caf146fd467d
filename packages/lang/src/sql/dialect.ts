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
  /** Can the engine test IPv4 subnet membership (cidr() with IPv4 subnets); else cidr runs in the evaluator. */
  readonly ipv4Arithmetic: boolean;
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

  // ---- search pipelines (sql/compile-pipeline.ts) ----------------------------------------------
  /** A number as text the way the evaluator formats it (JS String(n)): integers without ".0". */
  numberToText(expr: string): string;
  /** Lower/upper-casing and length in characters of a text expression. */
  lower(expr: string): string;
  upper(expr: string): string;
  length(expr: string): string;
  /** A dotted-quad IPv4 text as an integer; NULL when it is not one. */
  ipv4ToNumber(expr: string): string;
  /** floor(time / span) * span, as an integer; `span` is a placeholder. */
  timeBucket(expr: string, span: string): string;
  /** Aggregates; `expr` of sum/avg/min/max is numeric. */
  countAll(): string;
  count(expr: string, distinct: boolean): string;
  sum(expr: string): string;
  min(expr: string): string;
  max(expr: string): string;
  /** The 1-based position of each row in the given ORDER BY. */
  rowNumber(orderBy: string): string;
}
