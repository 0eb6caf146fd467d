/** `POST /api/v1/connectors/:id/preview`: what the connector would store for sample events; stores nothing. */
import type { ConnectorStore } from '../connectors/connector-store.js';
import { MAX_PREVIEW_EVENTS, previewEvents } from '../parse/preview-events.js';
import type { ParserLookup } from '../parse/parser.js';
import { ApiError } from './api-error.js';
import { readJson } from './http-json.js';
import type { Route } from './router.js';

export interface ConnectorPreviewDeps {
  connectors: ConnectorStore;
  parsers: ParserLookup;
  now?: () => number;
}

export function connectorPreviewRoutes(deps: ConnectorPreviewDeps): Route[] {
  const now = deps.now ?? Date.now;
  return [
    {
      method: 'POST',
      path: '/api/v1/connectors/:id/preview',
      permission: 'connectors:read',
      async handle({ req, params }) {
        const connector = deps.connectors.get(params.id as string);
        if (connector === undefined) throw new ApiError('NOT_FOUND', `no connector with id ${params.id as string}`);
        const body = await readJson(req);
        const events = (body as { events?: unknown }).events;
        if (!Array.isArray(events) || events.length === 0 || events.length > MAX_PREVIEW_EVENTS) {
          throw new ApiError('INVALID_FIELD', `events must be a list of 1–${MAX_PREVIEW_EVENTS} HEC envelopes ({"event": …}) or raw strings`, 'events');
        }
        const parser = deps.parsers.get(connector.parser) ?? deps.parsers.get('raw');
        if (parser === undefined) throw new ApiError('INTERNAL', 'no parser available');
        return { status: 200, body: { connector: { id: connector.id, name: connector.name }, ...previewEvents(events, connector, parser, now()) } };
      },
    },
  ];
}
