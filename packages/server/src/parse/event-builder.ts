/**
 * The parse stage: turns a request's accepted envelopes into stored events — the connector's parser,
 * the metadata of the event model (docs/architecture.md), HEC indexed fields and tags.
 * A parse failure keeps the event, marked with @error fields, and is counted. Only a script parser
 * drops events (dropEvent(), a filter), and those are counted too.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingEvent, StoredEvent } from '../events.js';
import type { HecConnector } from '../receive/types.js';
import type { ParseOutput, Parser } from './parser.js';

const PROCESS_TAG = randomBytes(3).toString('hex');
let counter = 0;
/** The id prefix of the latest ingest time: every event of a request shares it. */
let prefixMs = Number.NaN;
let prefix = '';

/** `@id`: ingest time (hex ms), a per-process tag, and a counter — unique and sortable by ingest time. */
export function nextId(ingestMs: number): string {
  counter = (counter + 1) >>> 0;
  if (ingestMs !== prefixMs) {
    prefixMs = ingestMs;
    prefix = ingestMs.toString(16).padStart(12, '0') + PROCESS_TAG;
  }
  return prefix + counter.toString(16).padStart(8, '0');
}

export interface BuildContext {
  connector: HecConnector;
  parser: Parser;
  requestId: string;
  ingestMs: number;
  /** Preview: also report where each event's @timestamp came from. */
  explain?: boolean;
}

/** Where a stored event's `@timestamp` came from. */
export type TimestampSource = 'parser' | 'hec' | 'ingest';

export interface BuildResult {
  events: StoredEvent[];
  parseErrors: number;
  /** Incoming events a script parser dropped (dropEvent(), a failed filter): counted, not stored. */
  droppedByParser: number;
  /** With `explain`: one entry per stored event. */
  timestampSources?: TimestampSource[];
  /** With `explain`: for each stored event, the index of the incoming event it came from. */
  inputIndexes?: number[];
}

/**
 * The stored event of `e`. `same` is a stored event built from the same HEC fields object with
 * nothing else in its tags and fields, when `e` adds nothing either: `e` then gets its tags and fields
 * objects, so they are built once and the log serialises them once (wal-frame.ts). The decoder shares
 * one fields object between envelopes with the same metadata, as batching shippers send them
 * (hecate-collector, the LogScale Collector). Stored events are not modified once built.
 */
function storedEvent(e: IncomingEvent, out: ParseOutput, ctx: BuildContext, addHecFields: boolean, same?: StoredEvent): StoredEvent {
  const tags: Record<string, string> = same?.tags ?? out.tags;
  const fields: Record<string, string> = same?.fields ?? out.fields;
  if (same === undefined && addHecFields && e.fields !== undefined) {
    for (const key in e.fields) {
      const v = e.fields[key];
      const text = Array.isArray(v) ? JSON.stringify(v) : String(v);
      if (key.startsWith('#')) tags[key] = text;
      else if (!(key in fields)) fields[key] = text;
    }
  }
  if (out.error !== undefined) {
    fields['@error'] = 'true';
    fields['@event_parsed'] = 'false';
    fields['@error_msg'] = out.error;
    tags['#error'] = 'true';
  }
  if (e.timezone !== undefined) fields['@timezone'] = e.timezone;
  if (e.metric) fields['@kind'] = 'metric';
  return {
    id: nextId(ctx.ingestMs),
    timestamp: out.timestamp ?? e.timeMs ?? ctx.ingestMs,
    timestampNanos: out.timestamp === undefined ? (e.timeNanos ?? 0) : 0,
    ingestTimestamp: ctx.ingestMs,
    rawstring: out.rawstring ?? e.raw,
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

function isEmpty(obj: Readonly<Record<string, string>>): boolean {
  for (const _ in obj) return false;
  return true;
}

const sourceOf = (e: IncomingEvent, out: ParseOutput): TimestampSource =>
  out.timestamp !== undefined ? 'parser' : e.timeMs !== undefined ? 'hec' : 'ingest';

export function buildEvents(incoming: readonly IncomingEvent[], ctx: BuildContext): BuildResult {
  const parseAll = ctx.parser.parseAll;
  const sources: TimestampSource[] | undefined = ctx.explain ? [] : undefined;
  const inputs: number[] | undefined = ctx.explain ? [] : undefined;
  let parseErrors = 0;
  if (parseAll === undefined) {
    // Native parsers (raw, json): exactly one stored event per incoming event.
    const events: StoredEvent[] = new Array(incoming.length);
    /** The last stored event whose tags and fields are its HEC fields alone, and those HEC fields. */
    let plain: StoredEvent | undefined;
    let plainFrom: IncomingEvent['fields'];
    for (let i = 0; i < incoming.length; i++) {
      const e = incoming[i] as IncomingEvent;
      const out = ctx.parser.parse(e);
      if (out.error !== undefined) parseErrors++;
      const onlyHecFields = out.error === undefined && e.timezone === undefined && !e.metric && isEmpty(out.fields) && isEmpty(out.tags);
      const same = onlyHecFields && plain !== undefined && e.fields !== undefined && e.fields === plainFrom ? plain : undefined;
      const event = storedEvent(e, out, ctx, true, same);
      events[i] = event;
      plain = onlyHecFields ? event : undefined;
      plainFrom = e.fields;
      sources?.push(sourceOf(e, out));
      inputs?.push(i);
    }
    return { events, parseErrors, droppedByParser: 0, ...(sources ? { timestampSources: sources, inputIndexes: inputs } : {}) };
  }
  const events: StoredEvent[] = [];
  let droppedByParser = 0;
  for (let i = 0; i < incoming.length; i++) {
    const e = incoming[i] as IncomingEvent;
    const outs = parseAll(e);
    if (outs.length === 0) droppedByParser++;
    for (const out of outs) {
      if (out.error !== undefined) parseErrors++;
      events.push(storedEvent(e, out, ctx, false));
      sources?.push(sourceOf(e, out));
      inputs?.push(i);
    }
  }
  return { events, parseErrors, droppedByParser, ...(sources ? { timestampSources: sources, inputIndexes: inputs } : {}) };
}
