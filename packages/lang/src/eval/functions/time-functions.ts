/**
 * parseTimestamp (Java DateTimeFormatter patterns compiled once to a regex + field order, or the
 * epoch formats) and formatTime (strftime). Zones: offsets in the text win, then `timezone`
 * (an IANA name or ±hh:mm), then UTC.
 */
import { addError } from '../parser-event.js';
import { step, value } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
type Part = 'year' | 'year2' | 'month' | 'monthName' | 'day' | 'hour' | 'hour12' | 'ampm' | 'minute' | 'second' | 'fraction' | 'offset' | 'skip';
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles a Java pattern; throws with a message for letters it does not support. */
export function compileJavaPattern(pattern: string, caseSensitive: boolean): { regex: RegExp; parts: Part[] } {
  const parts: Part[] = [];
  let src = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const lit = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      src += lit === '' ? "'" : esc(lit);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (c === '[') { src += '(?:'; i++; continue; }
    if (c === ']') { src += ')?'; i++; continue; }
    if (!/[A-Za-z]/.test(c)) { src += esc(c); i++; continue; }
    let n = 1;
    while (pattern.charAt(i + n) === c) n++;
    i += n;
    const add = (part: Part, re: string): void => { parts.push(part); src += `(${re})`; };
    switch (c) {
      case 'y': case 'u': if (n === 2) add('year2', '\\d{2}'); else add('year', '\\d{4}'); break;
      case 'M': case 'L': if (n >= 3) add('monthName', '[A-Za-z]{3,9}'); else add('month', n === 1 ? '\\d{1,2}' : '\\d{2}'); break;
      case 'd': add('day', n === 1 ? '\\d{1,2}' : '\\d{2}'); break;
      case 'H': add('hour', n === 1 ? '\\d{1,2}' : '\\d{2}'); break;
      case 'h': add('hour12', n === 1 ? '\\d{1,2}' : '\\d{2}'); break;
      case 'm': add('minute', '\\d{2}'); break;
      case 's': add('second', '\\d{2}'); break;
      case 'S': add('fraction', '\\d{1,9}'); break;
      case 'a': add('ampm', '[AaPp][Mm]'); break;
      case 'E': add('skip', '[A-Za-z]{3,9}'); break;
      case 'X': case 'x': case 'Z': add('offset', 'Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?'); break;
      case 'z': case 'V': add('offset', '[A-Za-z_/+-]+[A-Za-z0-9_/+:-]*'); break;
      default: throw new Error(`Time pattern letter '${c}' is not supported`);
    }
  }
  return { regex: new RegExp(`^\\s*${src}\\s*$`, caseSensitive ? '' : 'i'), parts };
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset in ms of an IANA zone or ±hh:mm at the given UTC instant; undefined if unknown. */
export function zoneOffsetMs(zone: string, utcMs: number): number | undefined {
  if (zone === 'Z' || zone.toUpperCase() === 'UTC' || zone === 'GMT') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?$/.exec(zone);
  if (m !== null) return (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
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
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

export function parseTimestampFn(a: Args): CompiledCall {
  const format = a.string('format');
  const field = a.string('field');
  const as = a.string('as');
  const tzAs = a.string('timezoneAs');
  const defaultZone = a.optString('timezone');
  const addErrors = a.boolean('addErrors');
  const fail = (event: Parameters<Parameters<typeof step>[0]>[0], text: string): boolean => {
    if (addErrors) addError(event, `parseTimestamp: could not parse ${JSON.stringify(text.slice(0, 64))} with format ${JSON.stringify(format)}`);
    return true;
  };
  const epoch = { seconds: 1000, unixtimeseconds: 1000, milliseconds: 1, millis: 1, unixtimemillis: 1, nanos: 1e-6 }[format.toLowerCase()];
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
  const hasYear = parts.includes('year') || parts.includes('year2');
  return step((event) => {
    const text = event.fields.get(field);
    if (text === undefined) return true;
    const m = regex.exec(text);
    if (m === null) return fail(event, text);
    let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0, pm: boolean | undefined, offset: string | undefined;
    for (let k = 0; k < parts.length; k++) {
      const v = m[k + 1];
      if (v === undefined) continue;
      switch (parts[k]) {
        case 'year': year = Number(v); break;
        case 'year2': year = 2000 + Number(v); break;
        case 'month': month = Number(v); break;
        case 'monthName': {
          const idx = MONTHS.indexOf(v.slice(0, 3).toLowerCase());
          if (idx < 0) return fail(event, text);
          month = idx + 1;
          break;
        }
        case 'day': day = Number(v); break;
        case 'hour': case 'hour12': hour = Number(v); break;
        case 'ampm': pm = v.toLowerCase() === 'pm'; break;
        case 'minute': minute = Number(v); break;
        case 'second': second = Number(v); break;
        case 'fraction': ms = Number(v.padEnd(9, '0').slice(0, 3)); break;
        case 'offset': offset = v; break;
        default: break;
      }
    }
    if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
    if (!hasYear) year = new Date().getUTCFullYear(); // syslog: no year in the line
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return fail(event, text);
    const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    const zone = offset ?? defaultZone ?? 'Z';
    const off = zoneOffsetMs(zone, local);
    if (off === undefined) return fail(event, text);
    // An IANA zone's offset depends on the instant: look it up again at the corrected instant.
    const corrected = offset === undefined && defaultZone !== undefined ? zoneOffsetMs(zone, local - off) ?? off : off;
    event.fields.set(as, String(local - corrected));
    event.fields.set(tzAs, zone);
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
