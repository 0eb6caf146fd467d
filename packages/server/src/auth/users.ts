/**
 * Users of the management API. Passwords are stored as scrypt hashes and never leave this module:
 * `User` has no hash field, so no API view can include one by accident.
 *
 * Invariant: at least one enabled Administrator exists once the first one is created. `update` and
 * `delete` refuse (LAST_ADMIN) any change that would remove the last one, checked and applied in one
 * synchronous SQLite call, so two concurrent requests cannot both pass the check.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError } from '../api/api-error.js';
import type { MetadataDb } from '../metadata/metadata-db.js';
import { hashPassword, verifyPassword } from './password-hash.js';

export type Role = 'admin' | 'connector_manager' | 'analyst' | 'read_only';

export interface User {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  /** Grants `search` to a read_only user (other roles search anyway). */
  canSearch: boolean;
  createdAt: number;
  /** Set when the caller is an API token acting for this user (its id); undefined for sessions. */
  apiTokenId?: string;
}

export interface UserPatch {
  role?: Role;
  disabled?: boolean;
  canSearch?: boolean;
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  disabled: number;
  can_search: number;
  created_at: number;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  role: row.role,
  disabled: row.disabled === 1,
  canSearch: row.can_search === 1,
  createdAt: row.created_at,
});

// A fixed hash to verify against when the user does not exist, so the answer takes as long either way.
let decoyHash: Promise<string> | undefined;

export class UserStore {
  constructor(private readonly db: MetadataDb) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  async create(username: string, password: string, role: Role, canSearch = false): Promise<User> {
    const row: UserRow = {
      id: randomUUID(),
      username,
      password_hash: await hashPassword(password),
      role,
      disabled: 0,
      can_search: canSearch ? 1 : 0,
      created_at: Date.now(),
    };
    if (this.getByUsername(username)) throw new ApiError('NAME_TAKEN', `a user named "${username}" already exists`, 'username');
    this.db
      .prepare(
        'INSERT INTO users (id, username, password_hash, role, disabled, can_search, created_at) VALUES (@id, @username, @password_hash, @role, @disabled, @can_search, @created_at)',
      )
      .run(row);
    return toUser(row);
  }

  get(id: string): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  getByUsername(username: string): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return row && toUser(row);
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
  }

  /** Changes role, disabled and the search grant. Changing the role clears the grant unless the patch sets it. */
  update(id: string, patch: UserPatch): User {
    const current = this.require(id);
    const next: User = {
      ...current,
      ...(patch.role !== undefined ? { role: patch.role, canSearch: false } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.canSearch !== undefined ? { canSearch: patch.canSearch } : {}),
    };
    if (next.canSearch && next.role !== 'read_only') {
      throw new ApiError('INVALID_FIELD', `canSearch applies to read_only users only; the ${next.role} role already includes search`, 'canSearch');
    }
    if (isEnabledAdmin(current) && !isEnabledAdmin(next)) this.assertOtherEnabledAdmin(id, patch.role !== undefined ? 'demote' : 'disable');
    this.db
      .prepare('UPDATE users SET role = ?, disabled = ?, can_search = ? WHERE id = ?')
      .run(next.role, next.disabled ? 1 : 0, next.canSearch ? 1 : 0, id);
    return next;
  }

  /** Deletes the user; their sessions and API tokens go with them (foreign keys cascade). */
  delete(id: string): void {
    const current = this.require(id);
    if (isEnabledAdmin(current)) this.assertOtherEnabledAdmin(id, 'delete');
    this.db.prepare('DELETE FROM users WHERE id = ?').run(id);
  }

  async setPassword(id: string, password: string): Promise<void> {
    this.require(id);
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(await hashPassword(password), id);
  }

  /** True when `password` is the user's current password (for a change of one's own password). */
  async verifyPassword(id: string, password: string): Promise<boolean> {
    const row = this.db.prepare('SELECT password_hash FROM users WHERE id = ?').get(id) as { password_hash: string } | undefined;
    return row !== undefined && verifyPassword(password, row.password_hash);
  }

  /** The user when the credentials are right and the account enabled; undefined otherwise. */
  async authenticate(username: string, password: string): Promise<User | undefined> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    if (!row) {
      decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(password, await decoyHash);
      return undefined;
    }
    const ok = await verifyPassword(password, row.password_hash);
    return ok && row.disabled === 0 ? toUser(row) : undefined;
  }

  private require(id: string): User {
    const user = this.get(id);
    if (!user) throw new ApiError('NOT_FOUND', `no user with id ${id}`);
    return user;
  }

  private assertOtherEnabledAdmin(id: string, action: 'delete' | 'demote' | 'disable'): void {
    const others = (
      this.db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?").get(id) as { n: number }
    ).n;
    if (others === 0) {
      throw new ApiError('LAST_ADMIN', `cannot ${action} the last enabled admin; make another user admin first`);
    }
  }
}

const isEnabledAdmin = (u: User): boolean => u.role === 'admin' && !u.disabled;

/**
 * On first start (no users), creates `admin` with HECATE_ADMIN_PASSWORD or a generated password.
 * Returns the generated password so the caller can print it once; undefined otherwise.
 */
export async function ensureAdmin(users: UserStore, passwordFromEnv: string | undefined): Promise<{ generated?: string } | undefined> {
  if (users.count() > 0) return undefined;
  const generated = passwordFromEnv ? undefined : randomBytes(18).toString('base64url');
  await users.create('admin', passwordFromEnv ?? (generated as string), 'admin');
  return { generated };
}
