import { describe, expect, test } from 'vitest';
import { compileParser } from '../compile-parser.js';
import type { CompiledParser } from '../compile-parser.js';

const NOW = Date.UTC(2027, 0, 2, 12); // 2027-01-02T12:00:00Z

function compile(script: string, now = NOW): Extract<CompiledParser, { ok: true }> {
  const compiled = compileParser(script, { now: () => now });
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
  return compiled;
}

function run(script: string, fields: Record<string, string>, now = NOW): Record<string, string> {
  const [out] = compile(script, now).run({ fields: new Map(Object.entries(fields)) });
  return Object.fromEntries(out?.fields ?? []);
}

const iso = (text: string): string => String(Date.parse(text));
const find = (raw: string, args = 'timezone="UTC"'): Record<string, string> => run(`findTimestamp(${args})`, { '@rawstring': raw });

describe('findTimestamp finds the first timestamp in any common format', () => {
  test.each([
    // ISO 8601 / RFC 3339
    ['2024-03-14T10:15:32Z GET /', '2024-03-14T10:15:32Z', 'Z'],
    ['2024-03-14T10:15:32.123456+01:00 x', '2024-03-14T09:15:32.123Z', '+01:00'],
    ['2024-03-14 10:15:32,123 INFO main', '2024-03-14T10:15:32.123Z', 'UTC'],
    ['ts=2024-03-14T10:15:32-0700 level=info', '2024-03-14T17:15:32Z', '-0700'],
    ['2024-03-14 10:15:32 Europe/Paris boot', '2024-03-14T09:15:32Z', 'Europe/Paris'],
    ['2024-03-14 10:15:32 CEST boot', '2024-03-14T08:15:32Z', 'CEST'],
    ['2024-03-14 10:15:32 UTC+05:30 boot', '2024-03-14T04:45:32Z', 'UTC+05:30'],
    // yyyy/MM/dd
    ['2024/03/14 10:15:32 [error] 12#0: open()', '2024-03-14T10:15:32Z', 'UTC'],
    // MM/dd/yyyy, 12-hour
    ['03/14/2024 10:15:32 x', '2024-03-14T10:15:32Z', 'UTC'],
    ['3/4/2024 9:05:07 PM x', '2024-03-04T21:05:07Z', 'UTC'],
    ['03-14-24 10:15:32 x', '2024-03-14T10:15:32Z', 'UTC'],
    // RFC 3164 syslog (year from the clock) and its variants
    ['<34>Mar 14 10:15:32 host sshd[42]: fail', '2026-03-14T10:15:32Z', 'UTC'],
    ['Mar  4 10:15:32 host cron', '2026-03-04T10:15:32Z', 'UTC'],
    ['Mar 14 10:15:32 2001:db8::1 sshd', '2026-03-14T10:15:32Z', 'UTC'],
    ['Mar 14 2024 10:15:32: %ASA-6-302013: Built', '2024-03-14T10:15:32Z', 'UTC'],
    ['March 14, 2024 10:15:32 AM started', '2024-03-14T10:15:32Z', 'UTC'],
    ['Thu Mar 14 10:15:32 2024 kernel', '2024-03-14T10:15:32Z', 'UTC'],
    ['Thu Mar 14 10:15:32 PST 2024', '2024-03-14T18:15:32Z', 'PST'],
    // dd/MMM/yyyy:HH:mm:ss Z (access logs), RFC 2822
    ['127.0.0.1 - - [14/Mar/2024:10:15:32 +0100] "GET / HTTP/1.1" 200', '2024-03-14T09:15:32Z', '+0100'],
    ['14-Mar-2024 10:15:32.250 INFO', '2024-03-14T10:15:32.250Z', 'UTC'],
    ['Date: Thu, 14 Mar 2024 10:15:32 GMT', '2024-03-14T10:15:32Z', 'GMT'],
    // epoch seconds, with a fraction after a dot or run on
    ['ts=1710411332 x', '2024-03-14T10:15:32Z', 'Z'],
    ['1710411332.123 x', '2024-03-14T10:15:32.123Z', 'Z'],
    ['t 1710411332123 x', '2024-03-14T10:15:32.123Z', 'Z'],
    ['t 1710411332123456789 x', '2024-03-14T10:15:32.123Z', 'Z'],
  ])('%s', (raw, expected, zone) => {
    const e = find(raw);
    expect(e['@error']).toBeUndefined();
    expect(e['@timestamp']).toBe(iso(expected));
    expect(e['@timezone']).toBe(zone);
  });

  test('a time alone takes today\'s date in its zone', () => {
    expect(find('uptime 10:15:32 load 0.5')['@timestamp']).toBe(iso('2027-01-02T10:15:32Z'));
  });

  test('a time alone more than an hour ahead of now is yesterday\'s', () => {
    expect(find('at 13:30:00 x')['@timestamp']).toBe(iso('2027-01-01T13:30:00Z'));
    expect(find('at 12:30:00 x')['@timestamp']).toBe(iso('2027-01-02T12:30:00Z'));
  });

  test('the leftmost timestamp wins', () => {
    expect(find('first Mar 14 10:15:32 then 2025-01-01T00:00:00Z')['@timestamp']).toBe(iso('2026-03-14T10:15:32Z'));
    expect(find('job 1 ended 2024-03-14 10:15:32 took 1710411332s')['@timestamp']).toBe(iso('2024-03-14T10:15:32Z'));
  });

  test('numbers that are not 10-digit epochs are not timestamps', () => {
    expect(find('id=17104113321 size=12345')['@error']).toBe('true');
    expect(find('v=1.1710411332 x')['@error']).toBe('true');
  });
});

