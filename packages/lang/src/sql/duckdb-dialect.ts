/**
 * DuckDB. Measured choices (1M rows, ~200-byte raw, 2 cores; see the search v0 report):
 * case-insensitive substring `contains(lower(raw), lower($n))` ≈ 44 ms, `regexp_matches` with (?i)
 * ≈ 47 ms, `ILIKE` ≈ 152 ms, case-sensitive `contains`/`LIKE` ≈ 16–18 ms. The needle is lowered in SQL
 * too, so both sides use the same Unicode lower-casing.
 *
 * JSON paths are bound as RFC 6901 JSON Pointers (`/key`, `~` → `~0`, `/` → `~1`): DuckDB accepts a
 * parameter path and the pointer needs no quoting of `.`, `"`, `$` or `[`.
 * Regex flags travel inside the pattern as RE2 `(?ims)` so they mean what they mean in JS; DuckDB's
 * option letters differ (its `m`/`s` are about newline sensitivity).
 */
import type { PortableRegex } from '../ir/filter-ir.js';
import type { Dialect } from './dialect.js';

export const duckdbDialect: Dialect = Object.freeze({
  name: 'duckdb',
  capabilities: Object.freeze({ jsonPathParameters: true, limitParameter: true, regexSyntax: 're2' as const, ipv4Arithmetic: true }),
  likeEscape: '\\',

  quoteIdentifier(name: string): string {
    // NUL cannot appear in a DuckDB identifier even when quoted; refuse rather than truncate.
    if (name.length === 0 || name.includes('\0')) throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
    return `"${name.replaceAll('"', '""')}"`;
  },
  placeholder(index: number): string {
    return `$${index}`;
  },
  jsonPathFor(key: string): string {
    return `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  },
  jsonText(jsonColumn: string, path: string): string {
    return `json_extract_string(${jsonColumn}, ${path})`;
  },
  toText(expr: string): string {
    return `CAST(${expr} AS VARCHAR)`;
  },
  toNumber(expr: string): string {
    return `TRY_CAST(${expr} AS DOUBLE)`;
  },
  like(expr: string, pattern: string): string {
    return `${expr} LIKE ${pattern} ESCAPE '\\'`;
  },
  containsIgnoreCase(expr: string, needle: string): string {
    return `contains(lower(${expr}), lower(${needle}))`;
  },
  likeIgnoreCase(expr: string, pattern: string): string {
    return `lower(${expr}) LIKE lower(${pattern}) ESCAPE '\\'`;
  },
  regexMatch(expr: string, pattern: string): string {
    return `regexp_matches(${expr}, ${pattern})`;
  },
  regexValue(regex: PortableRegex): string {
    const flags = `${regex.caseInsensitive ? 'i' : ''}${regex.multiline ? 'm' : ''}${regex.dotAll ? 's' : ''}`;
    return flags === '' ? regex.source : `(?${flags})${regex.source}`;
  },
  numberToText(expr: string): string {
    // CAST(2.0 AS VARCHAR) is '2.0' where JS says '2'; other doubles print as the same shortest form.
    return `(CASE WHEN ${expr} = trunc(${expr}) AND abs(${expr}) < 1e15 THEN CAST(CAST(${expr} AS BIGINT) AS VARCHAR) ELSE CAST(${expr} AS VARCHAR) END)`;
  },
  lower(expr: string): string {
    return `lower(${expr})`;
  },
  upper(expr: string): string {
    return `upper(${expr})`;
  },
  length(expr: string): string {
    return `length(${expr})`;
  },
  ipv4ToNumber(expr: string): string {
    const text = `trim(${expr})`;
    const octet = (i: number): string => `TRY_CAST(split_part(${text}, '.', ${i}) AS BIGINT)`;
    const octets = [1, 2, 3, 4].map(octet);
    return `(CASE WHEN regexp_full_match(${text}, '[0-9]{1,3}(\\.[0-9]{1,3}){3}') AND ${octets.map((o) => `${o} <= 255`).join(' AND ')} THEN ${octets[0]} * 16777216 + ${octets[1]} * 65536 + ${octets[2]} * 256 + ${octets[3]} END)`;
  },
  timeBucket(expr: string, span: string): string {
    return `(CAST(floor(${expr} / ${span}) AS BIGINT) * ${span})`;
  },
  countAll(): string {
    return 'COUNT(*)';
  },
  count(expr: string, distinct: boolean): string {
    return distinct ? `COUNT(DISTINCT ${expr})` : `COUNT(${expr})`;
  },
  sum(expr: string): string {
    return `SUM(${expr})`;
  },
  min(expr: string): string {
    return `MIN(${expr})`;
  },
  max(expr: string): string {
    return `MAX(${expr})`;
  },
  rowNumber(orderBy: string): string {
    return `ROW_NUMBER() OVER (ORDER BY ${orderBy})`;
  },
});
