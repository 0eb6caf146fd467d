import { describe, expect, it } from 'vitest';
import { ApiTokenStore } from './api-tokens.js';
import { hashSecret } from './secret-token.js';
import { tempMetadataDb } from './test-metadata-db.js';
import { UserStore } from './users.js';

const PW = 'correct horse battery';
const DAY = 86_400_000;

const open = async () => {
  const { db } = tempMetadataDb();
  const users = new UserStore(db);
  let now = 1_700_000_000_000;
  const clock = { advance: (ms: number) => (now += ms) };
  const tokens = new ApiTokenStore(db, users, () => now);
  const admin = await users.create('admin', PW, 'admin');
  const admin2 = await users.create('admin2', PW, 'admin');
  return { db, users, tokens, admin, admin2, clock };
};

describe('ApiTokenStore', () => {
  it('returns an hct_ token once and stores only its SHA-256, a non-secret id and a fingerprint', async () => {
    const { db, tokens, admin } = await open();
    const { token, record } = tokens.create({ name: 'ci', role: 'analyst' }, admin);
    expect(token).toMatch(/^hct_[A-Za-z0-9_-]{43}$/);
    expect(record.fingerprint).toBe(hashSecret(token).slice(0, 8));
    const row = db.prepare('SELECT * FROM api_tokens').get() as Record<string, unknown>;
    expect(row.token_hash).toBe(hashSecret(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(tokens.list())).not.toContain(hashSecret(token));
  });

  it('resolves to the creator acting with the token’s role, and records the last use', async () => {
    const { tokens, admin, clock } = await open();
    const { token, record } = tokens.create({ name: 'ci', role: 'read_only' }, admin);
    clock.advance(5_000);
    const caller = tokens.resolve(token);
    expect(caller).toMatchObject({ id: admin.id, role: 'read_only', canSearch: false, apiTokenId: record.id });
    expect(tokens.get(record.id)?.lastUsedAt).toBe(record.createdAt + 5_000);
    expect(tokens.resolve(token + 'x')).toBeUndefined();
  });

  it('stops resolving a token once it expires', async () => {
    const { tokens, admin, clock } = await open();
    const { token, record } = tokens.create({ name: 'ci', role: 'analyst', expiresInDays: 2 }, admin);
    expect(record.expiresAt).toBe(record.createdAt + 2 * DAY);
    clock.advance(2 * DAY - 1);
    expect(tokens.resolve(token)).toBeDefined();
    clock.advance(1);
    expect(tokens.resolve(token)).toBeUndefined();
  });

  it('stops resolving a revoked token', async () => {
    const { tokens, admin } = await open();
    const { token, record } = tokens.create({ name: 'ci', role: 'analyst' }, admin);
    expect(tokens.revoke(record.id)).toBe(true);
    expect(tokens.revoke(record.id)).toBe(false);
    expect(tokens.resolve(token)).toBeUndefined();
  });

  it('refuses a role above its creator’s, at creation and after the creator is demoted or disabled', async () => {
    const { users, tokens, admin, admin2 } = await open();
    const analyst = await users.create('ann', PW, 'analyst');
    expect(() => tokens.create({ name: 'x', role: 'admin' }, analyst)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    const strong = tokens.create({ name: 'strong', role: 'connector_manager' }, admin2);
    const weak = tokens.create({ name: 'weak', role: 'analyst' }, admin2);
    users.update(admin2.id, { role: 'analyst' });
    expect(tokens.resolve(strong.token)).toBeUndefined();
    expect(tokens.resolve(weak.token)?.role).toBe('analyst');
    users.update(admin2.id, { disabled: true });
    expect(tokens.resolve(weak.token)).toBeUndefined();
    expect(admin.id).not.toBe(admin2.id);
  });

  it('deletes a user’s tokens with the user', async () => {
    const { users, tokens, admin2 } = await open();
    const { token } = tokens.create({ name: 'ci', role: 'analyst' }, admin2);
    users.delete(admin2.id);
    expect(tokens.list()).toEqual([]);
    expect(tokens.resolve(token)).toBeUndefined();
  });
});
