/**
 * findTimestamp: the first timestamp starting in the first 128 characters of a field (LogScale's
 * limit), in any of the common formats, parsed into @timestamp (epoch ms) and @timezone.
 *
 * Formats (each with optional .fraction or ,fraction of 1–9 digits, AM/PM and zone):
 *   year first     2024-03-14T10:15:32.123Z, 2024-03-14 10:15:32+01:00, 2024/03/14 10:15:32
 *   month first    03/14/2024 10:15:32 AM, 03-14-24 10:15:32
 *   month name     Mar 14 10:15:32 (syslog), Mar 14 2024 10:15:32 (Cisco ASA), Mar 14, 2024 …,
 *                  Thu Mar 14 10:15:32 UTC 2024 (year after the time)
 *   day, month name 14/Mar/2024:10:15:32 +0000 (access logs), 14-Mar-2024 …, Thu, 14 Mar 2024 … GMT
 *   time only      10:15:32 (today, or yesterday if that is more than an hour ahead)
 *   epoch          1710411332, 1710411332.123, 1710411332123 (10 digits, then 3, 6 or 9)
 * Zones: Z, ±hh[:mm], UTC/GMT[±h[:mm]], an abbreviation (CET, PST…) or an IANA Area/Location.
 *
 * Design: every format is one alternative of a single regex compiled at load time; the engine tries
 * all alternatives at a position before the next one, so the leftmost timestamp wins, and at one
 * position the fuller format (date before time only). Only the first 128 + 96 characters are
 * scanned (96 covers the longest timestamp starting at 127), so the cost per event does not grow
 * with the line. A timestamp without a zone takes timezoneField's value, then `timezone`; with
 * neither it is not parsed (LogScale's rule: guessing UTC would silently shift the event).
 */
import { addError } from '../parser-event.js';
import type { ParserEvent } from '../parser-event.js';
import { step } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';
import { MONTH_NAMES_RE, ZONE_ABBREVIATIONS, localToEpochMs, monthNumber, zoneOffsetMs } from './time-functions.js';

/** Timestamps must start before this offset. */
export const MAX_CHARS_TO_FIND_TIMESTAMP = 128;
const SCAN_TAIL = 96;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const AREAS = 'Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc';
const ABBREVIATIONS = [...ZONE_ABBREVIATIONS.keys()].join('|');

/** Time of day, then an optional zone; group names carry the alternative's letter. */
function timeAndZone(p: string): string {
  const time = `(?<${p}h>\\d{1,2}):(?<${p}mi>\\d{2}):(?<${p}s>\\d{2})(?:[.,](?<${p}f>\\d{1,9}))?(?!\\d)(?:\\s?(?<${p}ap>[AaPp][Mm])(?![A-Za-z]))?`;
  const zone = [
    'Z(?![A-Za-z])',
    '[+-]\\d{2}(?::?\\d{2})?(?!\\d)',
    '(?:UTC|GMT)(?:[+-]\\d{1,2}(?::?\\d{2})?)?(?![A-Za-z])',
    `(?:${AREAS})(?:/[A-Za-z0-9_+-]+)+`,
    `(?:${ABBREVIATIONS})(?![\\w-])`,
  ].join('|');
  return `${time}(?:\\s?(?<${p}z>${zone}))?`;
}

const MON = `(?:${MONTH_NAMES_RE})(?![A-Za-z])`;
const ALTERNATIVES = [
  // a: year first (ISO 8601 / RFC 3339 with T or space, and yyyy/MM/dd)
  `(?<!\\d)(?<aY>\\d{4})(?<aSep>[-/.])(?<aM>\\d{1,2})\\k<aSep>(?<aD>\\d{1,2})(?:T|\\s+)${timeAndZone('a')}`,
  // b: month first, numeric (US)
  `(?<!\\d)(?<bM>\\d{1,2})(?<bSep>[-/])(?<bD>\\d{1,2})\\k<bSep>(?<bY>\\d{4}|\\d{2})(?:\\s+|:)${timeAndZone('b')}`,
  // c: month name first, year before the time, after it, or absent (syslog)
  `(?<![A-Za-z])(?<cMon>${MON})\\.?\\s+(?<cD>\\d{1,2})(?:,?\\s+(?<cY>\\d{4}))?(?:,?\\s+)${timeAndZone('c')}(?:\\s+(?<cY2>(?:19|20)\\d{2})(?=$|[\\s,;\\])]))?`,
  // d: day first, month name (access logs, RFC 2822)
  `(?<!\\d)(?<dD>\\d{1,2})(?<dSep>[-/ ])(?<dMon>${MON})(?:\\k<dSep>(?<dY>\\d{4}))?(?:\\s+|:)${timeAndZone('d')}`,
  // e: time only
  `(?<![\\d:])${timeAndZone('e')}`,
  // f: epoch seconds, the fraction after a dot or run on (13, 16 or 19 digits)
  '(?<![\\d.])(?<fS>\\d{10})(?:\\.(?<fF>\\d{9}|\\d{6}|\\d{3})|(?<fN>\\d{9}|\\d{6}|\\d{3}))?(?!\\d)',
];
const TIMESTAMP = new RegExp(ALTERNATIVES.map((a) => `(?:${a})`).join('|'));

