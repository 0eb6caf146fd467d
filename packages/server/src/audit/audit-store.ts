/**
 * The audit log in the metadata database (`audit_log`, docs/audit.md): append-only, one row per
 * management write or sign-in, listed newest first with an id cursor. Rows hold names and ids, never a
 * password, API key or token. Appends are synchronous SQLite writes (synchronous = FULL): a record
 * is durable before the next request is served.
 */
import type { MetadataDb } from '../metadata/metadata-db.js';

export interface AuditEntry {
  /** Increasing; the cursor for `before`. */
  id: number;
  /** Unix ms. */
  at: number;
  /** Username of the caller (for an API token, the user it acts for); the attempted name for a failed sign-in; '-' when unknown. */
  actor: string;
  actorType: 'user' | 'api_token' | 'anonymous';
  apiTokenId?: string;
  /** e.g. `connector.create`, `auth.login`. */
  action: string;
  method: string;
  /** The route pattern, e.g. `/api/v1/connectors/:id`. */
  route: string;
  targetId?: string;
  targetName?: string;
  clientIp?: string;
  /** HTTP status of the answer. */
  status: number;
  /** The API error code when the action failed (e.g. `FORBIDDEN`). */
  errorCode?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditQuery {
  limit?: number;
  /** Entries with an id below this (the `id` of the last entry of the previous page). */
  before?: number;
  actor?: string;
  action?: string;
}

export const MAX_AUDIT_PAGE = 1000;

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  actor_type: AuditEntry['actorType'];
  api_token_id: string | null;
  action: string;
  method: string;
  route: string;
  target_id: string | null;
  target_name: string | null;
  client_ip: string | null;
  status: number;
  error_code: string | null;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  actorType: r.actor_type,
  action: r.action,
  method: r.method,
  route: r.route,
  status: r.status,
  ...(r.api_token_id !== null ? { apiTokenId: r.api_token_id } : {}),
  ...(r.target_id !== null ? { targetId: r.target_id } : {}),
  ...(r.target_name !== null ? { targetName: r.target_name } : {}),
  ...(r.client_ip !== null ? { clientIp: r.client_ip } : {}),
  ...(r.error_code !== null ? { errorCode: r.error_code } : {}),
});

export class AuditStore {
  private readonly insert;
  private readonly lastName;

  constructor(private readonly db: MetadataDb) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, actor, actor_type, api_token_id, action, method, route, target_id, target_name, client_ip, status, error_code)
       VALUES (@at, @actor, @actorType, @apiTokenId, @action, @method, @route, @targetId, @targetName, @clientIp, @status, @errorCode)`,
    );
    this.lastName = db.prepare(
      'SELECT target_name FROM audit_log WHERE target_id = ? AND target_name IS NOT NULL ORDER BY id DESC LIMIT 1',
    );
  }

  append(entry: NewAuditEntry): AuditEntry {
    const info = this.insert.run({
      apiTokenId: null,
      targetId: null,
      targetName: null,
      clientIp: null,
      errorCode: null,
      ...entry,
    });
    return { ...entry, id: Number(info.lastInsertRowid) };
  }

  /** Newest first. */
  list(query: AuditQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.before !== undefined) {
      where.push('id < ?');
      params.push(query.before);
    }
    if (query.actor !== undefined) {
      where.push('actor = ?');
      params.push(query.actor);
    }
    if (query.action !== undefined) {
      where.push('action = ?');
      params.push(query.action);
    }
    const limit = Math.min(Math.max(1, query.limit ?? 100), MAX_AUDIT_PAGE);
    const sql = `SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`;
    return (this.db.prepare(sql).all(...params) as AuditRow[]).map(toEntry);
  }

  /** The name last recorded for a target id (a deleted connector's name, for its delete record). */
  lastKnownName(targetId: string): string | undefined {
    return (this.lastName.get(targetId) as { target_name: string } | undefined)?.target_name;
  }
}
