import type { IncomingMessage } from 'node:http';
import { parseConnectorCreate, parseConnectorPatch } from '../connectors/connector-input.js';
import { statusOf, type Connector, type ConnectorStore } from '../connectors/connector-store.js';
import { ApiError } from './api-error.js';
import { readJson } from './http-json.js';
import type { Route } from './router.js';

export interface ConnectorRouteDeps {
  connectors: ConnectorStore;
  parserNames(): readonly string[];
  /** Base URL shown in ingest URLs (the configured public URL, else what the client reached). */
  publicBaseUrl(req: IncomingMessage): string;
}

/** The API view of a connector. It never includes the API key or its hash. */
export function connectorView(c: Connector, baseUrl: string): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    parser: c.parser,
    status: statusOf(c),
    enabled: c.enabled,
    ingestUrl: `${baseUrl}/services/collector`,
    keyFingerprint: c.keyFingerprint,
    hec: c.hec,
    lastIngestedAt: c.lastEventAt === undefined ? null : new Date(c.lastEventAt).toISOString(),
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

export function connectorRoutes(deps: ConnectorRouteDeps): Route[] {
  const { connectors } = deps;
  const find = (id: string): Connector => {
    const c = connectors.get(id);
    if (!c) throw new ApiError('NOT_FOUND', `no connector with id ${id}`);
    return c;
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/connectors',
      permission: 'connectors:read',
      handle({ req }) {
        const base = deps.publicBaseUrl(req);
        return { status: 200, body: { connectors: connectors.list().map((c) => connectorView(c, base)) } };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/connectors',
      permission: 'connectors:write',
      async handle({ req }) {
        const input = parseConnectorCreate(await readJson(req), deps.parserNames());
        const { connector, apiKey } = connectors.create(input);
        return { status: 201, body: { ...connectorView(connector, deps.publicBaseUrl(req)), apiKey } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/connectors/:id',
      permission: 'connectors:read',
      handle({ req, params }) {
        return { status: 200, body: connectorView(find(params.id as string), deps.publicBaseUrl(req)) };
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/connectors/:id',
      permission: 'connectors:write',
      async handle({ req, params }) {
        find(params.id as string);
        const patch = parseConnectorPatch(await readJson(req), deps.parserNames());
        return { status: 200, body: connectorView(connectors.update(params.id as string, patch), deps.publicBaseUrl(req)) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/connectors/:id',
      permission: 'connectors:write',
      handle({ params }) {
        connectors.delete(params.id as string);
        return { status: 204, body: null };
      },
    },
  ];
}
