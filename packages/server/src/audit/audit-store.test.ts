import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMetadataDb, type MetadataDb } from '../metadata/metadata-db.js';
import { AuditStore, type NewAuditEntry } from './audit-store.js';

let dir: string;
let db: MetadataDb;
let audit: AuditStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hecate-audit-'));
  db = openMetadataDb(dir);
  audit = new AuditStore(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (over: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  at: 1_700_000_000_000,
  actor: 'admin',
  actorType: 'user',
  action: 'connector.create',
  method: 'POST',
  route: '/api/v1/connectors',
  status: 201,
  ...over,
});

describe('AuditStore', () => {
  it('lists entries newest first with every recorded field, omitting absent ones', () => {
    audit.append(entry({ targetId: 'c1', targetName: 'fw', clientIp: '127.0.0.1' }));
    audit.append(entry({ action: 'auth.login', actor: 'mallory', actorType: 'anonymous', status: 401, errorCode: 'BAD_CREDENTIALS' }));
    const [newest, oldest] = audit.list();
    expect(newest).toEqual({
      id: 2,
      at: 1_700_000_000_000,
      actor: 'mallory',
      actorType: 'anonymous',
      action: 'auth.login',
      method: 'POST',
      route: '/api/v1/connectors',
      status: 401,
      errorCode: 'BAD_CREDENTIALS',
    });
    expect(oldest).toMatchObject({ id: 1, targetId: 'c1', targetName: 'fw', clientIp: '127.0.0.1' });
    expect(oldest).not.toHaveProperty('errorCode');
  });

  it('pages with limit and before, and filters by actor and action', () => {
    for (let i = 0; i < 7; i++) audit.append(entry({ actor: i % 2 === 0 ? 'ann' : 'bob', action: i < 4 ? 'connector.create' : 'connector.delete' }));
    const first = audit.list({ limit: 3 });
    expect(first.map((e) => e.id)).toEqual([7, 6, 5]);
    expect(audit.list({ limit: 3, before: 5 }).map((e) => e.id)).toEqual([4, 3, 2]);
    expect(audit.list({ actor: 'bob' }).map((e) => e.id)).toEqual([6, 4, 2]);
    expect(audit.list({ action: 'connector.delete', actor: 'ann' }).map((e) => e.id)).toEqual([7, 5]);
  });

  it('survives a reopen of the database (durable)', () => {
    audit.append(entry());
    db.close();
    db = openMetadataDb(dir);
    expect(new AuditStore(db).list()).toHaveLength(1);
  });

  it('remembers the last name recorded for a target id', () => {
    audit.append(entry({ targetId: 'c1', targetName: 'fw' }));
    audit.append(entry({ targetId: 'c1', targetName: 'fw-renamed' }));
    audit.append(entry({ targetId: 'c1' }));
    expect(audit.lastKnownName('c1')).toBe('fw-renamed');
    expect(audit.lastKnownName('nope')).toBeUndefined();
  });

  it('treats filter values as data, not SQL', () => {
    audit.append(entry());
    expect(audit.list({ actor: "admin' OR '1'='1" })).toEqual([]);
  });
});
