/**
 * format() and formatTime() → SQL text that is the evaluator's output character for character
 * (eval/functions/value-functions.ts and time-functions.ts). Whether a call is SQL-able is decided
 * per call at compile time from its pattern and zone; anything not reproduced exactly throws
 * NotSqlable and that stage runs in the evaluator:
 * - format: only `%s`, `%d`, `%i` and `%%`. Widths, precisions and flags are left out because
 *   JavaScript pads and cuts by UTF-16 unit where SQL counts code points; `%f`/`%e` because toFixed
 *   rounds ties away from zero where SQL printf rounds them to even; `%x`/`%o` and `,` for lack of a
 *   portable spelling. A `timezone` argument also falls back.
 * - formatTime: the letters of TIME_LETTERS and `%%`; no locale. Zones: none (UTC), Z/UTC/GMT and
 *   ±hh:mm (a fixed offset, computed here with the evaluator's zoneOffsetMs), or a canonical IANA
 *   name when the dialect knows IANA zones and the input is the stored @timestamp in milliseconds
 *   (a value outside JavaScript's date range makes the evaluator fail for such zones, which SQL
 *   cannot mimic; the stored time is always in range).
 * Literal text of the patterns and the zone are bound as parameters.
 */
import type { BoundArgs } from '../ir/script-ir.js';
import { zoneOffsetMs } from '../eval/functions/time-functions.js';
import { NotSqlable } from './not-sqlable.js';
import { asNumber, asText } from './sql-scope.js';
import type { SqlContext, SqlExpr, SqlScope } from './sql-scope.js';

type FormatPart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'spec'; readonly conv: string };

/** Splits a pattern into literal text and `%x` specifiers; undefined when a `%` is not followed by one of `convs`. */
function splitPattern(pattern: string, convs: string): FormatPart[] | undefined {
  const parts: FormatPart[] = [];
  let text = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch !== '%') {
      text += ch;
      continue;
    }
    const conv = pattern.charAt(i + 1);
    if (conv === '' || !convs.includes(conv)) return undefined;
    i++;
    if (conv === '%') {
      text += '%';
      continue;
    }
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
    parts.push({ kind: 'spec', conv });
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return parts;
}

/** format(pattern, field=[…]): a missing input or value is '', `%d` truncates numbers and keeps other text. */
export function compileFormatSql(pattern: string, inputs: () => readonly SqlExpr[], ctx: SqlContext): SqlExpr {
  const { dialect, params } = ctx;
  const parts = splitPattern(pattern, 'sdi%');
  if (parts === undefined) throw new NotSqlable();
  const values = inputs();
  let next = 0;
  const sql = parts.map((part) => {
    if (part.kind === 'text') return params.add(part.text);
    const input = values[next++];
    if (input === undefined) return "''";
    const text = `COALESCE(${asText(input, dialect)}, '')`;
    if (part.conv === 's') return text;
    const n = asNumber(input, dialect);
    return `(CASE WHEN ${n} IS NULL THEN ${text} ELSE ${dialect.numberToText(dialect.trunc(n))} END)`;
  });
  return { sql: dialect.concat(sql), type: 'text' };
}

/** The strftime letters reproduced in SQL (eval/functions/time-functions.ts's formatTime). */
const TIME_LETTERS = 'YymdeHIpMSLNjbhaZzsFT';
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const DAYS = 'SunMonTueWedThuFriSat';
/** JavaScript dates hold at most this many ms either side of the epoch; past it every part is NaN. */
const MAX_DATE_MS = 8.64e15;
/** The year of -MAX_DATE_MS. */
const MIN_DATE_YEAR = -271821;

type ZonePlan = { readonly kind: 'fixed'; readonly offsetMs: number } | { readonly kind: 'iana'; readonly zone: string };

