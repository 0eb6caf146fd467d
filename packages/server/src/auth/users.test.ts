import { describe, expect, it } from 'vitest';
import { tempMetadataDb } from './test-metadata-db.js';
import { UserStore } from './users.js';

const PW = 'correct horse battery';
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

const open = async () => {
  const users = new UserStore(tempMetadataDb().db);
  const admin = await users.create('admin', PW, 'admin');
  return { users, admin };
};

describe('UserStore', () => {
  it('lists users without any password hash', async () => {
    const { users } = await open();
    await users.create('ann', PW, 'analyst');
    const listed = users.list();
    expect(listed.map((u) => u.username)).toEqual(['admin', 'ann']);
    expect(JSON.stringify(listed)).not.toMatch(/scrypt|password/i);
  });

  it('refuses a second user with the same name', async () => {
    const { users } = await open();
    await expect(users.create('admin', PW, 'analyst')).rejects.toMatchObject({ code: 'NAME_TAKEN' });
  });

  it('refuses to delete, demote or disable the last enabled admin', async () => {
    const { users, admin } = await open();
    expect(codeOf(() => users.delete(admin.id))).toBe('LAST_ADMIN');
    expect(codeOf(() => users.update(admin.id, { role: 'analyst' }))).toBe('LAST_ADMIN');
    expect(codeOf(() => users.update(admin.id, { disabled: true }))).toBe('LAST_ADMIN');
    expect(users.get(admin.id)).toMatchObject({ role: 'admin', disabled: false });
  });

  it('counts only enabled admins as another admin', async () => {
    const { users, admin } = await open();
    const other = await users.create('root2', PW, 'admin');
    users.update(other.id, { disabled: true });
    expect(codeOf(() => users.delete(admin.id))).toBe('LAST_ADMIN');
    users.update(other.id, { disabled: false });
    users.delete(admin.id);
    expect(users.get(admin.id)).toBeUndefined();
  });

  it('grants search to read_only only, and clears the grant when the role changes', async () => {
    const { users } = await open();
    const ro = await users.create('reader', PW, 'read_only');
    expect(users.update(ro.id, { canSearch: true }).canSearch).toBe(true);
    expect(users.update(ro.id, { role: 'analyst' }).canSearch).toBe(false);
    expect(codeOf(() => users.update(ro.id, { canSearch: true }))).toBe('INVALID_FIELD');
    expect(users.update(ro.id, { role: 'read_only' }).canSearch).toBe(false);
  });

  it('authenticates with the new password after a change, not the old one, and never a disabled user', async () => {
    const { users } = await open();
    const ann = await users.create('ann', PW, 'analyst');
    await users.setPassword(ann.id, 'another long password');
    expect(await users.authenticate('ann', PW)).toBeUndefined();
    expect((await users.authenticate('ann', 'another long password'))?.id).toBe(ann.id);
    expect(await users.verifyPassword(ann.id, 'another long password')).toBe(true);
    users.update(ann.id, { disabled: true });
    expect(await users.authenticate('ann', 'another long password')).toBeUndefined();
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const { users } = await open();
    expect(codeOf(() => users.update('nope', { disabled: true }))).toBe('NOT_FOUND');
    expect(codeOf(() => users.delete('nope'))).toBe('NOT_FOUND');
  });
});
