/**
 * Connectors: CRUD in the metadata database, plus an in-memory index from API-key hash to connector
 * so the HEC hot path never touches SQLite. The API key itself is returned once, at creation, and
 * only its SHA-256 is stored.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api/api-error.js';
import { fingerprintOf, hashSecret, newSecret, sameHash } from '../auth/secret-token.js';
import type { MetadataDb } from '../metadata/metadata-db.js';
import type { HecConnector } from '../receive/types.js';
import { checkHecSettings, type ConnectorCreate, type ConnectorPatch, type HecSettings } from './connector-input.js';

export interface Connector extends HecConnector {
  description: string;
  keyFingerprint: string;
  hec: HecSettings;
  createdAt: number;
  updatedAt: number;
  /** Unix ms of the last accepted event, undefined when none yet. */
  lastEventAt?: number;
}

interface ConnectorRow {
  id: string;
  name: string;
  description: string;
  parser: string;
  enabled: number;
  api_key_hash: string;
  key_fingerprint: string;
  hec: string;
  last_event_at: number | null;
  created_at: number;
  updated_at: number;
}

const toConnector = (row: ConnectorRow): Connector => ({
  id: row.id,
  name: row.name,
  description: row.description,
  parser: row.parser,
  enabled: row.enabled === 1,
  keyFingerprint: row.key_fingerprint,
  hec: JSON.parse(row.hec) as HecSettings,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  ...(row.last_event_at !== null ? { lastEventAt: row.last_event_at } : {}),
});

/** How often the last-event time is written back to SQLite (it is kept exactly in memory). */
const LAST_EVENT_PERSIST_MS = 5_000;

export class ConnectorStore {
  private readonly byKeyHash = new Map<string, Connector>();
  private readonly byId = new Map<string, Connector>();
  private readonly keyHashById = new Map<string, string>();
  private readonly persistedLastEvent = new Map<string, number>();

  constructor(private readonly db: MetadataDb) {
    const rows = db.prepare('SELECT * FROM connectors').all() as ConnectorRow[];
    for (const row of rows) this.remember(toConnector(row), row.api_key_hash);
  }

  private remember(connector: Connector, keyHash: string): void {
    const old = this.keyHashById.get(connector.id);
    if (old !== undefined) this.byKeyHash.delete(old);
    this.byId.set(connector.id, connector);
    this.byKeyHash.set(keyHash, connector);
    this.keyHashById.set(connector.id, keyHash);
  }

  list(): Connector[] {
    return [...this.byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: string): Connector | undefined {
    return this.byId.get(id);
  }

  /** The connector whose API key this is. Hash lookup, then a constant-time comparison of the digests. */
  findByKey(key: string): Connector | undefined {
    const digest = hashSecret(key);
    const connector = this.byKeyHash.get(digest);
    if (!connector) return undefined;
    const stored = this.keyHashById.get(connector.id);
    return stored !== undefined && sameHash(stored, digest) ? connector : undefined;
  }

  private nameTaken(name: string, exceptId?: string): boolean {
    const lower = name.toLowerCase();
    return [...this.byId.values()].some((c) => c.id !== exceptId && c.name.toLowerCase() === lower);
  }

  /** Creates a connector; returns it with its API key, which is never available again. */
  create(input: ConnectorCreate): { connector: Connector; apiKey: string } {
    if (this.nameTaken(input.name)) {
      throw new ApiError('NAME_TAKEN', `a connector named "${input.name}" already exists`, 'name');
    }
    const apiKey = newSecret('hec_');
    const now = Date.now();
    const row: ConnectorRow = {
      id: randomBytes(16).toString('hex'),
      name: input.name,
      description: input.description,
      parser: input.parser,
      enabled: input.enabled ? 1 : 0,
      api_key_hash: hashSecret(apiKey),
      key_fingerprint: fingerprintOf(apiKey),
      hec: JSON.stringify(input.hec),
      last_event_at: null,
      created_at: now,
      updated_at: now,
    };
    this.db
      .prepare(
        `INSERT INTO connectors (id, name, description, parser, enabled, api_key_hash, key_fingerprint, hec, last_event_at, created_at, updated_at)
         VALUES (@id, @name, @description, @parser, @enabled, @api_key_hash, @key_fingerprint, @hec, @last_event_at, @created_at, @updated_at)`,
      )
      .run(row);
    const connector = toConnector(row);
    this.remember(connector, row.api_key_hash);
    return { connector, apiKey };
  }

  update(id: string, patch: ConnectorPatch): Connector {
    const current = this.byId.get(id);
    if (!current) throw new ApiError('NOT_FOUND', `no connector with id ${id}`);
    if (patch.name !== undefined && this.nameTaken(patch.name, id)) {
      throw new ApiError('NAME_TAKEN', `a connector named "${patch.name}" already exists`, 'name');
    }
    const hec = checkHecSettings({ ...current.hec, ...patch.hec });
    const next: Connector = {
      ...current,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.parser !== undefined ? { parser: patch.parser } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      hec,
      updatedAt: Date.now(),
    };
    this.db
      .prepare('UPDATE connectors SET name = ?, description = ?, parser = ?, enabled = ?, hec = ?, updated_at = ? WHERE id = ?')
      .run(next.name, next.description, next.parser, next.enabled ? 1 : 0, JSON.stringify(next.hec), next.updatedAt, id);
    this.remember(next, this.keyHashById.get(id) as string);
    return next;
  }

  delete(id: string): void {
    if (!this.byId.has(id)) throw new ApiError('NOT_FOUND', `no connector with id ${id}`);
    this.db.prepare('DELETE FROM connectors WHERE id = ?').run(id);
    const keyHash = this.keyHashById.get(id);
    if (keyHash !== undefined) this.byKeyHash.delete(keyHash);
    this.keyHashById.delete(id);
    this.byId.delete(id);
  }

  /** Called on every accepted request; cheap (memory), persisted at most every few seconds. */
  noteEvents(id: string, at: number): void {
    const connector = this.byId.get(id);
    if (!connector) return;
    connector.lastEventAt = at;
    const persisted = this.persistedLastEvent.get(id) ?? 0;
    if (at - persisted >= LAST_EVENT_PERSIST_MS) {
      this.persistedLastEvent.set(id, at);
      this.db.prepare('UPDATE connectors SET last_event_at = ? WHERE id = ?').run(at, id);
    }
  }

  /** Writes every in-memory last-event time (on shutdown). */
  flush(): void {
    const update = this.db.prepare('UPDATE connectors SET last_event_at = ? WHERE id = ?');
    for (const c of this.byId.values()) if (c.lastEventAt !== undefined) update.run(c.lastEventAt, c.id);
  }
}

export type ConnectorStatus = 'Pending' | 'Active' | 'Idle' | 'Paused';

/** Active when events arrived within the last 15 minutes. */
export const ACTIVE_WINDOW_MS = 15 * 60 * 1000;

export function statusOf(connector: Connector, now = Date.now()): ConnectorStatus {
  if (!connector.enabled) return 'Paused';
  if (connector.lastEventAt === undefined) return 'Pending';
  return now - connector.lastEventAt <= ACTIVE_WINDOW_MS ? 'Active' : 'Idle';
}
