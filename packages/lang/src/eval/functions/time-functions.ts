/**
 * parseTimestamp (Java DateTimeFormatter patterns compiled once to a regex + field order, or the
 * epoch formats) and formatTime (strftime). Zones: offsets in the text win, then `timezone`
 * (an IANA name, ±hh:mm, UTC+hh:mm or a common abbreviation), then UTC.
 *
 * Also the time helpers findTimestamp shares: month names, zone offsets, and `localToEpochMs`,
 * which applies the year-less rule: a syslog date without a year ("Mar 14 10:15:32") takes the
 * current year unless that puts it more than a day in the future, then the year before (the rule
 * rsyslog and Vector use), so a line from 31 December read on 2 January lands in the right year.
 */
import { addError } from '../parser-event.js';
import type { ParserEvent } from '../parser-event.js';
import { step, value } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';
import { InvalidArgument } from '../invalid-argument.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_MS = 86_400_000;

/** English month names, short or long ("Sept" too), as a regex alternation without groups. */
export const MONTH_NAMES_RE = 'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';
const SHORT_MONTHS_RE = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec';
const LONG_MONTHS_RE = 'January|February|March|April|May|June|July|August|September|October|November|December';
const DAY_NAMES_RE = 'Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?';
/** Any offset spelling (Z, ±hh, ±hhmm, ±hh:mm[:ss], GMT/UTC[±h[:mm]]): X, x, Z and O are read leniently. */
const OFFSET_RE = 'Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?|(?:GMT|UTC)(?:[+-]\\d{1,2}(?::?\\d{2})?)?';
/** A zone id (Europe/Paris, America/Argentina/Buenos_Aires, UTC, CET) or name with an offset (GMT+01:00). */
const ZONE_ID_RE = '[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*(?::\\d{2})?';

/** Fixed offsets (minutes) of abbreviations seen in logs; IANA does not know most of them. */
export const ZONE_ABBREVIATIONS: ReadonlyMap<string, number> = new Map([
  ['UT', 0], ['WET', 0], ['WEST', 60], ['BST', 60], ['CET', 60], ['CEST', 120], ['EET', 120], ['EEST', 180], ['MSK', 180],
  ['IST', 330], ['AWST', 480], ['JST', 540], ['KST', 540], ['ACST', 570], ['AEST', 600], ['AEDT', 660], ['NZST', 720], ['NZDT', 780],
  ['HST', -600], ['AKST', -540], ['AKDT', -480], ['PST', -480], ['PDT', -420], ['MST', -420], ['MDT', -360],
  ['CST', -360], ['CDT', -300], ['EST', -300], ['EDT', -240],
]);

/** 1–12 for an English month name (its first three letters decide), undefined otherwise. */
export function monthNumber(name: string): number | undefined {
  const idx = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return idx < 0 ? undefined : idx + 1;
}

type Part = 'year' | 'year2' | 'month' | 'monthName' | 'day' | 'hour' | 'hour24' | 'hour12' | 'ampm' | 'minute' | 'second' | 'fraction' | 'zone' | 'skip';
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const digits = (n: number, max: number): string => (n === 1 ? `\\d{1,${max}}` : `\\d{${n}}`);

/**
 * Compiles a Java pattern into an anchored regex with one group per field, listed in `parts`.
 * `'text'` is literal (`''` is a quote, inside or outside), `[…]` is an optional section (nested
 * too; a field in a missing section keeps its default). Throws InvalidArgument for what it does not support.
 */
