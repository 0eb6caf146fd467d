/**
 * A connector with indexer acknowledgement (`hec.useAck`) refuses HEC requests that carry no data
 * channel (400 code 10). The built `hecate-collector` sends one channel per sink on every request,
 * so its lines reach such a connector; none is refused or dropped.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';
import { hecateSinkYaml, startCollector, tempDir } from './collector-harness.js';
import type { RunningCollector } from './collector-harness.js';

let hecate: Hecate;
let collector: RunningCollector;
let connector: Connector;
const tag = marker('ack');
const LINES = 500;

beforeAll(async () => {
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: marker('ack_'), parser: 'raw', hec: { useAck: true } });
  const dir = await tempDir();
  writeFileSync(path.join(dir, 'app.log'), Array.from({ length: LINES }, (_, i) => `line ${i} ${tag}\n`).join(''));
  const config = `dataDirectory: ${dir}/data
sources:
  app:
    type: file
    include: ${dir}/app.log
    sink: hecate
${hecateSinkYaml(hecate.url)}`;
  collector = await startCollector(config, { KEY: connector.apiKey }, dir);
});

afterAll(async () => {
  await collector?.dispose();
  await hecate?.dispose();
});

describe('a connector with indexer acknowledgement', () => {
  it('receives every line the collector ships to it', async () => {
    const events = await hecate.waitForEvents(tag, LINES, 20_000, { limit: 1_000 });
    expect(events).toHaveLength(LINES);
    expect(new Set(events.map((e) => e['@rawstring'])).size).toBe(LINES);
    expect(await collector.stop()).toBe(0);
    const stopped = collector.logs().split('\n').find((line) => line.includes('"msg":"stopped"'));
    expect(stopped).toBeDefined();
    const stats = JSON.parse(stopped ?? '{}') as { stats: { sinks: { hecate: { eventsOut: number; dropped: Record<string, number> } } } };
    expect(stats.stats.sinks.hecate.eventsOut).toBe(LINES);
    expect(stats.stats.sinks.hecate.dropped).toEqual({});
  });
});
