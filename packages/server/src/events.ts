/**
 * The event model shared by the stages (see docs/architecture.md).
 *
 * receive → IncomingEvent (one per accepted HEC envelope or raw line)
 * parse   → StoredEvent   (metadata, tags and parser fields added)
 * store   → CommitRecord  (a request's accepted events, committed durably as one unit)
 */

/**
 * One accepted envelope (or one raw line), before the connector's parser runs: exactly what the
 * HEC decoder produces, so the receiver hands it on without copying.
 */
export type { HecEnvelope as IncomingEvent, HecFieldValue } from '@hecate/hec';

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
