import { randomBytes, randomUUID } from 'node:crypto';
import type { MetadataDb } from '../metadata/metadata-db.js';
import { hashPassword, verifyPassword } from './password-hash.js';

export type Role = 'admin' | 'connector_manager' | 'analyst' | 'read_only';

export interface User {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  disabled: number;
  created_at: number;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  role: row.role,
  disabled: row.disabled === 1,
  createdAt: row.created_at,
});

// A fixed hash to verify against when the user does not exist, so the answer takes as long either way.
let decoyHash: Promise<string> | undefined;

export class UserStore {
  constructor(private readonly db: MetadataDb) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  async create(username: string, password: string, role: Role): Promise<User> {
    const row: UserRow = {
      id: randomUUID(),
      username,
      password_hash: await hashPassword(password),
      role,
      disabled: 0,
      created_at: Date.now(),
    };
    this.db
      .prepare(
        'INSERT INTO users (id, username, password_hash, role, disabled, created_at) VALUES (@id, @username, @password_hash, @role, @disabled, @created_at)',
      )
      .run(row);
    return toUser(row);
  }

  get(id: string): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
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
}

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
