/**
 * Connector preview: sample events through the connector's parser exactly as ingest would build
 * them, without storing anything. Sample events are HEC envelopes (decoded by the HEC decoder, so
 * `time`, `fields`, `index` behave as on the wire) or raw strings (one event each, like /raw lines).
 */
import { decodeEventBody } from '@hecate/hec';
import type { IncomingEvent } from '../events.js';
import type { HecConnector } from '../receive/types.js';
import { buildEvents, type TimestampSource } from './event-builder.js';
import type { Parser } from './parser.js';

export const MAX_PREVIEW_EVENTS = 1000;
const MAX_EVENT_BYTES = 1024 * 1024;

export interface PreviewEvent {
  /** Index of the sample it came from (a parser may emit several events per sample, or none). */
  input: number;
  '@timestamp': number;
  timestampSource: TimestampSource;
  '@rawstring': string;
  '#repo': string;
  '#type': string;
  '@host': string | null;
  '@source': string | null;
  '@sourcetype': string | null;
  tags: Record<string, string>;
  fields: Record<string, string>;
  parseError: string | null;
}

export interface PreviewResult {
  parser: string;
  events: PreviewEvent[];
  parseErrors: number;
  droppedByParser: number;
  /** Samples the HEC decoder refused, with the HEC code (they would be refused on the wire too). */
  rejected: Array<{ input: number; code: number }>;
}

export function previewEvents(samples: readonly unknown[], connector: HecConnector, parser: Parser, now: number): PreviewResult {
  const incoming: IncomingEvent[] = [];
  const inputOf: number[] = [];
  const rejected: PreviewResult['rejected'] = [];
  const defaults = { index: connector.hec.defaultIndex, ...(connector.hec.defaultSourcetype !== undefined ? { sourcetype: connector.hec.defaultSourcetype } : {}) };
  samples.forEach((sample, i) => {
    if (typeof sample === 'string') {
      incoming.push({ raw: sample, structured: false, ...defaults });
      inputOf.push(i);
      return;
    }
    const decoded = decodeEventBody(JSON.stringify(sample), {
      defaults,
      ...(connector.hec.indexes.length > 0 ? { allowedIndexes: new Set(connector.hec.indexes) } : {}),
      maxEventSize: MAX_EVENT_BYTES,
    });
    if (decoded.error !== undefined) rejected.push({ input: i, code: decoded.error.code });
    for (const e of decoded.events) {
      incoming.push(e);
      inputOf.push(i);
    }
  });
  const built = buildEvents(incoming, { connector, parser, requestId: 'preview', ingestMs: now, explain: true });
  const sources = built.timestampSources ?? [];
  const from = built.inputIndexes ?? [];
  return {
    parser: parser.name,
    parseErrors: built.parseErrors,
    droppedByParser: built.droppedByParser,
    rejected,
    events: built.events.map((e, k) => ({
      input: inputOf[from[k] as number] as number,
      '@timestamp': e.timestamp,
      timestampSource: sources[k] as TimestampSource,
      '@rawstring': e.rawstring,
      '#repo': e.repo,
      '#type': e.type,
      '@host': e.host,
      '@source': e.source,
      '@sourcetype': e.sourcetype,
      tags: e.tags,
      fields: e.fields,
      parseError: e.fields['@error'] === 'true' ? (e.fields['@error_msg'] ?? null) : null,
    })),
  };
}
