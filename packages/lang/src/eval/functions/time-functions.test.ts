import { describe, expect, test } from 'vitest';
import { compileParser } from '../compile-parser.js';
import { compileJavaPattern, zoneOffsetMs } from './time-functions.js';

/** Runs a script on one event with a fixed clock; returns the output's fields. */
function run(script: string, fields: Record<string, string>, now = Date.UTC(2027, 0, 2, 12)): Record<string, string> {
  const compiled = compileParser(script, { now: () => now });
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
  const [out] = compiled.run({ fields: new Map(Object.entries(fields)) });
  return Object.fromEntries(out?.fields ?? []);
}

const iso = (text: string): string => String(Date.parse(text));
const parsed = (format: string, t: string, extra = ''): Record<string, string> => run(`parseTimestamp(${JSON.stringify(format)}, field=t${extra})`, { t });

describe('parseTimestamp reads Java DateTimeFormatter patterns', () => {
  test.each([
    ['yyyy-MM-dd HH:mm:ss', '2024-03-14 10:15:32', '2024-03-14T10:15:32Z'],
    ['uuuu-MM-dd HH:mm:ss', '2024-03-14 10:15:32', '2024-03-14T10:15:32Z'],
    ['dd.MM.yy HH:mm', '14.03.24 10:15', '2024-03-14T10:15:00Z'],
    ['d/M/yyyy H:m:s', '4/3/2024 9:5:7', '2024-03-04T09:05:07Z'],
    ['MMM dd yyyy HH:mm:ss', 'Mar 14 2024 10:15:32', '2024-03-14T10:15:32Z'],
    ['dd MMMM yyyy HH:mm:ss', '14 September 2024 10:15:32', '2024-09-14T10:15:32Z'],
    ['EEE MMM dd HH:mm:ss yyyy', 'Thu Mar 14 10:15:32 2024', '2024-03-14T10:15:32Z'],
    ['EEEE, dd MMMM yyyy HH:mm:ss', 'Thursday, 14 March 2024 10:15:32', '2024-03-14T10:15:32Z'],
    ['yyyy-MM-dd hh:mm:ss a', '2024-03-14 12:15:32 AM', '2024-03-14T00:15:32Z'],
    ['yyyy-MM-dd h:mm a', '2024-03-14 3:05 PM', '2024-03-14T15:05:00Z'],
    ['yyyy-MM-dd kk:mm', '2024-03-14 24:30', '2024-03-14T00:30:00Z'],
    ['yyyy-MM-dd HH:mm:ss.SSS', '2024-03-14 10:15:32.007', '2024-03-14T10:15:32.007Z'],
    ['yyyy-MM-dd HH:mm:ss.SSSSSSSSS', '2024-03-14 10:15:32.123456789', '2024-03-14T10:15:32.123Z'],
  ])('%s on %s', (format, t, expected) => {
    expect(parsed(format, t, ', timezone="UTC"')['@timestamp']).toBe(iso(expected));
  });

  test.each([
    ["yyyy-MM-dd'T'HH:mm:ss'Z'", '2024-03-14T10:15:32Z', '2024-03-14T10:15:32Z'],
    ["yyyy-MM-dd h 'o''clock' a", "2024-03-14 3 o'clock PM", '2024-03-14T15:00:00Z'],
    ["yyyy-MM-dd HH''mm", "2024-03-14 10'15", '2024-03-14T10:15:00Z'],
    ["'['yyyy-MM-dd']' HH:mm", '[2024-03-14] 10:15', '2024-03-14T10:15:00Z'],
  ])('quoted literals: %s on %s', (format, t, expected) => {
    expect(parsed(format, t)['@timestamp']).toBe(iso(expected));
  });

  test.each([
    ['XXX', '+01:00', '2024-03-14T09:15:32Z'],
    ['XXX', 'Z', '2024-03-14T10:15:32Z'],
    [' XX', ' +0100', '2024-03-14T09:15:32Z'],
    ['X', '-05', '2024-03-14T15:15:32Z'],
    [' Z', ' -0700', '2024-03-14T17:15:32Z'],
    [' ZZ', ' +0530', '2024-03-14T04:45:32Z'],
    [' ZZZZ', ' GMT+01:00', '2024-03-14T09:15:32Z'],
    ['xxx', '+05:30', '2024-03-14T04:45:32Z'],
    [' VV', ' Europe/Paris', '2024-03-14T09:15:32Z'],
    [' VV', ' America/Argentina/Buenos_Aires', '2024-03-14T13:15:32Z'],
    [' z', ' PST', '2024-03-14T18:15:32Z'],
    [' z', ' CEST', '2024-03-14T08:15:32Z'],
    [' z', ' UTC', '2024-03-14T10:15:32Z'],
  ])('zone letters %j read %j', (letters, zone, expected) => {
    const e = parsed(`yyyy-MM-dd HH:mm:ss${letters}`, `2024-03-14 10:15:32${zone}`);
    expect(e['@timestamp']).toBe(iso(expected));
    expect(e['@timezone']).toBe(zone.trim());
  });

  test('stores the zone it used in timezoneAs', () => {
    expect(parsed('yyyy-MM-dd HH:mm:ss VV', '2024-07-01 12:00:00 Europe/Paris', ', timezoneAs=tz').tz).toBe('Europe/Paris');
    expect(parsed('yyyy-MM-dd HH:mm:ss', '2024-07-01 12:00:00', ', timezone="UTC+12:30"')['@timestamp']).toBe(iso('2024-06-30T23:30:00Z'));
  });

  test('an IANA zone applies the offset of the date (summer and winter time)', () => {
    expect(parsed('yyyy-MM-dd HH:mm', '2024-07-01 12:00', ', timezone="Europe/Paris"')['@timestamp']).toBe(iso('2024-07-01T10:00:00Z'));
    expect(parsed('yyyy-MM-dd HH:mm', '2024-01-01 12:00', ', timezone="Europe/Paris"')['@timestamp']).toBe(iso('2024-01-01T11:00:00Z'));
  });

  test('caseSensitive decides whether month and day names must match in case', () => {
    expect(parsed('MMM dd yyyy', 'mar 14 2024')['@error']).toBe('true');
    expect(parsed('MMM dd yyyy', 'mar 14 2024', ', caseSensitive=false')['@timestamp']).toBe(iso('2024-03-14T00:00:00Z'));
  });

  test.each([
    ['2024-02-30 10:00:00'],
    ['2024-13-01 10:00:00'],
    ['2024-03-14 25:00:00'],
    ['not a time'],
  ])('refuses %s with @error', (t) => {
    const e = parsed('yyyy-MM-dd HH:mm:ss', t);
    expect(e['@error']).toBe('true');
    expect(e['@timestamp']).toBeUndefined();
  });
});

