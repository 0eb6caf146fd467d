/**
 * A SQL dialect: what the engine can do (capability flags) and how each fragment is spelled. The
 * filter compiler builds SQL only from these methods, so a new engine is a new Dialect, not a new
 * compiler. Every value reaches SQL as a placeholder; the only text a dialect pastes in is identifiers
 * from the trusted schema, through `quoteIdentifier`.
 */
import type { PortableRegex, WildcardPattern } from '../ir/filter-ir.js';

export interface DialectCapabilities {
  /** Can a JSON path be bound as a parameter (else it would need escaping into the SQL text). */
  readonly jsonPathParameters: boolean;
  /** Can LIMIT take a parameter. */
  readonly limitParameter: boolean;
  /** Regex syntax the engine runs; the IR's PortableRegex targets RE2. */
  readonly regexSyntax: 're2';
  /** Can the engine test IPv4 subnet membership (cidr() with IPv4 subnets); else cidr runs in the evaluator. */
  readonly ipv4Arithmetic: boolean;
  /** Does the engine know IANA time zones (formatTime(timezone="Europe/Paris")); else those calls run in the evaluator. */
  readonly ianaTimeZones: boolean;
}

/** Calendar fields of a UTC time, as integers (dayOfWeek: 0 is Sunday). */
export type CalendarPart = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'dayOfYear' | 'dayOfWeek';

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
  /**
   * Free text: the wildcard pattern anywhere in `expr`, case-insensitively, `*` matching any run of
   * characters, line breaks included (the evaluator's containsMatcher). `value` is a placeholder
   * bound to `freeTextValue(pattern)`.
   */
  freeText(expr: string, value: string): string;
  freeTextValue(pattern: WildcardPattern): string;
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
  /**
   * floor(time / span) * span, as an integer; `span` is a placeholder bound to a 64-bit integer.
   * `integral`: `expr` is a 64-bit integer (the time column itself), which allows integer arithmetic.
   */
  timeBucket(expr: string, span: string, integral?: boolean): string;
  /** Aggregates; `expr` of sum/avg/min/max is numeric. */
  countAll(): string;
  count(expr: string, distinct: boolean): string;
  sum(expr: string): string;
  min(expr: string): string;
  max(expr: string): string;
  /** The 1-based position of each row in the given ORDER BY. */
  rowNumber(orderBy: string): string;
  /** Nearest-rank percentile (ir/search-ir.ts) of numeric `expr`; `fraction` is a placeholder bound to p / 100. */
  percentile(expr: string, fraction: string): string;
  /** The largest of the numeric expressions, ignoring NULLs; NULL when all are. */
  greatest(exprs: readonly string[]): string;
  /** A window: the largest `expr` among the rows with the same `partitionBy` values. */
  maxOver(expr: string, partitionBy: string): string;
  /** A window: the rank of each row in the ORDER BY, equal rows sharing one, with no gaps. */
  denseRank(orderBy: string): string;

  // ---- format() and formatTime() (sql/compile-format.ts) -----------------------------------------
  /** Text concatenation; every part is non-NULL text. */
  concat(parts: readonly string[]): string;
  /** `length` characters of text from 1-based `start`. */
  substring(expr: string, start: string, length: number): string;
  /** Left-pads text to `width` characters with `fill` (' ' or '0'); longer text is kept whole. */
  padLeft(expr: string, width: number, fill: ' ' | '0'): string;
  /** Rounding of a number toward zero and toward minus infinity, still numbers. */
  trunc(expr: string): string;
  floor(expr: string): string;
  /** A whole number expression as a 64-bit integer. */
  toInteger(expr: string): string;
  /** True for a number that is neither infinite nor NaN. */
  isFinite(expr: string): string;
  /** True for text of only white space, as JavaScript's Number() sees it ('' included). */
  isBlank(expr: string): string;
  /** A calendar field of `epochMs` (an integer expression of epoch milliseconds) read in UTC. */
  utcCalendar(epochMs: string, part: CalendarPart): string;
  /**
   * The wall-clock time in IANA zone `zone` (a placeholder) at instant `epochMs` (an integer
   * expression), truncated to the second, as epoch ms of that wall time read as UTC.
   */
  zoneWallClockMs(epochMs: string, zone: string): string;
}
