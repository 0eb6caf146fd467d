import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMetadataDb } from '../metadata/metadata-db.js';
import { parseConnectorCreate } from './connector-input.js';
import { ACTIVE_WINDOW_MS, ConnectorStore, statusOf } from './connector-store.js';

const open = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hecate-meta-'));
  return { dir, store: new ConnectorStore(openMetadataDb(dir)) };
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
});
