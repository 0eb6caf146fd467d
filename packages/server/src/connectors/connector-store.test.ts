import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMetadataDb } from '../metadata/metadata-db.js';
import { parseConnectorCreate } from './connector-input.js';
import { ACTIVE_WINDOW_MS, statusOf } from './connector-status.js';
import { ConnectorStore } from './connector-store.js';

const open = (now?: () => number) => {
  const dir = mkdtempSync(join(tmpdir(), 'hecate-meta-'));
  return { dir, store: new ConnectorStore(openMetadataDb(dir), now) };
};
const input = (name: string) => parseConnectorCreate({ name, parser: 'json' }, ['json']);

describe('ConnectorStore', () => {
  it('returns a key of at least 128 random bits once and finds the connector by it', () => {
    const { store } = open();
    const { connector, apiKey } = store.create(input('fw'));
    expect(Buffer.from(apiKey.slice(4), 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(store.findByKey(apiKey)?.id).toBe(connector.id);
    expect(store.findByKey(apiKey + 'x')).toBeUndefined();
    expect(JSON.stringify(store.list())).not.toContain(apiKey);
  });

  it('stores only a hash of the key: a reopened store still finds it', () => {
    const { dir, store } = open();
    const { apiKey } = store.create(input('fw'));
    const again = new ConnectorStore(openMetadataDb(dir));
    expect(again.findByKey(apiKey)?.name).toBe('fw');
    const row = openMetadataDb(dir).prepare('SELECT * FROM connectors').get() as Record<string, unknown>;
    expect(Object.values(row)).not.toContain(apiKey);
  });

  it('refuses a duplicate name, ignoring case', () => {
    const { store } = open();
    store.create(input('fw'));
    expect(() => store.create(input('FW'))).toThrow(/already exists/);
  });

  it('updates settings and frees the key and name on delete', () => {
    const { store } = open();
    const { connector, apiKey } = store.create(input('fw'));
    store.update(connector.id, { enabled: false, hec: { useAck: true } });
    expect(store.findByKey(apiKey)).toMatchObject({ enabled: false, hec: { useAck: true, defaultIndex: 'main' } });
    store.delete(connector.id);
    expect(store.findByKey(apiKey)).toBeUndefined();
    expect(() => store.create(input('fw'))).not.toThrow();
  });

  it('reports Pending, Active, Idle and Paused', () => {
    const { store } = open();
    const { connector } = store.create(input('fw'));
    const now = Date.now();
    expect(statusOf(store.get(connector.id)!, now)).toBe('Pending');
    store.noteEvents(connector.id, now);
    expect(statusOf(store.get(connector.id)!, now)).toBe('Active');
    expect(statusOf(store.get(connector.id)!, now + ACTIVE_WINDOW_MS + 1)).toBe('Idle');
    store.update(connector.id, { enabled: false });
    expect(statusOf(store.get(connector.id)!, now)).toBe('Paused');
  });

  it('reports Error when the recent requests fail, ahead of Pending, Active and Idle but not Paused', () => {
    expect(statusOf({ enabled: true }, 0, true)).toBe('Error');
    expect(statusOf({ enabled: true, lastEventAt: 0 }, 1, true)).toBe('Error');
    expect(statusOf({ enabled: false }, 0, true)).toBe('Paused');
  });
});

describe('ConnectorStore key regeneration', () => {
  it('without a grace period refuses the old key at once and accepts the new one', () => {
    const { store } = open();
    const { connector, apiKey: oldKey } = store.create(input('fw'));
    const rotated = store.regenerateKey(connector.id, 0);
    expect(rotated.apiKey).not.toBe(oldKey);
    expect(rotated.previousKeyFingerprint).toBe(connector.keyFingerprint);
    expect(rotated.previousKeyValidUntil).toBeUndefined();
    expect(store.findByKey(oldKey)).toBeUndefined();
    expect(store.findByKey(rotated.apiKey)?.id).toBe(connector.id);
    expect(store.get(connector.id)?.keyFingerprint).toBe(rotated.connector.keyFingerprint);
  });

  it('with a grace period accepts both keys until it ends, then only the new one', () => {
    let now = 1_000_000;
    const { store } = open(() => now);
    const { connector, apiKey: oldKey } = store.create(input('fw'));
    const rotated = store.regenerateKey(connector.id, 60_000);
    expect(rotated.previousKeyValidUntil).toBe(1_060_000);
    now += 59_999;
    expect(store.findByKey(oldKey)?.id).toBe(connector.id);
    expect(store.findByKey(rotated.apiKey)?.id).toBe(connector.id);
    now += 1;
    expect(store.findByKey(oldKey)).toBeUndefined();
    expect(store.findByKey(rotated.apiKey)?.id).toBe(connector.id);
  });

  it('keeps the previous key and its grace period across a restart, and only hashes on disk', () => {
    let now = 1_000_000;
    const { dir, store } = open(() => now);
    const { connector, apiKey: oldKey } = store.create(input('fw'));
    const rotated = store.regenerateKey(connector.id, 60_000);
    const again = new ConnectorStore(openMetadataDb(dir), () => now);
    expect(again.findByKey(oldKey)?.id).toBe(connector.id);
    expect(again.get(connector.id)?.previousKey).toMatchObject({ fingerprint: connector.keyFingerprint, validUntil: 1_060_000 });
    now += 60_000;
    expect(again.findByKey(oldKey)).toBeUndefined();
    const row = openMetadataDb(dir).prepare('SELECT * FROM connectors').get() as Record<string, unknown>;
    expect(Object.values(row)).not.toContain(oldKey);
    expect(Object.values(row)).not.toContain(rotated.apiKey);
  });

  it('records when each key was last used, in memory at once and on disk after flush', () => {
    let now = 5_000;
    const { dir, store } = open(() => now);
    const { connector, apiKey: oldKey } = store.create(input('fw'));
    store.findByKey(oldKey);
    expect(store.get(connector.id)?.keyLastUsedAt).toBe(5_000);
    now = 6_000;
    const rotated = store.regenerateKey(connector.id, 10_000);
    expect(store.get(connector.id)?.keyLastUsedAt).toBeUndefined();
    now = 7_000;
    store.findByKey(oldKey);
    now = 8_000;
    store.findByKey(rotated.apiKey);
    expect(store.get(connector.id)).toMatchObject({ keyLastUsedAt: 8_000, previousKey: { lastUsedAt: 7_000 } });
    store.flush();
    const again = new ConnectorStore(openMetadataDb(dir), () => now);
    expect(again.get(connector.id)).toMatchObject({ keyLastUsedAt: 8_000, previousKey: { lastUsedAt: 7_000 } });
  });

  it('a second regeneration during a grace period stops the oldest key at once', () => {
    const { store } = open();
    const { connector, apiKey: first } = store.create(input('fw'));
    const second = store.regenerateKey(connector.id, 60_000);
    const third = store.regenerateKey(connector.id, 60_000);
    expect(store.findByKey(first)).toBeUndefined();
    expect(store.findByKey(second.apiKey)?.id).toBe(connector.id);
    expect(store.findByKey(third.apiKey)?.id).toBe(connector.id);
  });

  it('deleting a connector during a grace period stops both keys', () => {
    const { store } = open();
    const { connector, apiKey: first } = store.create(input('fw'));
    const second = store.regenerateKey(connector.id, 60_000);
    store.delete(connector.id);
    expect(store.findByKey(first)).toBeUndefined();
    expect(store.findByKey(second.apiKey)).toBeUndefined();
  });
});