describe('a year-less syslog date takes the current year unless it is more than a day ahead', () => {
  test.each([
    ['Dec 31 23:59:00 host x', '2026-12-31T23:59:00Z'],
    ['Jan  2 00:00:00 host x', '2027-01-02T00:00:00Z'],
    ['Jan  3 11:59:59 host x', '2027-01-03T11:59:59Z'],
    ['Jan  3 12:00:01 host x', '2026-01-03T12:00:01Z'],
  ])('now 2027-01-02T12:00Z: %s → %s', (raw, expected) => {
    expect(find(raw)['@timestamp']).toBe(iso(expected));
  });
});

describe('zones', () => {
  test('a timestamp without a zone is not parsed without timezone or timezoneField', () => {
    const e = run('findTimestamp()', { '@rawstring': '2024-03-14 10:15:32 x' });
    expect(e['@timestamp']).toBeUndefined();
    expect(e['@error']).toBe('true');
    expect(e['@error_msg']).toContain('no time zone');
  });

  test('a zone in the text wins over the parameters', () => {
    expect(find('2024-03-14T10:15:32+02:00', 'timezone="America/New_York"')['@timestamp']).toBe(iso('2024-03-14T08:15:32Z'));
  });

  test('timezone may be an IANA name (with its summer time) or an offset', () => {
    expect(find('2024-07-01 12:00:00 x', 'timezone="Europe/Paris"')['@timestamp']).toBe(iso('2024-07-01T10:00:00Z'));
    expect(find('2024-01-01 12:00:00 x', 'timezone="Europe/Paris"')['@timestamp']).toBe(iso('2024-01-01T11:00:00Z'));
    expect(find('2024-01-01 12:00:00 x', 'timezone="-03:00"')['@timestamp']).toBe(iso('2024-01-01T15:00:00Z'));
  });

  test('timezoneField is used before timezone when it holds a valid zone', () => {
    const script = 'findTimestamp(timezone="UTC", timezoneField=tz)';
    expect(run(script, { '@rawstring': '2024-07-01 12:00:00', tz: 'Asia/Tokyo' })).toMatchObject({ '@timestamp': iso('2024-07-01T03:00:00Z'), '@timezone': 'Asia/Tokyo' });
    expect(run(script, { '@rawstring': '2024-07-01 12:00:00', tz: 'nowhere' })).toMatchObject({ '@timestamp': iso('2024-07-01T12:00:00Z'), '@timezone': 'UTC' });
    expect(run(script, { '@rawstring': '2024-07-01 12:00:00' })['@timezone']).toBe('UTC');
  });

  test('an unknown timezone is an error, not UTC', () => {
    expect(find('2024-07-01 12:00:00', 'timezone="Mars/Olympus"')['@error_msg']).toContain('unknown time zone');
  });
});

describe('parameters and failures', () => {
  test('field, as and timezoneAs choose where to read and write', () => {
    const e = run('findTimestamp(field=msg, as=t, timezoneAs=z, timezone="UTC")', { '@rawstring': 'none', msg: 'at 2024-03-14 10:15:32' });
    expect(e).toMatchObject({ t: iso('2024-03-14T10:15:32Z'), z: 'UTC' });
    expect(e['@timestamp']).toBeUndefined();
  });

  test.each([['garbage without a time'], [''], ['2024-13-45 10:15:32 x'], ['2024-02-30T10:00:00Z']])('%j → @error, event kept', (raw) => {
    const e = find(raw);
    expect(e['@error']).toBe('true');
    expect(e['@error_msg']).toMatch(/^findTimestamp: /);
    expect(e['@timestamp']).toBeUndefined();
    expect(e['@rawstring']).toBe(raw);
  });

  test('addErrors=false keeps the event without @error', () => {
    const e = find('garbage', 'timezone="UTC", addErrors=false');
    expect(e).toEqual({ '@rawstring': 'garbage' });
  });

  test('a missing field is an error', () => {
    expect(run('findTimestamp(field=nothing, timezone="UTC")', { '@rawstring': 'x' })['@error']).toBe('true');
  });
});

describe('only the first 128 characters are searched', () => {
  test('a timestamp starting at 127 is found, one at 128 is not', () => {
    expect(find(`${'x'.repeat(127)} 2024-03-14T10:15:32Z`)['@error']).toBe('true');
    expect(find(`${'x'.repeat(126)} 2024-03-14T10:15:32.123456789+05:30`)['@timestamp']).toBe(iso('2024-03-14T04:45:32.123Z'));
  });

  test('64 KiB lines without a timestamp are rejected without scanning them', () => {
    const compiled = compile('findTimestamp(timezone="UTC")');
    const lines = ['12:34:5'.repeat(9363), `Mar 14 ${'1'.repeat(65_000)}`, `${'2024-03-14 '.repeat(6000)}`];
    const started = performance.now();
    for (let i = 0; i < 2000; i++) {
      for (const line of lines) compiled.run({ fields: new Map([['@rawstring', line]]) });
    }
    // 6000 events take a few ms; scanning whole lines takes seconds (and a quadratic scan, hours).
    expect(performance.now() - started).toBeLessThan(500);
    const [out] = compiled.run({ fields: new Map([['@rawstring', lines[0] ?? '']]) });
    expect(out?.fields.get('@error')).toBe('true');
  });
});
