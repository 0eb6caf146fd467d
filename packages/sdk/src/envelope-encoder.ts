/**
 * The hot path of JSON mode: one event in, its envelope's JSON text out, with the same envelope
 * `toEnvelope` builds but without its per-event copy where none is needed.
 *
 * - A string becomes `{"event":<string>` plus the defaults' JSON, built once per sender.
 * - An HEC envelope that needs no change (no `timeunit`, `time` not a Date, every default already
 *   set) is stringified as it is: no copy, so its keys keep the caller's order.
 * - Anything else goes through `toEnvelope`.
 * The three give the same JSON values (`payload-envelope.test.ts` checks them against each other).
 */
import { IngestPayload } from './ingest-payload.js';
import { METADATA_KEYS, toEnvelope } from './payload-envelope.js';
import type { EventInput, HecEnvelopeInput, Metadata } from './payload-envelope.js';
import type { TimeUnit } from './time-unit.js';

export type EnvelopeEncoder = (input: EventInput) => string;

export function envelopeEncoder(defaultUnit: TimeUnit, defaults: Metadata): EnvelopeEncoder {
  const defaulted = METADATA_KEYS.filter((key) => defaults[key] !== undefined);
  // toEnvelope adds the defaults after `event`, in METADATA_KEYS order: the same text.
  const suffix = `${defaulted.map((key) => `,"${key}":${JSON.stringify(defaults[key])}`).join('')}}`;
  const hasAllDefaults = (envelope: HecEnvelopeInput): boolean => {
    for (const key of defaulted) if (envelope[key] === undefined) return false;
    return true;
  };
  return (input) => {
    if (typeof input === 'string') return `{"event":${JSON.stringify(input)}${suffix}`;
    if (!(input instanceof IngestPayload) && Object.prototype.hasOwnProperty.call(input, 'event')) {
      const envelope = input as HecEnvelopeInput;
      if (envelope.timeunit === undefined && !(envelope.time instanceof Date) && hasAllDefaults(envelope)) return JSON.stringify(envelope);
    }
    return JSON.stringify(toEnvelope(input, defaultUnit, defaults));
  };
}
