/**
 * Parsers end to end against the real server: a custom CPS-style parser on a connector, HEC events
 * through it, normalized fields and tags in search; parse errors kept; a reference-product parser
 * template imported and its test cases run (API and `hecate parser test`); preview stores nothing.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HECATE_BIN, REPO_ROOT, marker, splunkAuth, startHecate, type Connector, type Hecate } from '../helpers/server.js';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/parsers/corelight-dns.yaml');

const ACME = {
  name: 'acme-fw',
  description: 'Acme firewall key=value lines',
  script: [
    'kvParse(prefix="Vendor.")',
    '| parseTimestamp("yyyy-MM-dd\'T\'HH:mm:ssXXX", field=Vendor.time)',
    '| Vendor := "acme" | event.module := "firewall" | event.dataset := "firewall.traffic"',
    '| source.ip := Vendor.src | destination.ip := Vendor.dst',
    '| case { Vendor.action="allow" | event.outcome := "success"; Vendor.action="deny" | event.outcome := "failure"; * }',
    '| Vendor.level != "debug"',
  ].join('\n'),
  tagFields: ['Vendor', 'event.module', 'event.outcome'],
  fieldsToBeRemovedBeforeParsing: ['secret'],
  testCases: [
    {
      event: { rawString: 'time=2025-01-02T03:04:05Z src=10.0.0.5 dst=1.1.1.1 action=allow' },
      assertions: [{ outputEventIndex: 0, fieldsHaveValues: { '#Vendor': 'acme', 'source.ip': '10.0.0.5', '@timestamp': '1735787045000' }, fieldsNotPresent: [] }],
    },
  ],
};

let hecate: Hecate;
let connector: Connector;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [HECATE_BIN, ...args], { env: { ...process.env, HECATE_URL: hecate.url, HECATE_TOKEN: hecate.adminToken } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

const send = (events: unknown[]) =>
  hecate.hec('/services/collector', { method: 'POST', headers: splunkAuth(connector.apiKey), body: events.map((e) => JSON.stringify(e)).join('') });

beforeAll(async () => {
  hecate = await startHecate();
  const created = await hecate.api('POST', '/api/v1/parsers', ACME);
  expect(created.status).toBe(201);
  const reply = await hecate.api<Connector>('POST', '/api/v1/connectors', { name: 'acme-fw-1', parser: 'acme-fw' });
  expect(reply.status).toBe(201);
  connector = reply.body;
}, 60_000);

afterAll(async () => {
  await hecate?.dispose();
});

describe('custom parsers at ingest', () => {
  it('normalizes events: tag fields become tags, @timestamp comes from the event, search finds them', async () => {
    const m = marker('acme');
    const reply = await send([
      { event: `time=2025-01-02T03:04:05Z src=10.0.0.5 dst=1.1.1.1 action=allow id=${m}`, fields: { secret: 'hunter2', site: 'eu' } },
      { event: `time=2025-01-02T03:04:06Z src=10.0.0.6 dst=1.1.1.1 action=deny id=${m}` },
      { event: `time=2025-01-02T03:04:07Z level=debug src=10.0.0.7 id=${m}` },
    ]);
    expect(reply.status).toBe(200);
    const found = await hecate.waitForEvents(`#Vendor=acme source.ip=10.0.0.5 Vendor.id=${m}`, 1, 10_000, { start: Date.parse('2025-01-01T00:00:00Z') });
    expect(found).toHaveLength(1);
    const [e] = found;
    expect(e).toMatchObject({ '#Vendor': 'acme', '#event.module': 'firewall', '#event.outcome': 'success', 'destination.ip': '1.1.1.1', site: 'eu', '#type': 'acme-fw' });
    expect(e?.secret).toBeUndefined();
    expect(new Date(e?.['@timestamp'] as string | number).getTime()).toBe(Date.parse('2025-01-02T03:04:05Z'));
    const all = await hecate.waitForEvents(`Vendor.id=${m}`, 2, 10_000, { start: Date.parse('2025-01-01T00:00:00Z') });
    // The debug line was dropped by the parser: never stored.
    expect(all).toHaveLength(2);
  });

  it('keeps an event the parser fails on, marked with @error, #error and @event_parsed=false', async () => {
    const m = marker('bad');
    expect((await send([{ event: `time=yesterday src=10.9.9.9 id=${m}` }])).status).toBe(200);
    const [e] = await hecate.waitForEvents(`#error=true Vendor.id=${m}`, 1, 10_000, { start: '1d' });
    expect(e).toMatchObject({ '@error': 'true', '@event_parsed': 'false', '#error': 'true' });
    expect(e?.['@error_msg']).toEqual(expect.any(String));
    expect(e?.['@rawstring']).toContain('time=yesterday');
  });

  it('refuses a script with diagnostics and a connector with an unknown parser', async () => {
    const bad = await hecate.api<{ error: { code: string; diagnostics: Array<{ code: string; range: { start: number } }> } }>('POST', '/api/v1/parsers', { name: 'broken', script: 'kvParse(' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.diagnostics[0]).toMatchObject({ code: expect.any(String), range: { start: expect.any(Number) } });
    expect((await hecate.api('POST', '/api/v1/connectors', { name: 'x', parser: 'nope' })).status).toBe(400);
    expect((await hecate.api('DELETE', '/api/v1/parsers/acme-fw')).status).toBe(409);
    expect((await hecate.api('PUT', '/api/v1/parsers/json', { script: 'kvParse()' })).status).toBe(409);
  });
});

describe('parser store: clone, export, import, test', () => {
  it('clones, exports as YAML and tests a saved parser', async () => {
    expect((await hecate.api('POST', '/api/v1/parsers/acme-fw/clone', { newName: 'acme-fw-copy' })).status).toBe(201);
    const yaml = await hecate.api<{ yaml: string }>('GET', '/api/v1/parsers/acme-fw-copy/yaml');
    expect(yaml.body.yaml).toContain('$schema: https://schemas.humio.com/parser/v0.3.0');
    const tested = await hecate.api<{ passed: boolean }>('POST', '/api/v1/parsers/acme-fw-copy/test');
    expect(tested.body.passed).toBe(true);
    const list = await hecate.api<{ parsers: Array<{ name: string; builtIn: boolean }> }>('GET', '/api/v1/parsers');
    expect(list.body.parsers).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'json', builtIn: true }), expect.objectContaining({ name: 'acme-fw-copy', builtIn: false })]));
  });

  it('imports a reference-product parser template; its test cases pass via the API and the CLI', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const imported = await hecate.api<{ name: string }>('POST', '/api/v1/parsers/import', { yaml: text });
    expect(imported.status).toBe(201);
    const report = await hecate.api<{ passed: boolean; summary: { testCases: number; passed: number } }>('POST', `/api/v1/parsers/${imported.body.name}/test`);
    expect(report.body).toMatchObject({ passed: true, summary: { testCases: 2, passed: 2 } });
    const local = await cli(['parser', 'test', FIXTURE]);
    expect(local.stdout).toContain('2 test case(s), 2 passed, 0 failed');
    expect(local.code).toBe(0);
  });

  it('reports failures by category for an unsaved script, and the CLI exits 1', async () => {
    const body = { ...ACME, testCases: [{ event: { rawString: 'src=1.2.3.4' }, assertions: [{ outputEventIndex: 0, fieldsHaveValues: { 'source.ip': '9.9.9.9' } }] }] };
    const report = await hecate.api<{ passed: boolean; testCases: Array<{ failures: Record<string, unknown[]>; outputEvents: unknown[] }> }>('POST', '/api/v1/parsers/test', body);
    expect(report.status).toBe(200);
    expect(report.body.passed).toBe(false);
    expect(report.body.testCases[0]?.failures.assertionFailuresOnFields).toHaveLength(1);
    expect(report.body.testCases[0]?.outputEvents).toHaveLength(1);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hecate-parser-'));
    const file = path.join(dir, 'failing.yaml');
    writeFileSync(file, readFileSync(FIXTURE, 'utf8').replace("source.ip: 10.1.2.3", "source.ip: 10.1.2.99"));
    const local = await cli(['parser', 'test', file]);
    expect(local.code).toBe(1);
    expect(local.stdout).toContain('assertionFailuresOnFields');
    expect(local.stdout).toContain('expected source.ip to be "10.1.2.99"');
  });
});

describe('connector preview', () => {
  it('shows what would be stored, with the timestamp source and parse errors, and stores nothing', async () => {
    const m = marker('preview');
    const reply = await hecate.api<{ events: Array<Record<string, unknown>>; droppedByParser: number; parseErrors: number }>('POST', `/api/v1/connectors/${connector.id}/preview`, {
      events: [
        { event: `time=2025-01-02T03:04:05Z src=10.0.0.8 action=deny id=${m}`, time: 1 },
        `src=10.0.0.9 id=${m}`,
        `time=bad id=${m}`,
        `level=debug id=${m}`,
      ],
    });
    expect(reply.status).toBe(200);
    const [a, b, c] = reply.body.events;
    expect(a).toMatchObject({ input: 0, timestampSource: 'parser', '@timestamp': Date.parse('2025-01-02T03:04:05Z'), tags: { '#Vendor': 'acme', '#event.outcome': 'failure' }, parseError: null });
    expect(b).toMatchObject({ input: 1, timestampSource: 'ingest' });
    expect(c).toMatchObject({ input: 2, tags: { '#error': 'true' }, parseError: expect.any(String) });
    expect(reply.body).toMatchObject({ droppedByParser: 1, parseErrors: 1 });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hecate-preview-'));
    const file = path.join(dir, 'samples.txt');
    writeFileSync(file, `src=10.0.0.10 id=${m}\n{"event": "src=10.0.0.11 id=${m}", "time": 1700000000}\n`);
    const out = await cli(['connector', 'preview', connector.id, file]);
    expect(out.code).toBe(0);
    const printed = JSON.parse(out.stdout) as { events: Array<{ timestampSource: string }> };
    expect(printed.events.map((e) => e.timestampSource)).toEqual(['ingest', 'hec']);
    // Nothing of the above reached the store.
    await new Promise((r) => setTimeout(r, 500));
    expect(await hecate.search(`Vendor.id=${m}`, { start: Date.parse('2000-01-01T00:00:00Z') })).toHaveLength(0);
  });
});

describe('a connector picks up a parser change for later events', () => {
  it('switches from the custom parser to json', async () => {
    expect((await hecate.api('PATCH', `/api/v1/connectors/${connector.id}`, { parser: 'json' })).status).toBe(200);
    const m = marker('json');
    expect((await send([{ event: { id: m, nested: { v: 1 } } }])).status).toBe(200);
    const [e] = await hecate.waitForEvents(`id=${m}`, 1, 10_000);
    expect(e).toMatchObject({ 'nested.v': '1', '#type': 'json' });
    expect((await hecate.api('PATCH', `/api/v1/connectors/${connector.id}`, { parser: 'acme-fw' })).status).toBe(200);
  });
});
