/**
 * The local time zone's IANA name for `@collect.timezone`, read where the C library reads it: the
 * `TZ` variable when it names a zone, else the zone file `/etc/localtime` links to
 * (`/usr/share/zoneinfo/Europe/Berlin` → `Europe/Berlin`). Why not `Intl.DateTimeFormat()`: the first
 * DateTimeFormat maps about 8 MiB of ICU's locale data into the collector for good, 5 % of its memory
 * budget, for one string. Intl answers only where neither tells (no link, a `TZ` that is a path).
 * The names can differ from Intl's canonical ones (`Etc/UTC` where Intl says `UTC`); both are IANA names.
 */
import { readlinkSync } from 'node:fs';

let cached: string | undefined;

export function localTimeZone(): string {
  cached ??= fromEnvironment(process.env['TZ']) ?? fromLink('/etc/localtime') ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return cached;
}

/** A `TZ` value that is a zone name (`Europe/Berlin`, `UTC`); not a path (`:/etc/localtime`) or a POSIX rule (`CET-1CEST`). */
export function fromEnvironment(tz: string | undefined): string | undefined {
  return tz !== undefined && /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz) && !/\d/.test(tz.split('/')[0] ?? '') ? tz : undefined;
}

/** The zone name of a link into a zoneinfo directory, or undefined. */
export function fromLink(path: string): string | undefined {
  try {
    return /\/zoneinfo\/(.+)$/.exec(readlinkSync(path))?.[1];
  } catch {
    return undefined;
  }
}
