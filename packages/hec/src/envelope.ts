/**
 * The decoded form of one HEC envelope. The server's `IncomingEvent` is this type
 * (packages/server/src/events.ts), so the receiver hands decoder output to the pipeline without copying.
 */

/** A scalar HEC `fields` value or a flat array of scalars, as the protocol allows. */
export type HecFieldValue = string | number | boolean | Array<string | number | boolean>;

export interface HecEnvelope {
  /** The event string as sent, or the JSON text of a non-string `event` value. */
  raw: string;
  /** True when `event` was a JSON object or array, so `raw` is JSON text. */
  structured: boolean;
  /** `time` as Unix milliseconds; undefined → ingest time. */
  timeMs?: number;
  /** Sub-millisecond remainder of `time` in nanoseconds (0..999999), when `time` was sent. */
  timeNanos?: number;
  host?: string;
  source?: string;
  sourcetype?: string;
  /** Envelope `index` → request default → connector default. */
  index: string;
  /** Indexed fields; null values dropped. */
  fields?: Record<string, HecFieldValue>;
  /** Splunk metric envelope (§9). */
  metric?: boolean;
  /** LogScale `timezone` key, when sent as a string. */
  timezone?: string;
  /** The decoded `event` value when `structured`, so a parser need not parse `raw` again. */
  parsed?: unknown;
}