export function compileFormatTimeSql(args: BoundArgs, scope: SqlScope, ctx: SqlContext): SqlExpr {
  const { dialect, params } = ctx;
  if (args.locale !== undefined || args.format?.kind !== 'string' || args.field?.kind !== 'string' || args.unit?.kind !== 'string') throw new NotSqlable();
  const parts = splitPattern(args.format.value, `${TIME_LETTERS}%`);
  if (parts === undefined) throw new NotSqlable();
  const unit = args.unit.value;
  const zoneText = args.timezone?.kind === 'string' ? args.timezone.value : 'Z';
  const input = scope.resolve(args.field.value);
  const isStoredTime = input.type === 'number' && input.sql === dialect.quoteIdentifier(ctx.schema.timeColumn) && unit === 'milliseconds';
  const zone = zonePlan(args.timezone?.kind === 'string' ? args.timezone.value : undefined, isStoredTime && dialect.capabilities.ianaTimeZones);

  // raw: JavaScript's Number() of the value (blank text is 0); ms: after the unit.
  const text = asText(input, dialect);
  const raw = input.type === 'number' ? `CAST(${input.sql} AS DOUBLE)` : `(CASE WHEN ${text} IS NULL THEN NULL WHEN ${dialect.isBlank(text)} THEN CAST(0 AS DOUBLE) ELSE ${dialect.toNumber(text)} END)`;
  const ms = unit === 'seconds' ? `(${raw} * 1000)` : unit === 'auto' ? `(CASE WHEN abs(${raw}) < 1e11 THEN ${raw} * 1000 ELSE ${raw} END)` : raw;
  const offset =
    zone.kind === 'fixed'
      ? `CAST(${params.add(zone.offsetMs)} AS DOUBLE)`
      : `(${dialect.zoneWallClockMs(dialect.toInteger(dialect.trunc(ms)), params.add(zone.zone))} - ${dialect.floor(`${ms} / 1000`)} * 1000)`;
  // new Date(ms + offset): truncated toward zero, invalid past MAX_DATE_MS.
  const local = dialect.trunc(`(${ms} + ${offset})`);
  const valid = `(abs(${local}) <= ${MAX_DATE_MS})`;
  const t = dialect.toInteger(`(CASE WHEN ${valid} THEN ${local} ELSE 0 END)`);
  const cal = (part: Parameters<typeof dialect.utcCalendar>[1]): string => dialect.utcCalendar(t, part);
  const pad = (expr: string, width: number): string => dialect.padLeft(dialect.toText(expr), width, '0');
  const millis = `((${t} % 1000 + 1000) % 1000)`;
  const hour = cal('hour');
  const date = (): string => dialect.concat([dialect.toText(cal('year')), "'-'", pad(cal('month'), 2), "'-'", pad(cal('day'), 2)]);
  const clock = (): string => dialect.concat([pad(hour, 2), "':'", pad(cal('minute'), 2), "':'", pad(cal('second'), 2)]);
  // Each letter: its SQL while the date is valid, and what JavaScript prints for an invalid date.
  const letter = (conv: string): string => {
    const whenValid = (sql: string, invalid = 'NaN'): string => `(CASE WHEN ${valid} THEN ${sql} ELSE ${params.add(invalid)} END)`;
    switch (conv) {
      case 'Y': return whenValid(dialect.toText(cal('year')));
      case 'y': return whenValid(pad(`(${cal('year')} % 100)`, 2));
      case 'm': return whenValid(pad(cal('month'), 2));
      case 'd': return whenValid(pad(cal('day'), 2));
      case 'e': return whenValid(dialect.padLeft(dialect.toText(cal('day')), 2, ' '));
      case 'H': return whenValid(pad(hour, 2));
      case 'I': return whenValid(pad(`((${hour} + 11) % 12 + 1)`, 2));
      case 'p': return whenValid(`(CASE WHEN ${hour} < 12 THEN ${params.add('AM')} ELSE ${params.add('PM')} END)`, 'PM');
      case 'M': return whenValid(pad(cal('minute'), 2));
      case 'S': return whenValid(pad(cal('second'), 2));
      case 'L': return whenValid(pad(millis, 3));
      case 'N': return whenValid(pad(`(${millis} * 1000000)`, 9));
      case 'j': {
        // The evaluator counts from Date.UTC(year, 0, 1), which reads years 0…99 as 1900…1999 (year 0
        // then has no 29 February) and is invalid in the first year a date can hold.
        const year = cal('year');
        const day = `(CASE WHEN ${year} = 0 AND ${cal('month')} > 2 THEN ${cal('dayOfYear')} - 1 ELSE ${cal('dayOfYear')} END)`;
        return whenValid(`(CASE WHEN ${year} = ${MIN_DATE_YEAR} THEN ${params.add('NaN')} ELSE ${pad(day, 3)} END)`);
      }
      case 'b':
      case 'h': return whenValid(dialect.substring(params.add(MONTHS), `((${cal('month')} - 1) * 3 + 1)`, 3), '');
      case 'a': return whenValid(dialect.substring(params.add(DAYS), `(${cal('dayOfWeek')} * 3 + 1)`, 3), '');
      case 'z': return zone.kind === 'fixed' ? params.add(offsetText(zone.offsetMs)) : offsetSql(offset, ctx);
      case 'Z': return params.add(zoneText);
      case 's': return dialect.numberToText(dialect.floor(`${ms} / 1000`));
      case 'F': return whenValid(date(), 'NaN-NaN-NaN');
      case 'T': return whenValid(clock(), 'NaN:NaN:NaN');
      default: throw new NotSqlable();
    }
  };
  const sql = parts.map((part) => (part.kind === 'text' ? params.add(part.text) : letter(part.conv)));
  return { sql: `(CASE WHEN ${raw} IS NOT NULL AND ${dialect.isFinite(raw)} THEN ${dialect.concat(sql)} END)`, type: 'text' };
}

