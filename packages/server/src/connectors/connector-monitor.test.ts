import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events.js';
import { openMetadataDb } from '../metadata/metadata-db.js';
import type { RequestOutcome } from '../receive/types.js';
import { parseConnectorCreate } from './connector-input.js';
import { ConnectorMonitor } from './connector-monitor.js';
import { ConnectorStore } from './connector-store.js';

const setup = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hecate-monitor-'));
  const db = openMetadataDb(dir);
  const connectors = new ConnectorStore(db);
  const { connector } = connectors.create(parseConnectorCreate({ name: 'fw', parser: 'json' }, ['json']));
  const clock = { now: 1_700_000_000_000 };
  const make = () => new ConnectorMonitor(openMetadataDb(dir), { now: () => clock.now, exists: (id) => connectors.get(id) !== undefined });
  return { connectors, connector, clock, make };
};

const event = (host: string | null, source: string | null) => ({ host, source }) as StoredEvent;

describe('ConnectorMonitor', () => {
  it('counts the requests of a connector from the receiver hook, ignoring health checks and unknown keys', () => {
    const { connector, make } = setup();
    const monitor = make();
    const outcome = (o: Partial<RequestOutcome>): RequestOutcome => ({ route: 'event', connector, status: 200, code: 0, eventsAccepted: 0, wireBytes: 0, ...o });
    monitor.observe(outcome({ eventsAccepted: 2, wireBytes: 100 }));
    monitor.observe(outcome({ status: 401, code: 4, wireBytes: 5 }));
    monitor.observe(outcome({ route: 'health', status: 200 }));
    const { connector: _none, ...unknown } = outcome({ status: 401, code: 4 });
    monitor.observe(unknown);
    expect(monitor.summary(connector.id)).toMatchObject({ requests: 2, events: 2, bytes: 105, hecErrorsByCode: { '4': 1 } });
  });

  it('groups a batch by sender and counts parse errors from the pipeline hook', () => {
    const { connector, make } = setup();
    const monitor = make();
    monitor.onStored(connector, [event('a', 's'), event('a', 's'), event('b', null), event('a', 's')], 1);
    expect(monitor.senders(connector.id).senders.map((s) => [s.host, s.events])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    expect(monitor.summary(connector.id).parseErrors).toBe(1);
  });

  it('saves counters and senders on flush and restores them in a new instance', () => {
    const { connector, clock, make } = setup();
    const monitor = make();
    for (let i = 0; i < 5; i++) monitor.observe({ route: 'raw', connector, status: 400, code: 6, eventsAccepted: 0, wireBytes: 1 });
    monitor.onStored(connector, [event('h', null)], 0);
    monitor.flush(true);
    clock.now += 1000;
    const again = make();
    expect(again.summary(connector.id)).toMatchObject({ requests: 5, hecErrorsByCode: { '6': 5 } });
    expect(again.failing(connector.id)).toBe(true);
    expect(again.senders(connector.id).senders.map((s) => s.host)).toEqual(['h']);
  });

  it('drops the state of a deleted connector instead of saving it', () => {
    const { connectors, connector, make } = setup();
    const monitor = make();
    monitor.observe({ route: 'event', connector, status: 200, code: 0, eventsAccepted: 1, wireBytes: 1 });
    connectors.delete(connector.id);
    expect(() => monitor.flush(true)).not.toThrow();
    expect(monitor.summary(connector.id).requests).toBe(0);
  });
});
