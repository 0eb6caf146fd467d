import type { MetadataDb } from '../metadata/metadata-db.js';
import { hashSecret, newSecret } from './secret-token.js';
import type { User, UserStore } from './users.js';

/** Session tokens for the management API: random, stored hashed, expiring. */
export class SessionStore {
  constructor(
    private readonly db: MetadataDb,
    private readonly users: UserStore,
    private readonly ttlMs: number,
  ) {}

  create(user: User): { token: string; expiresAt: number } {
    const token = newSecret('hcs_');
    const now = Date.now();
    const expiresAt = now + this.ttlMs;
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashSecret(token), user.id, now, expiresAt);
    return { token, expiresAt };
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

  revoke(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashSecret(token));
  }

  pruneExpired(): void {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(Date.now());
  }
}
