/**
 * The event model shared by the stages (see docs/architecture.md).
 *
 * receive → IncomingEvent (one per accepted HEC envelope or raw line)
 * parse   → StoredEvent   (metadata, tags and parser fields added)
 * store   → CommitRecord  (a request's accepted events, committed durably as one unit)
 */

/** A scalar HEC `fields` value or a flat array of scalars, as the protocol allows. */
export type HecFieldValue = string | number | boolean | Array<string | number | boolean>;

/** One accepted envelope (or one raw line), before the connector's parser runs. */
export interface IncomingEvent {
  /** `@rawstring`: the event string as sent, or the JSON text of a non-string `event` value. */
  raw: string;
  /** True when `event` was a JSON object or array (structured), so `raw` is JSON text. */
  structured: boolean;
  /** HEC `time` converted to Unix milliseconds; undefined → ingest time. */
  timeMs?: number;
  /** Sub-millisecond remainder of `time` in nanoseconds (0..999999), when known. */
  timeNanos?: number;
  host?: string;
  source?: string;
  sourcetype?: string;
  /** Resolved index (envelope → query → connector default); becomes `#repo`. */
  index: string;
  /** HEC indexed fields; keys starting with `#` become tags. Null values are already dropped. */
  fields?: Record<string, HecFieldValue>;
  /** Set for Splunk metric envelopes (`"event":"metric"` or `metric_name:*` fields). */
  metric?: boolean;
  /** LogScale `timezone` envelope key, when sent. */
  timezone?: string;
  /** The decoded `event` value when `structured`, so a parser need not parse `raw` again (optional). */
  parsed?: unknown;
}

/** An event ready to store. Every field value is a string (numbers compare numerically at search time). */
export interface StoredEvent {
  /** `@id`: unique and sortable (ingest time first). */
  id: string;
  /** `@timestamp`, Unix ms. */
  timestamp: number;
  /** `@timestamp.nanos`, sub-millisecond remainder, 0 when unknown. */
  timestampNanos: number;
  /** `@ingesttimestamp`, Unix ms. */
  ingestTimestamp: number;
  /** `@rawstring`. */
  rawstring: string;
  /** `@host`, `@source`, HEC sourcetype: null when not sent. */
  host: string | null;
  source: string | null;
  sourcetype: string | null;
  /** `#connector`: the connector's name. */
  connector: string;
  /** `#repo`: the HEC index. */
  repo: string;
  /** `#type`: the parser that ran. */
  type: string;
  /** `@dataConnectionID`: the connector id. */
  connectionId: string;
  /** `@requestId`: the request's X-Request-Id, or one Hecate assigned. */
  requestId: string;
  /** Other tags, keys include the leading `#` (e.g. `#env`, `#error`). Empty object when none. */
  tags: Record<string, string>;
  /** All other fields, flat names (`source.ip`, `a.b[0]`, `@error_msg`), string values. Empty object when none. */
  fields: Record<string, string>;
}

/** The answer the receiver gave a request, kept so a retry with the same X-Request-Id gets it again. */
export interface RecordedResponse {
  status: number;
  /** The exact JSON body that was sent. */
  body: string;
}

/** One request's accepted events, committed durably as one unit. */
export interface CommitRecord {
  /** `${connectorId}\u0000${X-Request-Id}` when the client sent an X-Request-Id; used for deduplication. */
  requestKey?: string;
  /** The response the client will get once the record is durable (for deduplication after a restart). */
  response?: RecordedResponse;
  events: StoredEvent[];
}

/** A committed request remembered for deduplication (recovered from disk after a restart). */
export interface RecoveredRequest {
  requestKey: string;
  response: RecordedResponse;
  /** Unix ms when it was committed. */
  committedAt: number;
}
