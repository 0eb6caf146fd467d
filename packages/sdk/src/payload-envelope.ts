/**
 * Turns what a caller passes to `sendEvent` into one HEC envelope (JSON mode) or one raw line.
 *
 * Accepted shapes:
 * - a string: `{"event": <string>}`;
 * - an HEC envelope (has an `event` key): sent as is; `time` may be a `Date`, or a number in the unit
 *   given by an envelope key `timeunit` (removed before sending);
 * - anything else, or an `IngestPayload`: built exactly as FalconPy builds it —
 *   `{"event": {"host", "timestamp", "timeunit", ...custom}, "fields": {...}}` (fields only when non-empty) —
 *   plus, unlike FalconPy, a top-level `time` (seconds) from `timestamp` and a top-level `host`, so the
 *   event is indexed at its own time and host without a parser.
 * Missing `host`/`source`/`sourcetype`/`index` come from the sender's defaults.
 */
import { IngestPayload } from './ingest-payload.js';
import type { IngestPayloadInit } from './ingest-payload.js';
import { isTimeUnit, nowIn, toHecSeconds } from './time-unit.js';
import type { TimeUnit } from './time-unit.js';

export interface HecEnvelopeInput {
  event: unknown;
  time?: number | string | Date;
  timeunit?: TimeUnit;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  fields?: Record<string, unknown>;
  [key: string]: unknown;
}

export type EventInput = string | IngestPayload | HecEnvelopeInput | IngestPayloadInit;

export type Metadata = Readonly<Record<'sourcetype' | 'host' | 'index' | 'source', string | undefined>>;

export const METADATA_KEYS = ['host', 'source', 'sourcetype', 'index'] as const;

function isEnvelope(input: object): input is HecEnvelopeInput {
  return !(input instanceof IngestPayload) && Object.prototype.hasOwnProperty.call(input, 'event');
}

/** FalconPy's `IngestPayload.to_json(raw=False)` body, before our top-level additions. */
export function falconPyBody(payload: IngestPayload, unit: TimeUnit): { event: Record<string, unknown>; fields?: Record<string, unknown> } {
  const event: Record<string, unknown> = {
    host: payload.host ?? null,
    timestamp: payload.timestamp === undefined ? nowIn(unit) : Number(payload.timestamp),
    timeunit: unit,
    ...payload.custom,
  };
  return Object.keys(payload.fields).length > 0 ? { event, fields: payload.fields } : { event };
}

function asPayload(input: IngestPayload | IngestPayloadInit, defaultUnit: TimeUnit): { payload: IngestPayload; unit: TimeUnit } {
  const payload = input instanceof IngestPayload ? input : new IngestPayload(input);
  const unit = isTimeUnit(payload.timeunit) ? payload.timeunit : defaultUnit;
  return { payload, unit };
}

/** The envelope object for JSON mode. */
export function toEnvelope(input: EventInput, defaultUnit: TimeUnit, defaults: Metadata): Record<string, unknown> {
  let envelope: Record<string, unknown>;
  if (typeof input === 'string') {
    envelope = { event: input };
  } else if (isEnvelope(input)) {
    const { timeunit, time, ...rest } = input;
    envelope = rest;
    if (time instanceof Date) envelope.time = time.getTime() / 1000;
    else if (typeof time === 'number' && timeunit !== undefined) envelope.time = toHecSeconds(time, timeunit);
    else if (time !== undefined) envelope.time = time;
  } else {
    const { payload, unit } = asPayload(input, defaultUnit);
    const body = falconPyBody(payload, unit);
    envelope = { time: toHecSeconds(body.event.timestamp as number, unit), ...body };
    if (payload.host !== undefined) envelope.host = payload.host;
  }
  for (const key of METADATA_KEYS) {
    const value = defaults[key];
    if (value !== undefined && envelope[key] === undefined) envelope[key] = value;
  }
  return envelope;
}

/** The line for raw mode: a string as is, an envelope's event as text, a FalconPy payload as FalconPy's raw JSON. */
export function toRawLine(input: EventInput, defaultUnit: TimeUnit): string {
  if (typeof input === 'string') return input;
  if (isEnvelope(input)) return typeof input.event === 'string' ? input.event : JSON.stringify(input.event);
  const { payload, unit } = asPayload(input, defaultUnit);
  // FalconPy `to_json(raw=True)`: the wrapped event without fields.
  return JSON.stringify({ event: falconPyBody(payload, unit).event });
}