/** How the zone is applied in SQL; NotSqlable for zones only the evaluator can apply identically. */
function zonePlan(zone: string | undefined, ianaAllowed: boolean): ZonePlan {
  if (zone === undefined) return { kind: 'fixed', offsetMs: 0 };
  if (/^(?:z|utc|gmt|[+-]\d{2}:\d{2})$/i.test(zone)) {
    const offsetMs = zoneOffsetMs(zone, 0);
    if (offsetMs === undefined) throw new NotSqlable();
    return { kind: 'fixed', offsetMs };
  }
  const canonical = ianaAllowed && /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(zone) ? canonicalZone(zone) : undefined;
  if (canonical !== undefined) return { kind: 'iana', zone: canonical };
  throw new NotSqlable();
}

/**
 * The platform's own name for an IANA zone (Asia/Kolkata → Asia/Calcutta, any case → its case), so
 * the engine is handed the id the evaluator's Intl resolved; undefined for an unknown zone.
 */
function canonicalZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `%z` of a fixed offset, as the evaluator spells it (+hhmm). */
function offsetText(offsetMs: number): string {
  const minutes = Math.abs(offsetMs) / 60000;
  return `${offsetMs < 0 ? '-' : '+'}${pad2(Math.floor(minutes / 60))}${pad2(minutes % 60)}`;
}

/** `%z` of a per-row offset, the same arithmetic in SQL. */
function offsetSql(offset: string, ctx: SqlContext): string {
  const { dialect, params } = ctx;
  const minutes = `(abs(${offset}) / 60000)`;
  const pad = (expr: string): string => dialect.padLeft(dialect.numberToText(expr), 2, '0');
  return dialect.concat([`(CASE WHEN ${offset} < 0 THEN ${params.add('-')} ELSE ${params.add('+')} END)`, pad(dialect.floor(`${minutes} / 60`)), pad(`(${minutes} % 60)`)]);
}
