/**
 * Connectors: CRUD in the metadata database, plus an in-memory key index (`key-index.ts`) so the HEC
 * hot path never touches SQLite. An API key is returned once, when it is created or regenerated;
 * only its SHA-256 is stored. During a rotation grace period the previous key works too.
 *
 * Per-request facts (last event time, when each key was last used) are kept exactly in memory and
 * written back at most every few seconds (`noteEvents`) or by `flush()`, which the server calls
 * periodically and at shutdown: a crash loses a few seconds of them, never a key.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api/api-error.js';
import { fingerprintOf, hashSecret, newSecret } from '../auth/secret-token.js';
import type { MetadataDb } from '../metadata/metadata-db.js';
import type { HecConnector } from '../receive/types.js';
import { checkHecSettings, type ConnectorCreate, type ConnectorPatch, type HecSettings } from './connector-input.js';
import { KeyIndex, type PreviousKey } from './key-index.js';

export interface Connector extends HecConnector {
  description: string;
  keyFingerprint: string;
  hec: HecSettings;
  createdAt: number;
  updatedAt: number;
  /** Unix ms of the last accepted event, undefined when none yet. */
  lastEventAt?: number;
  /** Unix ms when the current key was last presented. */
  keyLastUsedAt?: number;
  /** The key replaced by the last regeneration while its grace period lasts. */
  previousKey?: { fingerprint: string; validUntil: number; lastUsedAt?: number };
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
  previous_key_hash: string | null;
  previous_key_fingerprint: string | null;
  previous_key_valid_until: number | null;
  key_last_used_at: number | null;
  previous_key_last_used_at: number | null;
}

const toConnector = (row: ConnectorRow, now: number): Connector => ({
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
  ...(row.key_last_used_at !== null ? { keyLastUsedAt: row.key_last_used_at } : {}),
  ...(row.previous_key_fingerprint !== null && row.previous_key_valid_until !== null && row.previous_key_valid_until > now
    ? {
        previousKey: {
          fingerprint: row.previous_key_fingerprint,
          validUntil: row.previous_key_valid_until,
          ...(row.previous_key_last_used_at !== null ? { lastUsedAt: row.previous_key_last_used_at } : {}),
        },
      }
    : {}),
});

const previousOf = (row: ConnectorRow, now: number): PreviousKey | undefined =>
  row.previous_key_hash !== null && row.previous_key_fingerprint !== null && row.previous_key_valid_until !== null && row.previous_key_valid_until > now
    ? { hash: row.previous_key_hash, fingerprint: row.previous_key_fingerprint, validUntil: row.previous_key_valid_until }
    : undefined;

/** How often the last-event time is written back to SQLite (it is kept exactly in memory). */
const LAST_EVENT_PERSIST_MS = 5_000;

/** Longest rotation grace period: a week is enough to roll a key across a fleet. */
export const MAX_KEY_GRACE_MS = 7 * 24 * 3600_000;

export interface RegeneratedKey {
  connector: Connector;
  apiKey: string;
  previousKeyFingerprint: string;
  /** Unix ms, only when a grace period was given. */
  previousKeyValidUntil?: number;
}

export class ConnectorStore {
  private readonly keys = new KeyIndex();
  private readonly byId = new Map<string, Connector>();
  /** Current key digest per connector (needed to keep it as the previous key on regeneration). */
  private readonly keyHashById = new Map<string, string>();
  private readonly persistedLastEvent = new Map<string, number>();
  /** Connectors whose key last-used times changed since the last flush. */
  private readonly keyUseDirty = new Set<string>();

  constructor(
    private readonly db: MetadataDb,
    private readonly now: () => number = Date.now,
  ) {
    const rows = db.prepare('SELECT * FROM connectors').all() as ConnectorRow[];
    const at = now();
    for (const row of rows) this.remember(toConnector(row, at), row.api_key_hash, previousOf(row, at));
  }

  private remember(connector: Connector, keyHash: string, previous?: PreviousKey): void {
    this.byId.set(connector.id, connector);
    this.keyHashById.set(connector.id, keyHash);
    this.keys.set(connector.id, keyHash, previous);
  }