export function compileJavaPattern(pattern: string, caseSensitive: boolean): { regex: RegExp; parts: Part[] } {
  const parts: Part[] = [];
  let src = '';
  let open = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "'") {
      i++;
      let lit = '';
      while (pattern.charAt(i) !== "'" || pattern.charAt(i + 1) === "'") {
        if (i >= pattern.length) throw new InvalidArgument(`Time pattern ${JSON.stringify(pattern)} has an unclosed quote`, 'INVALID_TIME_FORMAT');
        lit += pattern.charAt(i);
        i += pattern.charAt(i) === "'" ? 2 : 1;
      }
      i++;
      src += lit === '' ? "'" : esc(lit); // '' alone is one quote
      continue;
    }
    if (c === '[') { src += '(?:'; open++; i++; continue; }
    if (c === ']') {
      if (open === 0) throw new InvalidArgument(`Time pattern ${JSON.stringify(pattern)} has ] without [`, 'INVALID_TIME_FORMAT');
      src += ')?';
      open--;
      i++;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) { src += esc(c); i++; continue; }
    let n = 1;
    while (pattern.charAt(i + n) === c) n++;
    i += n;
    const add = (part: Part, re: string): void => { parts.push(part); src += `(${re})`; };
    switch (c) {
      case 'y': case 'u': if (n === 2) add('year2', '\\d{2}'); else add('year', n === 1 ? '\\d{1,4}' : `\\d{${Math.max(n, 4)}}`); break;
      case 'M': case 'L':
        if (n <= 2) add('month', digits(n, 2));
        else if (n === 3) add('monthName', SHORT_MONTHS_RE);
        else if (n === 4) add('monthName', LONG_MONTHS_RE);
        else throw new InvalidArgument(`Time pattern letters '${c.repeat(n)}' (narrow month) are not supported`, 'INVALID_TIME_FORMAT');
        break;
      case 'd': add('day', digits(n, 2)); break;
      case 'H': add('hour', digits(n, 2)); break;
      case 'k': add('hour24', digits(n, 2)); break;
      case 'h': case 'K': add('hour12', digits(n, 2)); break;
      case 'm': add('minute', digits(n, 2)); break;
      case 's': add('second', digits(n, 2)); break;
      // Any number of digits: LogScale's default [.SSSSSSSSS] must read ".250" as Java 11+ does.
      case 'S': add('fraction', '\\d{1,9}'); break;
      case 'a': add('ampm', '[AaPp][Mm]'); break;
      case 'E': add('skip', DAY_NAMES_RE); break;
      case 'G': add('skip', 'AD|BC'); break;
      case 'X': case 'x': case 'Z': case 'O': add('zone', OFFSET_RE); break;
      case 'z': case 'V': add('zone', ZONE_ID_RE); break;
      default: throw new InvalidArgument(`Time pattern letter '${c}' is not supported`, 'INVALID_TIME_FORMAT');
    }
  }
  src += ')?'.repeat(open); // Java closes sections left open at the end
  return { regex: new RegExp(`^\\s*${src}\\s*$`, caseSensitive ? '' : 'i'), parts };
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Offset in ms of a zone at the given UTC instant, undefined if unknown: Z/UTC/GMT, ±hh[:mm[:ss]],
 * UTC±h[:mm] / GMT±h[:mm], an abbreviation of ZONE_ABBREVIATIONS, or an IANA name.
 */
export function zoneOffsetMs(zone: string, utcMs: number): number | undefined {
  const upper = zone.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?(?::?(\d{2}))?$/i.exec(zone);
  if (m !== null) {
    return (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
  }
  const abbreviation = ZONE_ABBREVIATIONS.get(upper);
  if (abbreviation !== undefined) return abbreviation * 60_000;
  let fmt = zoneFormatters.get(zone);
  if (fmt === undefined) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    } catch {
      return undefined;
    }
    zoneFormatters.set(zone, fmt);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(utcMs))) p[part.type] = Number(part.value);
  const asUtc = calendarToUtcMs(p.year ?? 1970, p.month ?? 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0, 0);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Date.UTC without its 0–99 → 1900s mapping; NaN when the day does not exist in the month. */
function calendarToUtcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1) return Number.NaN;
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

/** A calendar time read from text, before its zone is applied; no year means "guess it". */
export interface LocalTime {
  readonly year: number | undefined;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
}

/** Local time in `zone` → epoch ms; undefined for an impossible date or an unknown zone. */
export function localToEpochMs(t: LocalTime, zone: string, now: number): number | undefined {
  if (t.month < 1 || t.month > 12 || t.hour > 23 || t.minute > 59 || t.second > 60) return undefined;
  if (t.year !== undefined) return inZone(t, t.year, zone);
  // The current year is the one in the event's zone, which may already be next year in UTC:
  // so try next year first and keep the latest that is not more than a day ahead.
  const year = new Date(now).getUTCFullYear();
  for (const candidate of [year + 1, year, year - 1]) {
    const ms = inZone(t, candidate, zone);
    if (ms !== undefined && ms <= now + DAY_MS) return ms;
  }
  return undefined;
}

function inZone(t: LocalTime, year: number, zone: string): number | undefined {
  const local = calendarToUtcMs(year, t.month, t.day, t.hour, t.minute, t.second, t.ms);
  if (Number.isNaN(local)) return undefined;
  const off = zoneOffsetMs(zone, local);
  if (off === undefined) return undefined;
  // An IANA zone's offset depends on the instant: look it up again at the corrected instant.
  return local - (zoneOffsetMs(zone, local - off) ?? off);
}

