/**
 * The parse stage: turns a request's accepted envelopes into stored events — the connector's parser,
 * the metadata of the event model (docs/architecture.md), HEC indexed fields and tags.
 * A parse failure keeps the event, marked with @error fields, and is counted; nothing is dropped.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingEvent, StoredEvent } from '../events.js';
import type { HecConnector } from '../receive/types.js';
import type { Parser } from './parser.js';

const PROCESS_TAG = randomBytes(3).toString('hex');
let counter = 0;

/** `@id`: ingest time (hex ms), a per-process tag, and a counter — unique and sortable by ingest time. */
export function nextId(ingestMs: number): string {
  counter = (counter + 1) >>> 0;
  return ingestMs.toString(16).padStart(12, '0') + PROCESS_TAG + counter.toString(16).padStart(8, '0');
}

export interface BuildContext {
  connector: HecConnector;
  parser: Parser;
  requestId: string;
  ingestMs: number;
}

export interface BuildResult {
  events: StoredEvent[];
  parseErrors: number;
}

export function buildEvents(incoming: readonly IncomingEvent[], ctx: BuildContext): BuildResult {
  const events: StoredEvent[] = new Array(incoming.length);
  let parseErrors = 0;
  for (let i = 0; i < incoming.length; i++) {
    const e = incoming[i] as IncomingEvent;
    const out = ctx.parser.parse(e);
    const tags: Record<string, string> = out.tags;
    const fields: Record<string, string> = out.fields;
    if (e.fields !== undefined) {
      for (const key in e.fields) {
        const v = e.fields[key];
        const text = Array.isArray(v) ? JSON.stringify(v) : String(v);
        if (key.startsWith('#')) tags[key] = text;
        else if (!(key in fields)) fields[key] = text;
      }
    }
    if (out.error !== undefined) {
      parseErrors++;
      fields['@error'] = 'true';
      fields['@event_parsed'] = 'false';
      fields['@error_msg'] = out.error;
      tags['#error'] = 'true';
    }
    if (e.timezone !== undefined) fields['@timezone'] = e.timezone;
    if (e.metric) fields['@kind'] = 'metric';
    events[i] = {
      id: nextId(ctx.ingestMs),
      timestamp: out.timestamp ?? e.timeMs ?? ctx.ingestMs,
      timestampNanos: out.timestamp === undefined ? (e.timeNanos ?? 0) : 0,
      ingestTimestamp: ctx.ingestMs,
      rawstring: e.raw,
      host: e.host ?? null,
      source: e.source ?? null,
      sourcetype: e.sourcetype ?? null,
      connector: ctx.connector.name,
      repo: e.index,
      type: ctx.parser.name,
      connectionId: ctx.connector.id,
      requestId: ctx.requestId,
      tags,
      fields,
    };
  }
  return { events, parseErrors };
}
