/** The management API's answers, as the console reads them (docs/connectors.md, docs/security.md, docs/audit.md). */

export type ConnectorStatus = 'Pending' | 'Active' | 'Idle' | 'Error' | 'Paused';

export interface Last24h {
  requests: number;
  rejectedRequests: number;
  events: number;
  bytes: number;
  parseErrors: number;
  /** Rejected requests by HEC code (404, 405, 413 and 415 by HTTP status). */
  hecErrorsByCode: Record<string, number>;
}

export interface HecSettings {
  useAck: boolean;
  allowQueryStringAuth: boolean;
  indexes: string[];
  defaultIndex: string;
  defaultSourcetype?: string;
}

export interface Connector {
  id: string;
  name: string;
  description: string;
  parser: string;
  status: ConnectorStatus;
  enabled: boolean;
  ingestUrl: string;
  keyFingerprint: string;
  keyLastUsedAt: string | null;
  previousKeyFingerprint?: string;
  previousKeyValidUntil?: string;
  previousKeyLastUsedAt?: string | null;
  hec: HecSettings;
  lastIngestedAt: string | null;
  health: { lastRequestAt: string | null; last24h: Last24h };
  createdAt: string;
  updatedAt: string;
}

/** `POST /connectors` answers the connector with its key: the only time the key is shown. */
export interface CreatedConnector extends Connector {
  apiKey: string;
}

export interface KeyRotation {
  apiKey: string;
  keyFingerprint: string;
  previousKeyFingerprint: string;
  previousKeyValidUntil?: string;
}

export interface ParserSummary {
  name: string;
  description: string;
  builtIn: boolean;
  version: string | number;
  tagFields: string[];
  testCases: number;
  updatedAt: string | null;
}

export type Role = 'admin' | 'connector_manager' | 'analyst' | 'read_only';

export type Permission =
  | 'self'
  | 'connectors:read'
  | 'connectors:write'
  | 'parsers:read'
  | 'parsers:write'
  | 'search'
  | 'users:manage'
  | 'audit:read';

export interface Me {
  id: string;
  username: string;
  role: Role;
  canSearch: boolean;
  permissions: Permission[];
  apiTokenId?: string;
}

export interface User {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  canSearch: boolean;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  fingerprint: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedApiToken extends ApiToken {
  token: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actorType: 'user' | 'api_token' | 'anonymous';
  apiTokenId?: string;
  action: string;
  method: string;
  route: string;
  targetId?: string;
  targetName?: string;
  clientIp?: string;
  status: number;
  errorCode?: string;
}

export interface HistogramBucket {
  start: number;
  end: number;
  count: number;
}

export interface Histogram {
  buckets: HistogramBucket[];
  span: string;
  spanMillis: number;
  meta: { eventCount: number; start: number; end: number };
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  expiresAt: string;
  current: boolean;
}
