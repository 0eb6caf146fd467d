/**
 * The `@collect.*` metadata every event carries (the LogScale Collector's names), built once per
 * source and copied per event, so the hot path does one object spread.
 */
import os from 'node:os';
import { localTimeZone } from './local-time-zone.js';

export function collectFields(sourceName: string, sourceType: string): Readonly<Record<string, string>> {
  return Object.freeze({
    '@collect.host': os.hostname(),
    '@collect.source_name': sourceName,
    '@collect.source_type': sourceType,
    '@collect.timezone': localTimeZone(),
  });
}

/** The per-event part: collection time as ISO 8601 and whatever the source adds (file, remote). */
export function eventFields(base: Readonly<Record<string, string>>, time: number, extra: Record<string, string>): Record<string, string> {
  return { ...base, '@collect.timestamp': new Date(time).toISOString(), ...extra };
}