  list(): Connector[] {
    return [...this.byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: string): Connector | undefined {
    return this.byId.get(id);
  }

  /** The connector whose API key this is (current, or previous within its grace period); notes the key's use. */
  findByKey(key: string): Connector | undefined {
    const now = this.now();
    const match = this.keys.find(hashSecret(key), now);
    if (match === undefined) return undefined;
    const connector = this.byId.get(match.connectorId);
    if (connector === undefined) return undefined;
    if (match.which === 'current') connector.keyLastUsedAt = now;
    else if (connector.previousKey !== undefined) connector.previousKey.lastUsedAt = now;
    this.keyUseDirty.add(connector.id);
    return connector;
  }

  private nameTaken(name: string, exceptId?: string): boolean {
    const lower = name.toLowerCase();
    return [...this.byId.values()].some((c) => c.id !== exceptId && c.name.toLowerCase() === lower);
  }

  private mustGet(id: string): Connector {
    const current = this.byId.get(id);
    if (!current) throw new ApiError('NOT_FOUND', `no connector with id ${id}`);
    return current;
  }

  /** Creates a connector; returns it with its API key, which is never available again. */
  create(input: ConnectorCreate): { connector: Connector; apiKey: string } {
    if (this.nameTaken(input.name)) {
      throw new ApiError('NAME_TAKEN', `a connector named "${input.name}" already exists`, 'name');
    }
    const apiKey = newSecret('hec_');
    const now = this.now();
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
      previous_key_hash: null,
      previous_key_fingerprint: null,
      previous_key_valid_until: null,
      key_last_used_at: null,
      previous_key_last_used_at: null,
    };
    this.db
      .prepare(
        `INSERT INTO connectors (id, name, description, parser, enabled, api_key_hash, key_fingerprint, hec, last_event_at, created_at, updated_at)
         VALUES (@id, @name, @description, @parser, @enabled, @api_key_hash, @key_fingerprint, @hec, @last_event_at, @created_at, @updated_at)`,
      )
      .run(row);
    const connector = toConnector(row, now);
    this.remember(connector, row.api_key_hash);
    return { connector, apiKey };
  }

  update(id: string, patch: ConnectorPatch): Connector {
    const current = this.mustGet(id);
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
      updatedAt: this.now(),
    };
    this.db
      .prepare('UPDATE connectors SET name = ?, description = ?, parser = ?, enabled = ?, hec = ?, updated_at = ? WHERE id = ?')
      .run(next.name, next.description, next.parser, next.enabled ? 1 : 0, JSON.stringify(next.hec), next.updatedAt, id);
    // The key index maps digests to ids, so only the object changes; the keys stay as they are.
    this.byId.set(id, next);
    return next;
  }

  /**
   * Replaces the connector's API key. With `graceMs` 0 the old key stops at once; otherwise it keeps
   * working until the grace period ends. A previous key still in its grace period is dropped: only
   * the key being replaced gets one.
   */
  regenerateKey(id: string, graceMs: number): RegeneratedKey {
    const current = this.mustGet(id);
    const currentHash = this.keyHashById.get(id) as string;
    const now = this.now();
    const apiKey = newSecret('hec_');
    const hash = hashSecret(apiKey);
    const previous: PreviousKey | undefined =
      graceMs > 0 ? { hash: currentHash, fingerprint: current.keyFingerprint, validUntil: now + graceMs } : undefined;
    const next: Connector = { ...current, keyFingerprint: fingerprintOf(apiKey), updatedAt: now };
    delete next.keyLastUsedAt;
    delete next.previousKey;
    if (previous !== undefined) {
      next.previousKey = {
        fingerprint: previous.fingerprint,
        validUntil: previous.validUntil,
        ...(current.keyLastUsedAt !== undefined ? { lastUsedAt: current.keyLastUsedAt } : {}),
      };
    }
    this.db
      .prepare(
        `UPDATE connectors SET api_key_hash = ?, key_fingerprint = ?, previous_key_hash = ?, previous_key_fingerprint = ?,
           previous_key_valid_until = ?, key_last_used_at = NULL, previous_key_last_used_at = ?, updated_at = ? WHERE id = ?`,
      )
      .run(hash, next.keyFingerprint, previous?.hash ?? null, previous?.fingerprint ?? null, previous?.validUntil ?? null, next.previousKey?.lastUsedAt ?? null, now, id);
    this.remember(next, hash, previous);
    return {
      connector: next,
      apiKey,
      previousKeyFingerprint: current.keyFingerprint,
      ...(previous !== undefined ? { previousKeyValidUntil: previous.validUntil } : {}),
    };
  }

  delete(id: string): void {
    this.mustGet(id);
    this.db.prepare('DELETE FROM connectors WHERE id = ?').run(id);
    this.keys.delete(id);
    this.keyHashById.delete(id);
    this.byId.delete(id);
    this.keyUseDirty.delete(id);
    this.persistedLastEvent.delete(id);
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

  /** Writes the in-memory last-event and key last-used times (periodically and on shutdown). */
  flush(): void {
    const lastEvent = this.db.prepare('UPDATE connectors SET last_event_at = ? WHERE id = ?');
    const keyUse = this.db.prepare('UPDATE connectors SET key_last_used_at = ?, previous_key_last_used_at = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const c of this.byId.values()) {
        if (c.lastEventAt !== undefined && c.lastEventAt !== this.persistedLastEvent.get(c.id)) {
          lastEvent.run(c.lastEventAt, c.id);
          this.persistedLastEvent.set(c.id, c.lastEventAt);
        }
      }
      for (const id of this.keyUseDirty) {
        const c = this.byId.get(id);
        if (c !== undefined) keyUse.run(c.keyLastUsedAt ?? null, c.previousKey?.lastUsedAt ?? null, id);
      }
    })();
    this.keyUseDirty.clear();
  }
}
