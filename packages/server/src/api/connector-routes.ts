import type { IncomingMessage } from 'node:http';
import { parseConnectorCreate, parseConnectorPatch } from '../connectors/connector-input.js';
import type { ConnectorMonitor } from '../connectors/connector-monitor.js';
import { statusOf } from '../connectors/connector-status.js';
import type { Connector, ConnectorStore } from '../connectors/connector-store.js';
import { parseKeyRotation } from '../connectors/key-rotation-input.js';
import { ApiError } from './api-error.js';
import { readJson } from './http-json.js';
import type { Route } from './router.js';

export interface ConnectorRouteDeps {
  connectors: ConnectorStore;
  monitor: ConnectorMonitor;
  parserNames(): readonly string[];
  /** Base URL shown in ingest URLs (the configured public URL, else what the client reached). */
  publicBaseUrl(req: IncomingMessage): string;
  /** Clock (tests inject one); default Date.now. */
  now?: () => number;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** Status and 24-hour health of a connector: memory only, cheap enough for every list item. */
function healthOf(c: Connector, monitor: ConnectorMonitor, now: number): Record<string, unknown> {
  const { lastRequestAt, ...last24h } = monitor.summary(c.id);
  return {
    status: statusOf(c, now, monitor.failing(c.id)),
    lastIngestedAt: iso(c.lastEventAt),
    lastRequestAt: iso(lastRequestAt),
    last24h,
  };
}

/** The connector's keys: fingerprints and last use only, never key material. */
function keysOf(c: Connector, now: number): Record<string, unknown> {
  const previous = c.previousKey !== undefined && c.previousKey.validUntil > now ? c.previousKey : undefined;
  return {
    keyFingerprint: c.keyFingerprint,
    keyLastUsedAt: iso(c.keyLastUsedAt),
    ...(previous !== undefined
      ? { previousKeyFingerprint: previous.fingerprint, previousKeyValidUntil: iso(previous.validUntil), previousKeyLastUsedAt: iso(previous.lastUsedAt) }
      : {}),
  };
}

/** The API view of a connector. It never includes the API key or its hash. */
export function connectorView(c: Connector, baseUrl: string, monitor: ConnectorMonitor, now: number): Record<string, unknown> {
  const health = healthOf(c, monitor, now);
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    parser: c.parser,
    status: health.status,
    enabled: c.enabled,
    ingestUrl: `${baseUrl}/services/collector`,
    ...keysOf(c, now),
    hec: c.hec,
    lastIngestedAt: health.lastIngestedAt,
    health: { lastRequestAt: health.lastRequestAt, last24h: health.last24h },
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

export function connectorRoutes(deps: ConnectorRouteDeps): Route[] {
  const { connectors, monitor } = deps;
  const now = deps.now ?? Date.now;
  const find = (id: string): Connector => {
    const c = connectors.get(id);
    if (!c) throw new ApiError('NOT_FOUND', `no connector with id ${id}`);
    return c;
  };
  const view = (c: Connector, req: IncomingMessage) => connectorView(c, deps.publicBaseUrl(req), monitor, now());
  return [
    {
      method: 'GET',
      path: '/api/v1/connectors',
      permission: 'connectors:read',
      handle({ req }) {
        return { status: 200, body: { connectors: connectors.list().map((c) => view(c, req)) } };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/connectors',
      permission: 'connectors:write',
      async handle({ req }) {
        const input = parseConnectorCreate(await readJson(req), deps.parserNames());
        const { connector, apiKey } = connectors.create(input);
        return { status: 201, body: { ...view(connector, req), apiKey } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/connectors/:id',
      permission: 'connectors:read',
      handle({ req, params }) {
        return { status: 200, body: view(find(params.id as string), req) };
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/connectors/:id',
      permission: 'connectors:write',
      async handle({ req, params }) {
        find(params.id as string);
        const patch = parseConnectorPatch(await readJson(req), deps.parserNames());
        return { status: 200, body: view(connectors.update(params.id as string, patch), req) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/connectors/:id',
      permission: 'connectors:write',
      handle({ params }) {
        connectors.delete(params.id as string);
        monitor.forget(params.id as string);
        return { status: 204, body: null };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/connectors/:id/api-key',
      permission: 'connectors:write',
      async handle({ req, params }) {
        find(params.id as string);
        const graceMs = parseKeyRotation(await readJson(req));
        const rotated = connectors.regenerateKey(params.id as string, graceMs);
        return {
          status: 200,
          body: {
            apiKey: rotated.apiKey,
            keyFingerprint: rotated.connector.keyFingerprint,
            previousKeyFingerprint: rotated.previousKeyFingerprint,
            ...(rotated.previousKeyValidUntil !== undefined ? { previousKeyValidUntil: iso(rotated.previousKeyValidUntil) } : {}),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/connectors/:id/status',
      permission: 'connectors:read',
      handle({ params }) {
        const c = find(params.id as string);
        const at = now();
        return { status: 200, body: { id: c.id, name: c.name, enabled: c.enabled, ...healthOf(c, monitor, at), keys: keysOf(c, at) } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/connectors/:id/senders',
      permission: 'connectors:read',
      handle({ params, query }) {
        const c = find(params.id as string);
        const silent = query.get('silent');
        if (silent !== null && silent !== 'true' && silent !== 'false') {
          throw new ApiError('INVALID_FIELD', 'silent must be true or false', 'silent');
        }
        return { status: 200, body: { id: c.id, name: c.name, ...monitor.senders(c.id, silent === 'true') } };
      },
    },
  ];
}
