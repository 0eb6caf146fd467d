/**
 * The new sources through the built `hecate-collector` binary into the real server: syslog over
 * TLS from a Node TLS client, a scheduled command, the journal (through the fake journalctl, first
 * on the collector's PATH) and a `.bz2` file, all into one connector — then found by search with
 * their `@collect.*` metadata.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, marker, startHecate, timestampMs } from '../helpers/server.js';
import type { Connector, Hecate, SearchEvent } from '../helpers/server.js';
import { hecateSinkYaml, startCollector, tempDir } from './collector-harness.js';
import type { RunningCollector } from './collector-harness.js';
import { installFakeJournalctl, makeTestPki } from './source-harness.js';
import type { TestPki } from './source-harness.js';

let hecate: Hecate;
let collector: RunningCollector;
let connector: Connector;
let pki: TestPki;
let fakeBin: string;
let tlsPort: number;
const tag = marker('src');
const journalTimeMs = Date.now() - 60_000;

beforeAll(async () => {
  pki = makeTestPki();
  fakeBin = mkdtempSync(path.join(os.tmpdir(), 'collector-e2e-bin-'));
  installFakeJournalctl(fakeBin);
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: marker('sources_'), parser: 'raw' });
  tlsPort = await freePort();
  const dir = await tempDir();
  mkdirSync(path.join(dir, 'log'));
  // The event keeps the entry's own time (a minute ago: inside search's default time range).
  writeFileSync(path.join(dir, 'journal.jsonl'), `${JSON.stringify({ __CURSOR: 'c1', __REALTIME_TIMESTAMP: String(journalTimeMs * 1000), MESSAGE: `journal ${tag}`, _SYSTEMD_UNIT: 'ssh.service', _PID: '9' })}\n`);
  writeFileSync(path.join(dir, 'log', 'old.log'), `archived ${tag} 1\narchived ${tag} 2\n`);
  execFileSync('bzip2', [path.join(dir, 'log', 'old.log')]);
  const config = `dataDirectory: ${dir}/data
sources:
  appliances_tls:
    type: syslog_tls
    port: ${tlsPort}
    bind: 127.0.0.1
    certificateFile: ${pki.serverCert}
    keyFile: ${pki.serverKey}
    sink: hecate
  disk_usage:
    type: cmd
    cmd: sh
    args: [-c, 'echo "cmd ${tag}"']
    mode: scheduled
    interval: 3600
    sink: hecate
  journal:
    type: journald
    excludeUnits: [cron]
    sink: hecate
  archives:
    type: file
    include: ${dir}/log/*
    sink: hecate
${hecateSinkYaml(hecate.url)}`;
  collector = await startCollector(
    config,
    { KEY: connector.apiKey, PATH: `${fakeBin}:${process.env.PATH ?? ''}`, FAKE_JOURNAL: path.join(dir, 'journal.jsonl'), FAKE_JOURNAL_ARGS: path.join(dir, 'journal-args.jsonl') },
    dir,
    // Started as `node hecate-collector.js`: these sources also run on the worker thread that path uses.
    { viaNode: true },
  );
});

afterAll(async () => {
  await collector?.dispose();
  await hecate?.dispose();
  rmSync(pki.dir, { recursive: true, force: true });
  rmSync(fakeBin, { recursive: true, force: true });
});

function bySource(events: SearchEvent[], name: string): SearchEvent[] {
  return events.filter((event) => event['@collect.source_name'] === name);
}

describe('the syslog_tls, cmd, journald sources and .bz2 files', () => {
  it('are listed in the status line', () => {
    expect(collector.logs()).toContain(`appliances_tls (syslog tls 127.0.0.1:${tlsPort})`);
    expect(collector.logs()).toContain(`disk_usage (cmd scheduled every 3600 s: sh -c echo "cmd ${tag}")`);
    expect(collector.logs()).toContain('journal (journald local journal)');
  });

  it('deliver their events with @collect metadata', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: tlsPort, ca: pki.read(pki.caFile) }, () => socket.end(`<13>1 2024-01-01T00:00:00Z h app - - - over tls ${tag}\n`));
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.resume();
    });
    const events = await hecate.waitForEvents(tag, 5, 20_000);
    expect(events).toHaveLength(5);

    const [tlsEvent] = bySource(events, 'appliances_tls');
    expect(tlsEvent?.['@rawstring']).toBe(`<13>1 2024-01-01T00:00:00Z h app - - - over tls ${tag}`);
    expect(tlsEvent).toMatchObject({ '@collect.source_type': 'syslog_tls', '@collect.socket': `:${tlsPort}/TLS` });
    expect(String(tlsEvent?.['@collect.remote'])).toMatch(/^127\.0\.0\.1:\d+$/);

    const [cmdEvent] = bySource(events, 'disk_usage');
    expect(cmdEvent).toMatchObject({ '@rawstring': `cmd ${tag}`, '@collect.source_type': 'cmd', '@collect.cmd': 'sh', '@collect.stream': 'stdout' });

    const [journalEvent] = bySource(events, 'journal');
    expect(journalEvent).toMatchObject({ '@rawstring': `journal ${tag}`, '@collect.source_type': 'journald', '@collect.unit': 'ssh.service', _PID: '9' });
    expect(timestampMs(journalEvent ?? {})).toBe(journalTimeMs);

    const archived = bySource(events, 'archives');
    expect(archived.map((event) => event['@rawstring']).sort()).toEqual([`archived ${tag} 1`, `archived ${tag} 2`]);
    expect(String(archived[0]?.['@collect.file'])).toMatch(/old\.log\.bz2$/);

    for (const event of events) expect(event['@collect.host']).toBe(os.hostname());
  });
});
