/**
 * The SDK against the real Hecate binary: every method, the FalconPy payload shape (JSON and raw file
 * mode), gzip, acks, partial failures and the search client.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, HEC, HecError, HecateClient, IngestPayload } from '../../packages/sdk/src/index.js';
import { marker, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';

let hecate: Hecate;
let connector: Connector;
let dir: string;

beforeAll(async () => {
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: 'sdk', parser: 'json' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'hecate-sdk-'));
});

afterAll(async () => {
  await hecate?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const open = (extra: Partial<ConstructorParameters<typeof HEC>[0]> = {}) => new HEC({ url: connector.ingestUrl, apiKey: connector.apiKey, ...extra });

describe('HEC against Hecate', () => {
  it('tests the connection without storing anything', async () => {
    const hec = open();
    expect(await hec.testConnection()).toBe(true);
    await hec.close();
    const wrong = new HEC({ url: hecate.url, apiKey: 'not-a-key' });
    expect(await wrong.testConnection()).toBe(false);
    await wrong.close();
    const unreachable = new HEC({ url: 'http://127.0.0.1:1', apiKey: 'k', timeoutMs: 2000 });
    expect(await unreachable.testConnection()).toBe(false);
    await unreachable.close();
  });

  it('stores sendEvent and sendEventList events with the default metadata', async () => {
    const mark = marker('sdk');
    const hec = open({ url: `${hecate.url}/services/collector`, sourcetype: 'sdk-test', batchEvents: 7 });
    await hec.sendEvent(`${mark} single`);
    const events = Array.from({ length: 50 }, (_, i) => ({ event: `${mark} list ${i}`, time: new Date(Date.now() - i * 1000) }));
    const result = await hec.sendEventList(events);
    await hec.close();
    expect(result).toMatchObject({ events: 50, failed: 0, requests: 8 });
    const stored = await hecate.waitForEvents(mark, 51);
    expect(stored).toHaveLength(51);
  });

  it('stores a FalconPy-shaped payload (JSON mode) with its fields, time and host', async () => {
    const mark = marker('fpy');
    const hec = open({ gzip: true });
    const ts = 1_700_000_000_000_000_000;
    await hec.sendEventList([
      { host: 'ABCD1234', message: `${mark} dict`, fields: { '#falconpy': 'HEC testing' }, timestamp: ts },
      new IngestPayload({ host: 'EFGH5678', custom: { message: `${mark} payload` } }),
    ]);
    await hec.close();
    const stored = await hecate.waitForEvents(mark, 2, 5000, { start: 0 });
    expect(stored).toHaveLength(2);
    const dict = stored.find((e) => String(e['@rawstring']).includes('dict'));
    expect(JSON.parse(String(dict?.['@rawstring']))).toEqual({ host: 'ABCD1234', timestamp: ts, timeunit: 'nanoseconds', message: `${mark} dict` });
    expect(dict?.['@host']).toBe('ABCD1234');
    expect(new Date(Number(dict?.['@timestamp'] ?? Date.parse(String(dict?.['@timestamp'])))).getTime()).toBeGreaterThan(0);
    expect(await hecate.search(`#falconpy="HEC testing" ${mark}`, { start: 0 })).toHaveLength(1);
  });

  it('streams a gzip file of FalconPy raw lines to the raw endpoint (raw file mode)', async () => {
    const mark = marker('fraw');
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ event: { host: 'h1', timestamp: Date.now() * 1e6, timeunit: 'nanoseconds', msg: `${mark} ${i}` } }));
    const file = path.join(dir, 'falconpy.log.gz');
    await writeFile(file, gzipSync(lines.join('\n') + '\n'));
    const hec = open({ batchBytes: 4096 });
    const progress: number[] = [];
    const result = await hec.sendEventFile(file, { onProgress: (p) => progress.push(p.events) });
    await hec.close();
    expect(result.events).toBe(300);
    expect(result.requests).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(300);
    expect(await hecate.waitForEvents(mark, 300, 5000, { limit: 1000 })).toHaveLength(300);
  });

  it('sends raw mode lines with metadata in the query string', async () => {
    const mark = marker('rawm');
    const hec = open({ raw: true, host: 'raw-host' });
    await Promise.all([hec.sendEvent(`${mark} a`), hec.sendEvent(`${mark} b`)]);
    await hec.close();
    const stored = await hecate.waitForEvents(mark, 2);
    expect(stored.map((e) => e['@host'])).toEqual(['raw-host', 'raw-host']);
  });

  it('resends what follows a rejected event and reports the bad one', async () => {
    const mark = marker('part');
    const hec = open();
    const error = (await hec.sendEventList([`${mark} 0`, `${mark} 1`, { event: '' }, `${mark} 3`]).catch((e: unknown) => e)) as DeliveryError;
    await hec.close();
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.result.events).toBe(3);
    expect(error.result.rejections.map((r) => [r.index, r.count, r.error.code])).toEqual([[2, 1, 13]]);
    expect(await hecate.waitForEvents(mark, 3)).toHaveLength(3);
  });

  it('rejects a bad key with a HecError carrying the HEC code and text, without retrying', async () => {
    const hec = new HEC({ url: hecate.url, apiKey: 'wrong-key' });
    const error = (await hec.sendEvent('x').catch((e: unknown) => e)) as HecError;
    await hec.close();
    expect(error).toBeInstanceOf(HecError);
    expect([error.status, error.code, error.text]).toEqual([403, 4, 'Invalid token']);
  });

  it('with useAck resolves once every batch is acknowledged', async () => {
    const acked = await hecate.createConnector({ name: 'sdk-ack', parser: 'raw', hec: { useAck: true } });
    const mark = marker('ack');
    const lines: string[] = [];
    const hec = new HEC({ url: acked.ingestUrl, apiKey: acked.apiKey, useAck: true, ackPollMs: 20, batchEvents: 10, logger: { debug: (m) => lines.push(m) } });
    const result = await hec.sendEventList(Array.from({ length: 40 }, (_, i) => `${mark} ${i}`));
    await hec.close();
    expect(result).toMatchObject({ events: 40, requests: 4 });
    expect(await hecate.waitForEvents(mark, 40)).toHaveLength(40);
    // Without a channel the same connector refuses, so the acks above went through a channel.
    const noChannel = await hecate.hec('/services/collector/event', { headers: { authorization: `Splunk ${acked.apiKey}` }, body: '{"event":"x"}' });
    expect(noChannel.body.code).toBe(10);
  });
});

describe('HecateClient', () => {
  it('searches with start, end and limit', async () => {
    const mark = marker('srch');
    const hec = open();
    await hec.sendEventList(Array.from({ length: 5 }, (_, i) => `${mark} ${i}`));
    await hec.close();
    await hecate.waitForEvents(mark, 5);
    const client = new HecateClient({ url: hecate.url, token: hecate.adminToken });
    const answer = await client.search(mark, { start: '1h', end: 'now', limit: 3 });
    expect(answer.events).toHaveLength(3);
    expect(String(answer.events[0]?.['@rawstring'])).toContain(mark);
    const denied = new HecateClient({ url: hecate.url, token: 'nope' });
    await expect(denied.search(mark)).rejects.toMatchObject({ status: 401 });
  });
});
