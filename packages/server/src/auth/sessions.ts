/**
 * Session tokens for the management API: random, stored as SHA-256 only, expiring. Each session also
 * has a random non-secret id, so a user can list their sessions and end one without ever seeing the
 * token again. Ending sessions is a DELETE: a revoked token is simply unknown.
 */
import { randomUUID } from 'node:crypto';
import type { MetadataDb } from '../metadata/metadata-db.js';
import { hashSecret, newSecret } from './secret-token.js';
import type { User, UserStore } from './users.js';

export interface SessionInfo {
  id: string;
  createdAt: number;
  expiresAt: number;
}

export class SessionStore {
  constructor(
    private readonly db: MetadataDb,
    private readonly users: UserStore,
    private readonly ttlMs: number,
  ) {}

  create(user: User): { token: string; id: string; expiresAt: number } {
    const token = newSecret('hcs_');
    const id = randomUUID();
    const now = Date.now();
    const expiresAt = now + this.ttlMs;
    this.db
      .prepare('INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, hashSecret(token), user.id, now, expiresAt);
    return { token, id, expiresAt };
  }

  /** The signed-in user for a bearer token, or undefined when unknown, expired or the user is disabled. */
  resolve(token: string): User | undefined {
    const row = this.db.prepare('SELECT user_id, expires_at FROM sessions WHERE token_hash = ?').get(hashSecret(token)) as
      | { user_id: string; expires_at: number }
      | undefined;
    if (!row || row.expires_at <= Date.now()) return undefined;
    const user = this.users.get(row.user_id);
    return user && !user.disabled ? user : undefined;
  }

  /** The id of the session a token belongs to (to mark "this session" in a list). */
  idOf(token: string): string | undefined {
    const row = this.db.prepare('SELECT id FROM sessions WHERE token_hash = ?').get(hashSecret(token)) as { id: string } | undefined;
    return row?.id;
  }

  /** The user's unexpired sessions, newest first. */
  listFor(userId: string): SessionInfo[] {
    const rows = this.db
      .prepare('SELECT id, created_at, expires_at FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC, id')
      .all(userId, Date.now()) as Array<{ id: string; created_at: number; expires_at: number }>;
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, expiresAt: r.expires_at }));
  }

  revoke(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashSecret(token));
  }

  /** Ends one of the user's sessions by id; false when the user has no session with that id. */
  revokeById(userId: string, id: string): boolean {
    return this.db.prepare('DELETE FROM sessions WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
  }

  /** Ends every session of the user, except the one holding `keepToken` (the caller's own, on a password change). */
  revokeAllFor(userId: string, keepToken?: string): number {
    const keep = keepToken === undefined ? '' : hashSecret(keepToken);
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash != ?').run(userId, keep).changes;
  }

  pruneExpired(): void {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(Date.now());
  }
}