const DATE_ALTERNATIVES = ['a', 'b', 'c', 'd'] as const;
const optNumber = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

export interface FoundTimestamp {
  readonly text: string;
  /** Epoch ms, or a problem to report. */
  readonly result: number | string;
  readonly zone: string;
}

/** Reads the match of one alternative; `fallbackZone` is for a time written without one. */
function read(m: RegExpExecArray, fallbackZone: string | undefined, now: number): FoundTimestamp {
  const g = m.groups ?? {};
  const text = m[0];
  const fS = g.fS;
  if (fS !== undefined) {
    const frac = (g.fF ?? g.fN ?? '').padEnd(3, '0').slice(0, 3);
    return { text, result: Number(fS) * 1000 + Number(frac), zone: 'Z' };
  }
  const p = DATE_ALTERNATIVES.find((letter) => g[`${letter}h`] !== undefined) ?? 'e';
  let year: number | undefined, month = 0, day = 0;
  switch (p) {
    case 'a': [year, month, day] = [Number(g.aY), Number(g.aM), Number(g.aD)]; break;
    case 'b': [year, month, day] = [Number(g.bY) + (g.bY?.length === 2 ? 2000 : 0), Number(g.bM), Number(g.bD)]; break;
    case 'c': [year, month, day] = [optNumber(g.cY ?? g.cY2), monthNumber(g.cMon ?? '') ?? 0, Number(g.cD)]; break;
    case 'd': [year, month, day] = [optNumber(g.dY), monthNumber(g.dMon ?? '') ?? 0, Number(g.dD)]; break;
    default: break;
  }
  let hour = Number(g[`${p}h`]);
  const ampm = g[`${p}ap`]?.toLowerCase();
  if (ampm !== undefined) hour = (hour % 12) + (ampm === 'pm' ? 12 : 0);
  const minute = Number(g[`${p}mi`]);
  const second = Number(g[`${p}s`]);
  const ms = Number((g[`${p}f`] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = g[`${p}z`] ?? fallbackZone;
  if (zone === undefined) return { text, result: 'has no time zone: set timezone= or timezoneField=', zone: '' };
  if (zoneOffsetMs(zone, now) === undefined) return { text, result: `has an unknown time zone ${JSON.stringify(zone)}`, zone };
  const time = { hour, minute, second, ms };
  if (p !== 'e') {
    const at = localToEpochMs({ year, month, day, ...time }, zone, now);
    return { text, result: at ?? 'is not a valid date', zone };
  }
  return { text, result: timeToday(time, zone, now) ?? 'is not a valid time', zone };
}

/** A time of day alone: today in its zone, or yesterday if today is more than an hour ahead. */
function timeToday(t: { hour: number; minute: number; second: number; ms: number }, zone: string, now: number): number | undefined {
  const local = new Date(now + (zoneOffsetMs(zone, now) ?? 0));
  const today = { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), ...t };
  const at = localToEpochMs(today, zone, now);
  if (at === undefined || at <= now + HOUR_MS) return at;
  const before = new Date(local.getTime() - DAY_MS);
  return localToEpochMs({ ...today, year: before.getUTCFullYear(), month: before.getUTCMonth() + 1, day: before.getUTCDate() }, zone, now);
}

/** The first timestamp of `text` (see the module note); undefined when there is none. */
export function findTimestampIn(text: string, fallbackZone: string | undefined, now: number): FoundTimestamp | undefined {
  const window = text.length > MAX_CHARS_TO_FIND_TIMESTAMP + SCAN_TAIL ? text.slice(0, MAX_CHARS_TO_FIND_TIMESTAMP + SCAN_TAIL) : text;
  const m = TIMESTAMP.exec(window);
  if (m === null || m.index >= MAX_CHARS_TO_FIND_TIMESTAMP) return undefined;
  return read(m, fallbackZone, now);
}

export function findTimestampFn(a: Args): CompiledCall {
  const field = a.string('field');
  const as = a.string('as');
  const tzAs = a.string('timezoneAs');
  const timezone = a.optString('timezone');
  const timezoneField = a.optString('timezoneField');
  const addErrors = a.boolean('addErrors');
  const context = a.tools.context;
  const fail = (event: ParserEvent, message: string): boolean => {
    if (addErrors) addError(event, `findTimestamp: ${message}`);
    return true;
  };
  return step((event) => {
    const text = event.fields.get(field);
    if (text === undefined) return fail(event, `field ${field} is missing`);
    const fromField = timezoneField === undefined ? undefined : event.fields.get(timezoneField);
    const fallbackZone = fromField !== undefined && zoneOffsetMs(fromField, 0) !== undefined ? fromField : timezone;
    const found = findTimestampIn(text, fallbackZone, context.now());
    if (found === undefined) return fail(event, `no timestamp in the first ${MAX_CHARS_TO_FIND_TIMESTAMP} characters of ${field}`);
    if (typeof found.result === 'string') return fail(event, `the timestamp ${JSON.stringify(found.text)} ${found.result}`);
    event.fields.set(as, String(found.result));
    event.fields.set(tzAs, found.zone);
    return true;
  });
}