describe('optional sections [ ] use their fields when present', () => {
  test.each([
    ['MMM dd HH:mm:ss[ yyyy]', 'Mar 14 10:15:32 2024', '2024-03-14T10:15:32Z'],
    ['MMM dd HH:mm:ss[ yyyy]', 'Mar 14 10:15:32', '2026-03-14T10:15:32Z'],
    ["yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]", '2024-03-14T10:15:32', '2024-03-14T10:15:32Z'],
    ["yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]", '2024-03-14T10:15:32.5+01:00', '2024-03-14T09:15:32.500Z'],
    ['yyyy-MM-dd HH:mm[:ss[.SSSSSS]]', '2024-03-14 10:15', '2024-03-14T10:15:00Z'],
    ['yyyy-MM-dd HH:mm[:ss[.SSSSSS]]', '2024-03-14 10:15:32', '2024-03-14T10:15:32Z'],
    ['yyyy-MM-dd HH:mm[:ss[.SSSSSS]]', '2024-03-14 10:15:32.123456', '2024-03-14T10:15:32.123Z'],
    ['yyyy-MM-dd HH:mm[:ss[.SSS', '2024-03-14 10:15:32.250', '2024-03-14T10:15:32.250Z'],
    ["yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS]XXXXX", '2024-03-14T10:15:32.123456789Z', '2024-03-14T10:15:32.123Z'],
    ["yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS]XXXXX", '2024-03-14T10:15:32+05:30', '2024-03-14T04:45:32Z'],
  ])('%s on %s', (format, t, expected) => {
    expect(parsed(format, t)['@timestamp']).toBe(iso(expected));
  });

  test('the default format is LogScale\'s RFC 3339 pattern', () => {
    expect(run('parseTimestamp(field=t)', { t: '2024-03-14T10:15:32.250+02:00' })['@timestamp']).toBe(iso('2024-03-14T08:15:32.250Z'));
  });
});

