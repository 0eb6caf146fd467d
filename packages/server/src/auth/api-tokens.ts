/**
 * API tokens for automation: `hct_` + 256 random bits, shown once at creation, stored as SHA-256 only
 * with a random non-secret id and a fingerprint (first 8 hex digits of the hash) to tell them apart.
 *
 * A token acts with its own role, which may not exceed its creator's: checked at creation and again at
 * every use, so demoting or disabling the creator takes the token's excess power away at once. Deleting
 * the creator deletes their tokens (foreign key cascade). A revoked token is deleted, so it is unknown.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../api/api-error.js';
import type { MetadataDb } from '../metadata/metadata-db.js';
import { roleWithin } from './permissions.js';
import { fingerprintOf, hashSecret, newSecret } from './secret-token.js';
import type { Role, User, UserStore } from './users.js';

export const TOKEN_PREFIX = 'hct_';
/** `last_used_at` is written at most this often per token, so API calls do not each cost a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  fingerprint: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

interface TokenRow {
  id: string;
  name: string;
  role: Role;
  token_hash: string;
  fingerprint: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

const toToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role,
  fingerprint: r.fingerprint,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

export interface TokenCreate {
  name: string;
  role: Role;
  expiresInDays?: number;
}

export class ApiTokenStore {
  constructor(
    private readonly db: MetadataDb,
    private readonly users: UserStore,
    private readonly now: () => number = Date.now,
  ) {}

  create(input: TokenCreate, creator: User): { token: string; record: ApiToken } {
    if (!roleWithin(input.role, creator)) {
      throw new ApiError('FORBIDDEN', `a token's role may not exceed its creator's: you are ${creator.role}, the token asks for ${input.role}`, 'role');
    }
    const token = newSecret(TOKEN_PREFIX);
    const createdAt = this.now();
    const row: TokenRow = {
      id: randomUUID(),
      name: input.name,
      role: input.role,
      token_hash: hashSecret(token),
      fingerprint: fingerprintOf(token),
      created_by: creator.id,
      created_at: createdAt,
      expires_at: input.expiresInDays === undefined ? null : createdAt + input.expiresInDays * 86_400_000,
      last_used_at: null,
    };
    this.db
      .prepare(
        `INSERT INTO api_tokens (id, name, role, token_hash, fingerprint, created_by, created_at, expires_at, last_used_at)
         VALUES (@id, @name, @role, @token_hash, @fingerprint, @created_by, @created_at, @expires_at, @last_used_at)`,
      )
      .run(row);
    return { token, record: toToken(row) };
  }

  list(): ApiToken[] {
    return (this.db.prepare('SELECT * FROM api_tokens ORDER BY created_at, id').all() as TokenRow[]).map(toToken);
  }

  get(id: string): ApiToken | undefined {
    const row = this.db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as TokenRow | undefined;
    return row && toToken(row);
  }

  /** Deletes the token; false when there is none with that id. */
  revoke(id: string): boolean {
    return this.db.prepare('DELETE FROM api_tokens WHERE id = ?').run(id).changes > 0;
  }

  /**
   * The caller a presented token acts as: its creator's account with the token's role and no grants,
   * marked with `apiTokenId`. Undefined when the token is unknown (or revoked), expired, its creator is
   * disabled, or its role now exceeds the creator's.
   */
  resolve(secret: string): User | undefined {
    // The lookup is by SHA-256 digest through the unique index: the secret itself is never compared.
    const row = this.db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(hashSecret(secret)) as TokenRow | undefined;
    const now = this.now();
    if (!row || (row.expires_at !== null && row.expires_at <= now)) return undefined;
    const creator = this.users.get(row.created_by);
    if (!creator || creator.disabled || !roleWithin(row.role, creator)) return undefined;
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_RESOLUTION_MS) {
      this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
    }
    return { ...creator, role: row.role, canSearch: false, apiTokenId: row.id };
  }
}
