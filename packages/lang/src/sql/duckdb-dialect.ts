/**
 * DuckDB. Free text is RE2 `regexp_matches(raw, '(?is)<escaped literal>')`: on 10 M events (2.3 GB
 * of ZSTD-compressed raw, 2 cores) it took 2.1 CPU-seconds where `contains(lower(raw), lower($n))`
 * took 3.4 (lower() copies every string) and `ILIKE` ~4× more (docs/PERFORMANCE.md, "Storage
 * layout"). RE2's case folding is Unicode simple folding; the evaluator's JavaScript /i differs from
 * it (as it did from lower()) only for a few letters that fold across scripts, like the Kelvin sign.
 *
 * JSON paths are bound as RFC 6901 JSON Pointers (`/key`, `~` → `~0`, `/` → `~1`): DuckDB accepts a
 * parameter path and the pointer needs no quoting of `.`, `"`, `$` or `[`.
 * Regex flags travel inside the pattern as RE2 `(?ims)` so they mean what they mean in JS; DuckDB's
 * option letters differ (its `m`/`s` are about newline sensitivity).
 */
import type { PortableRegex, WildcardPattern } from '../ir/filter-ir.js';
import type { CalendarPart, Dialect } from './dialect.js';

/** Text as an RE2 pattern matching exactly it: every ASCII punctuation character escaped (RE2 accepts `\` before any). */
export function escapeRe2Literal(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** DuckDB's text of a double (`s`, a name) in ECMAScript's spelling. */
function jsNumberText(s: string): string {
  const digits = `replace(regexp_extract(${s}, '^-?([0-9.]+)e', 1), '.', '')`;
  const k = `length(${digits})`;
  // The decimal point sits after the n-th digit: n = exponent + 1.
  const n = `(CAST(regexp_extract(${s}, 'e([-+]?[0-9]+)$', 1) AS INTEGER) + 1)`;
  const sign = `(CASE WHEN starts_with(${s}, '-') THEN '-' ELSE '' END)`;
  const respelled = `(CASE
    WHEN ${n} >= ${k} AND ${n} <= 21 THEN ${digits} || repeat('0', ${n} - ${k})
    WHEN ${n} > 0 AND ${n} <= 21 THEN substr(${digits}, 1, ${n}) || '.' || substr(${digits}, ${n} + 1)
    WHEN ${n} > -6 AND ${n} <= 0 THEN '0.' || repeat('0', -${n}) || ${digits}
    ELSE substr(${digits}, 1, 1) || (CASE WHEN ${k} > 1 THEN '.' || substr(${digits}, 2) ELSE '' END) || 'e' || (CASE WHEN ${n} >= 1 THEN '+' ELSE '-' END) || CAST(abs(${n} - 1) AS VARCHAR)
  END)`.replace(/\s*\n\s*/g, ' ');
  return `(CASE WHEN contains(${s}, 'e') THEN ${sign} || ${respelled} ELSE regexp_replace(${s}, '\\.0$', '') END)`;
}

export const duckdbDialect: Dialect = Object.freeze({
  name: 'duckdb',
  capabilities: Object.freeze({ jsonPathParameters: true, limitParameter: true, regexSyntax: 're2' as const, ipv4Arithmetic: true, ianaTimeZones: true }),
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
  freeText(expr: string, value: string): string {
    return `regexp_matches(${expr}, ${value})`;
  },
  freeTextValue(pattern: WildcardPattern): string {
    // (?s): `*` spans line breaks, as [\s\S] does in the evaluator.
    return `(?is)${pattern.map(escapeRe2Literal).join('.*')}`;
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
    // JavaScript's String(n), which fields hold: integers below 1e15 take the fast path; otherwise
    // DuckDB's shortest digits are respelled by ECMAScript's Number::toString rules (plain digits up
    // to 1e21, "0.000001" down to 1e-6, else d.ddde±x). Infinities and NaN are missing, as in the
    // evaluator.
    const fast = `CAST(CAST(${expr} AS BIGINT) AS VARCHAR)`;
    return `(CASE WHEN NOT isfinite(${expr}) THEN NULL WHEN ${expr} = trunc(${expr}) AND abs(${expr}) < 1e15 THEN ${fast} ELSE list_transform([CAST(${expr} AS VARCHAR)], lambda s: ${jsNumberText('s')})[1] END)`;
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
  timeBucket(expr: string, span: string, integral = false): string {
    const floored = `(CAST(floor(${expr} / ${span}) AS BIGINT) * ${span})`;
    // Integer division took ~20 % less time than floor() of the double quotient (timeChart over 10 M
    // events) but truncates toward zero, so times before 1970 keep the floor.
    return integral ? `(CASE WHEN ${expr} >= 0 THEN ${expr} // ${span} * ${span} ELSE ${floored} END)` : floored;
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
  percentile(expr: string, fraction: string): string {
    // Not quantile_disc: its rank rule is DuckDB's own; this is the documented nearest rank, whose
    // double product the evaluator computes identically.
    const rank = `CAST(greatest(1, ceil(CAST(${fraction} AS DOUBLE) * CAST(COUNT(${expr}) AS DOUBLE))) AS BIGINT)`;
    return `list_extract(list_sort(list(${expr}) FILTER (WHERE ${expr} IS NOT NULL)), ${rank})`;
  },
  greatest(exprs: readonly string[]): string {
    // DuckDB's greatest() skips NULLs.
    return exprs.length === 1 ? `CAST(${exprs[0] ?? 'NULL'} AS DOUBLE)` : `greatest(${exprs.map((e) => `CAST(${e} AS DOUBLE)`).join(', ')})`;
  },
  maxOver(expr: string, partitionBy: string): string {
    // The ORDER BY (and so the explicit whole-partition frame) is not needed for the value: without
    // it DuckDB 1.5 rewrites the window as an aggregate joined back to its input, and runs the whole
    // input (the scan and GROUP BY under a timeChart) twice.
    return `MAX(${expr}) OVER (PARTITION BY ${partitionBy} ORDER BY ${partitionBy} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`;
  },
  denseRank(orderBy: string): string {
    return `DENSE_RANK() OVER (ORDER BY ${orderBy})`;
  },
  concat(parts: readonly string[]): string {
    return parts.length === 0 ? "''" : `(${parts.join(' || ')})`;
  },
  substring(expr: string, start: string, length: number): string {
    return `substring(${expr}, ${start}, ${length})`;
  },
  padLeft(expr: string, width: number, fill: ' ' | '0'): string {
    // lpad() cuts text longer than the width; the evaluator's padStart() never does.
    if (!Number.isInteger(width) || width < 1 || width > 64) throw new Error(`invalid pad width ${width}`);
    return `(CASE WHEN length(${expr}) < ${width} THEN lpad(${expr}, ${width}, '${fill === '0' ? '0' : ' '}') ELSE ${expr} END)`;
  },
  trunc(expr: string): string {
    return `trunc(${expr})`;
  },
  floor(expr: string): string {
    return `floor(${expr})`;
  },
  toInteger(expr: string): string {
    return `CAST(${expr} AS BIGINT)`;
  },
  isFinite(expr: string): string {
    return `isfinite(${expr})`;
  },
  isBlank(expr: string): string {
    // JavaScript's white space and line terminators (RE2's \s lacks \v and the Unicode spaces).
    return `regexp_full_match(${expr}, '[\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]*')`;
  },
  utcCalendar(epochMs: string, part: CalendarPart): string {
    const fn = { year: 'year', month: 'month', day: 'day', hour: 'hour', minute: 'minute', second: 'second', dayOfYear: 'dayofyear', dayOfWeek: 'dayofweek' }[part];
    return `${fn}(epoch_ms(${epochMs}))`;
  },
  zoneWallClockMs(epochMs: string, zone: string): string {
    // ICU (built into DuckDB) turns the instant into the zone's wall time.
    return `epoch_ms(date_trunc('second', timezone(${zone}, make_timestamptz(${epochMs} * 1000))))`;
  },
});
