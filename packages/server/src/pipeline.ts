/**
 * The parse → store hand-off for one HEC request: run the connector's parser over the accepted
 * envelopes, commit the stored events durably, note the connector's activity.
 * The receiver calls this and answers the client only when it resolves.
 */
import type { ConnectorStore } from './connectors/connector-store.js';
import type { IncomingEvent, StoredEvent } from './events.js';
import { buildEvents } from './parse/event-builder.js';
import type { Parser, ParserLookup } from './parse/parser.js';
import type { HecConnector, IngestContext } from './receive/types.js';
import type { EventStore } from './store/types.js';

export interface PipelineCounters {
  eventsStored: number;
  parseErrors: number;
  /** Events a script parser dropped (reason `dropped_by_parser`). */
  droppedByParser: number;
}

export interface IngestHooks {
  /** After a request's events are durable: per-connector status (parse errors) and the per-sender view. */
  onStored?(connector: HecConnector, events: readonly StoredEvent[], parseErrors: number): void;
  /** Events of a request that the connector's parser dropped (dropEvent(), a filter): never stored. */
  onDropped?(connector: HecConnector, reason: 'dropped_by_parser', count: number): void;
}

export function createIngest(store: EventStore, connectors: ConnectorStore, parsers: ParserLookup, hooks: IngestHooks = {}) {
  const counters: PipelineCounters = { eventsStored: 0, parseErrors: 0, droppedByParser: 0 };
  const fallback = parsers.get('raw') as Parser;
  async function ingest(connector: HecConnector, incoming: IncomingEvent[], ctx: IngestContext): Promise<void> {
    const ingestMs = Date.now();
    // A connector whose parser was removed still stores its events (as raw), never drops them.
    const parser = parsers.get(connector.parser) ?? fallback;
    const { events, parseErrors, droppedByParser } = buildEvents(incoming, { connector, parser, requestId: ctx.requestId, ingestMs });
    await store.commit({
      ...(ctx.requestKey !== undefined ? { requestKey: ctx.requestKey } : {}),
      response: ctx.response,
      events,
    });
    counters.eventsStored += events.length;
    counters.parseErrors += parseErrors;
    if (events.length > 0) connectors.noteEvents(connector.id, ingestMs);
    hooks.onStored?.(connector, events, parseErrors);
    if (droppedByParser > 0) {
      counters.droppedByParser += droppedByParser;
      hooks.onDropped?.(connector, 'dropped_by_parser', droppedByParser);
    }
  }
  return { ingest, counters };
}