describe('a date without a year takes the current year, or the year before if that is more than a day ahead', () => {
  const NEW_YEAR = Date.UTC(2027, 0, 2, 0, 0);
  test.each([
    ['Dec 31 23:59:00', 'UTC', '2026-12-31T23:59:00Z'],
    ['Jan 02 00:30:00', 'UTC', '2027-01-02T00:30:00Z'],
    ['Jan 02 23:59:59', 'UTC', '2027-01-02T23:59:59Z'],
    ['Jan 03 00:00:01', 'UTC', '2026-01-03T00:00:01Z'],
    ['Jun 15 08:00:00', 'UTC', '2026-06-15T08:00:00Z'],
  ])('now 2027-01-02T00:00Z: %s → %s', (t, timezone, expected) => {
    const e = run(`parseTimestamp("MMM dd HH:mm:ss", field=t, timezone=${JSON.stringify(timezone)})`, { t }, NEW_YEAR);
    expect(e['@timestamp']).toBe(iso(expected));
  });

  test('the current year is the one in the event zone', () => {
    // 23:00 UTC on 31 December is already 01:00 on 1 January at +02:00.
    const e = run('parseTimestamp("MMM dd HH:mm:ss", field=t, timezone="+02:00")', { t: 'Jan 01 00:30:00' }, Date.UTC(2026, 11, 31, 23));
    expect(e['@timestamp']).toBe(iso('2027-01-01T00:30:00+02:00'));
  });

  test('without an injected clock, the year is this year or the last one, never 1970', () => {
    const compiled = compileParser('parseTimestamp("MMM dd HH:mm:ss", field=t, timezone="UTC")');
    if (!compiled.ok) throw new Error('compile failed');
    const [out] = compiled.run({ fields: new Map([['t', 'Jan 01 00:00:00']]) });
    const year = new Date(Number(out?.fields.get('@timestamp'))).getUTCFullYear();
    expect([new Date().getUTCFullYear(), new Date().getUTCFullYear() - 1]).toContain(year);
  });
});

describe('compileJavaPattern refuses what Java refuses', () => {
  test.each([
    ["yyyy-MM-dd'T", 'unclosed quote'],
    ['yyyy-MM-dd]', '] without ['],
    ['yyyy-ww', "letter 'w'"],
    ['MMMMM', 'narrow month'],
  ])('%s: %s', (pattern, message) => {
    expect(() => compileJavaPattern(pattern, true)).toThrow(message);
  });

  test('keeps regex characters of literals literal', () => {
    const { regex } = compileJavaPattern('yyyy.MM.dd (HH)', true);
    expect(regex.test('2024.03.14 (10)')).toBe(true);
    expect(regex.test('2024x03x14 (10)')).toBe(false);
  });
});

describe('zoneOffsetMs', () => {
  const at = Date.UTC(2024, 6, 1);
  test.each([
    ['Z', 0], ['utc', 0], ['+02:00', 7_200_000], ['-0530', -19_800_000], ['+01', 3_600_000], ['UTC+12:30', 45_000_000],
    ['GMT-8', -28_800_000], ['EST', -18_000_000], ['CEST', 7_200_000], ['Europe/Paris', 7_200_000], ['Mars/Olympus', undefined],
  ])('%s → %s', (zone, expected) => {
    expect(zoneOffsetMs(zone, at)).toBe(expected);
  });
});
