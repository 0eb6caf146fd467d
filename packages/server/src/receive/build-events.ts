/**
 * Turns a decoded request body into the events of one request: the JSON event endpoint through the
 * @hecate/hec decoder (§4), the raw endpoint line by line (§5). Request-level defaults are resolved
 * once here, never per event.
 */
import { decodeEventBody, HecCode, splitRawLines, utf8Text, type DecodeError } from '@hecate/hec';
import type { HecFieldValue, IncomingEvent } from '../events.js';
import type { HecQuery } from './request-query.js';
import type { HecConnector } from './types.js';

export interface BuiltEvents {
  events: IncomingEvent[];
  error?: DecodeError;
}

export interface RequestMeta {
  connector: HecConnector;
  query: HecQuery;
  /** Host when neither the envelope nor the query names one (forwarded-for or client address). */
  clientHost: string | undefined;
  maxEventSize: number;
  /** LogScale aliases store the free-form channel as field `channel` on raw events. */
  rawChannelField?: string;
}

// Connector objects are replaced when edited, so a WeakMap keyed by the object never goes stale.
const allowedByConnector = new WeakMap<HecConnector, ReadonlySet<string> | undefined>();

/** The indexes a request may name; undefined → any. The connector's default index is always allowed. */
export function allowedIndexes(connector: HecConnector): ReadonlySet<string> | undefined {
  if (allowedByConnector.has(connector)) return allowedByConnector.get(connector);
  const { indexes, defaultIndex } = connector.hec;
  const allowed = indexes.length === 0 ? undefined : new Set([...indexes, defaultIndex]);
  allowedByConnector.set(connector, allowed);
  return allowed;
}

export function buildJsonEvents(body: Buffer, meta: RequestMeta): BuiltEvents {
  const { connector, query } = meta;
  const result = decodeEventBody(utf8Text(body), {
    defaults: {
      index: query.index ?? connector.hec.defaultIndex,
      host: query.host ?? meta.clientHost,
      source: query.source,
      sourcetype: query.sourcetype ?? connector.hec.defaultSourcetype,
    },
    allowedIndexes: allowedIndexes(connector),
    maxEventSize: meta.maxEventSize,
  });
  return result.error === undefined ? { events: result.events } : { events: result.events, error: result.error };
}

const nonNegativeInteger = /^\d+$/;

export function buildRawEvents(body: Buffer, meta: RequestMeta): BuiltEvents {
  const { connector, query } = meta;
  let timeMs: number | undefined;
  if (query.time !== undefined) {
    if (!nonNegativeInteger.test(query.time)) return { events: [], error: { code: HecCode.InvalidDataFormat } };
    timeMs = Number(query.time) * 1000;
  }
  const lines = splitRawLines(utf8Text(body));
  if (lines.length === 0) return { events: [], error: { code: HecCode.NoData } };
  const index = query.index ?? connector.hec.defaultIndex;
  const allowed = allowedIndexes(connector);
  // splunkd's +1 quirk for code 7 applies to raw too: the first (only) position reads 1.
  if (allowed !== undefined && !allowed.has(index)) {
    return { events: [], error: { code: HecCode.IncorrectIndex, invalidEventNumber: 1 } };
  }
  const host = query.host ?? meta.clientHost;
  const sourcetype = query.sourcetype ?? connector.hec.defaultSourcetype;
  const channel = meta.rawChannelField;
  const events: IncomingEvent[] = new Array<IncomingEvent>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const fields: Record<string, HecFieldValue> | undefined = channel === undefined ? undefined : { channel };
    events[i] = {
      raw: lines[i] as string,
      structured: false,
      timeMs,
      timeNanos: timeMs === undefined ? undefined : 0,
      host,
      source: query.source,
      sourcetype,
      index,
      fields,
      metric: undefined,
      timezone: undefined,
    };
  }
  return { events };
}
