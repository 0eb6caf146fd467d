import { describe, expect, it } from 'vitest';
import { SessionStore } from './sessions.js';
import { tempMetadataDb } from './test-metadata-db.js';
import { UserStore } from './users.js';

const PW = 'correct horse battery';

const open = async (ttlMs = 60_000) => {
  const { db } = tempMetadataDb();
  const users = new UserStore(db);
  const sessions = new SessionStore(db, users, ttlMs);
  const ann = await users.create('ann', PW, 'analyst');
  const bob = await users.create('bob', PW, 'analyst');
  return { db, users, sessions, ann, bob };
};

describe('SessionStore', () => {
  it('lists a user’s own sessions by non-secret id, never the token or its hash', async () => {
    const { db, sessions, ann, bob } = await open();
    const a1 = sessions.create(ann);
    const a2 = sessions.create(ann);
    sessions.create(bob);
    const listed = sessions.listFor(ann.id);
    expect(listed.map((s) => s.id).sort()).toEqual([a1.id, a2.id].sort());
    const hashes = (db.prepare('SELECT token_hash FROM sessions').all() as Array<{ token_hash: string }>).map((r) => r.token_hash);
    for (const secret of [a1.token, a2.token, ...hashes]) expect(JSON.stringify(listed)).not.toContain(secret);
    expect(sessions.idOf(a1.token)).toBe(a1.id);
  });

  it('revokes one session by id, only for its owner', async () => {
    const { sessions, ann, bob } = await open();
    const a1 = sessions.create(ann);
    expect(sessions.revokeById(bob.id, a1.id)).toBe(false);
    expect(sessions.resolve(a1.token)?.id).toBe(ann.id);
    expect(sessions.revokeById(ann.id, a1.id)).toBe(true);
    expect(sessions.resolve(a1.token)).toBeUndefined();
  });

  it('revokes every session of a user except the one to keep', async () => {
    const { sessions, ann, bob } = await open();
    const keep = sessions.create(ann);
    const other = sessions.create(ann);
    const bobs = sessions.create(bob);
    expect(sessions.revokeAllFor(ann.id, keep.token)).toBe(1);
    expect(sessions.resolve(keep.token)).toBeDefined();
    expect(sessions.resolve(other.token)).toBeUndefined();
    expect(sessions.resolve(bobs.token)).toBeDefined();
    expect(sessions.revokeAllFor(ann.id)).toBe(1);
    expect(sessions.resolve(keep.token)).toBeUndefined();
  });

  it('does not resolve or list an expired session', async () => {
    const { sessions, ann } = await open(-1);
    const s = sessions.create(ann);
    expect(sessions.resolve(s.token)).toBeUndefined();
    expect(sessions.listFor(ann.id)).toEqual([]);
  });

  it('stops resolving a session when its user is disabled or deleted', async () => {
    const { users, sessions, ann, bob } = await open();
    const a = sessions.create(ann);
    const b = sessions.create(bob);
    users.update(ann.id, { disabled: true });
    expect(sessions.resolve(a.token)).toBeUndefined();
    users.delete(bob.id);
    expect(sessions.resolve(b.token)).toBeUndefined();
    expect(sessions.listFor(bob.id)).toEqual([]);
  });
});