export function parseTimestampFn(a: Args): CompiledCall {
  const format = a.string('format');
  const field = a.string('field');
  const as = a.string('as');
  const tzAs = a.string('timezoneAs');
  const defaultZone = a.optString('timezone');
  const addErrors = a.boolean('addErrors');
  const context = a.tools.context;
  const fail = (event: ParserEvent, text: string): boolean => {
    if (addErrors) addError(event, `parseTimestamp: could not parse ${JSON.stringify(text.slice(0, 64))} with format ${JSON.stringify(format)}`);
    return true;
  };
  const epoch = { seconds: 1000, unixtime: 1000, unixtimeseconds: 1000, milliseconds: 1, millis: 1, unixtimemillis: 1, nanos: 1e-6 }[format.toLowerCase()];
  if (epoch !== undefined) {
    return step((event) => {
      const text = event.fields.get(field);
      if (text === undefined) return true;
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n)) return fail(event, text);
      event.fields.set(as, String(Math.floor(n * epoch)));
      return true;
    });
  }
  const { regex, parts } = compileJavaPattern(format, a.boolean('caseSensitive'));
  return step((event) => {
    const text = event.fields.get(field);
    if (text === undefined) return true;
    const m = regex.exec(text);
    if (m === null) return fail(event, text);
    let year: number | undefined, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0, pm: boolean | undefined, zone: string | undefined;
    for (let k = 0; k < parts.length; k++) {
      const v = m[k + 1];
      if (v === undefined) continue; // in an optional section that is absent
      switch (parts[k]) {
        case 'year': year = Number(v); break;
        case 'year2': year = 2000 + Number(v); break;
        case 'month': month = Number(v); break;
        case 'monthName': month = monthNumber(v) ?? 0; break;
        case 'day': day = Number(v); break;
        case 'hour': case 'hour12': hour = Number(v); break;
        case 'hour24': hour = Number(v) % 24; break;
        case 'ampm': pm = v.toLowerCase() === 'pm'; break;
        case 'minute': minute = Number(v); break;
        case 'second': second = Number(v); break;
        case 'fraction': ms = Number(v.padEnd(3, '0').slice(0, 3)); break;
        case 'zone': zone = v; break;
        default: break;
      }
    }
    if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
    const used = zone ?? defaultZone ?? 'Z';
    const at = localToEpochMs({ year, month, day, hour, minute, second, ms }, used, context.now());
    if (at === undefined) return fail(event, text);
    event.fields.set(as, String(at));
    event.fields.set(tzAs, used);
    return true;
  });
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function formatTimeFn(a: Args): CompiledCall {
  const format = a.string('format');
  const field = a.string('field');
  const unit = a.string('unit');
  const zone = a.optString('timezone') ?? 'Z';
  return value((event) => {
    const raw = Number(event.fields.get(field));
    if (!Number.isFinite(raw)) return undefined;
    const ms = unit === 'seconds' || (unit === 'auto' && Math.abs(raw) < 1e11) ? raw * 1000 : raw;
    const off = zoneOffsetMs(zone, ms) ?? 0;
    const d = new Date(ms + off);
    const sign = off < 0 ? '-' : '+';
    const abs = Math.abs(off) / 60000;
    return format.replace(/%([a-zA-Z%])/g, (_m, c: string) => {
      switch (c) {
        case 'Y': return String(d.getUTCFullYear());
        case 'y': return pad(d.getUTCFullYear() % 100);
        case 'm': return pad(d.getUTCMonth() + 1);
        case 'd': return pad(d.getUTCDate());
        case 'e': return String(d.getUTCDate()).padStart(2, ' ');
        case 'H': return pad(d.getUTCHours());
        case 'I': return pad(((d.getUTCHours() + 11) % 12) + 1);
        case 'p': return d.getUTCHours() < 12 ? 'AM' : 'PM';
        case 'M': return pad(d.getUTCMinutes());
        case 'S': return pad(d.getUTCSeconds());
        case 'L': return pad(d.getUTCMilliseconds(), 3);
        case 'N': return pad(d.getUTCMilliseconds() * 1_000_000, 9);
        case 'j': return pad(Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3);
        case 'b': case 'h': { const s = MONTHS[d.getUTCMonth()] ?? ''; return s.charAt(0).toUpperCase() + s.slice(1); }
        case 'a': { const s = DAYS[d.getUTCDay()] ?? ''; return s.charAt(0).toUpperCase() + s.slice(1); }
        case 'z': return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
        case 'Z': return zone;
        case 's': return String(Math.floor(ms / 1000));
        case 'F': return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
        case 'T': return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
        case '%': return '%';
        default: return `%${c}`;
      }
    });
  });
}
