/**
 * `hecate conformance`: every check passes against the real Hecate (which implements the reference),
 * and a deliberately wrong HEC (200 Success to everything) is caught with diffs and exit code 1.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HECATE_BIN, marker, startHecate } from '../helpers/server.js';
import type { Hecate } from '../helpers/server.js';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

interface JsonReport {
  target: string;
  summary: { pass: number; diff: number; skip: number; total: number };
  checks: Array<{ name: string; section: string; outcome: string; differences: string[]; actual?: { status: number; text: string } }>;
}

function conformance(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [HECATE_BIN, 'conformance', ...args], { env: { ...process.env, HECATE_API_KEY: '' }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

let hecate: Hecate;
let keys: { key: string; ackKey: string; restrictedKey: string };
let fake: http.Server;
let fakeUrl: string;
/** Every request the fake received: proves the checker sends only to the given URL's server. */
const fakeRequests: string[] = [];

beforeAll(async () => {
  hecate = await startHecate();
  const plain = await hecate.createConnector({ name: marker('conf_plain_') });
  const acked = await hecate.createConnector({ name: marker('conf_ack_'), hec: { useAck: true } });
  const restricted = await hecate.createConnector({ name: marker('conf_restricted_'), hec: { indexes: ['allowed'], defaultIndex: 'allowed' } });
  keys = { key: plain.apiKey, ackKey: acked.apiKey, restrictedKey: restricted.apiKey };
  fake = http.createServer((req, res) => {
    fakeRequests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"text":"Success","code":0}');
    });
  });
  fake.listen(0, '127.0.0.1');
  await once(fake, 'listening');
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await hecate?.dispose();
  await new Promise<void>((resolve) => (fake === undefined ? resolve() : fake.close(() => resolve())));
});

describe('hecate conformance against Hecate', () => {
  it('passes every check, with all credentials given (--json)', async () => {
    const out = await conformance([`${hecate.url}/services/collector`, '--key', keys.key, '--ack-key', keys.ackKey, '--restricted-key', keys.restrictedKey, '--json']);
    const report = JSON.parse(out.stdout) as JsonReport;
    const differing = report.checks.filter((c) => c.outcome !== 'pass');
    expect(differing, JSON.stringify(differing, null, 2)).toEqual([]);
    expect(report.summary.skip).toBe(0);
    expect(report.summary.total).toBeGreaterThanOrEqual(90);
    const sections = new Set(report.checks.map((c) => c.section.split(' ')[0]));
    expect([...sections].sort()).toEqual(['§1', '§2', '§4.1', '§4.3', '§4.4', '§4.5', '§4.6', '§5', '§6', '§7', '§8', '§9'].sort());
    expect(out.code).toBe(0);
  }, 120_000);

  it('prints pass lines and a summary, skips the ack and code-7 checks without their keys, and exits 0', async () => {
    const out = await conformance([hecate.url, '--key', keys.key]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^§8 health$/m);
    expect(out.stdout).toMatch(/^ {2}pass {2}Authorization: Splunk <key> is accepted$/m);
    expect(out.stdout).toMatch(/skip {2}the first request on a channel gets ackId 0 \(needs --ack-key\)/);
    expect(out.stdout).toMatch(/skip {2}code 7 \+1 quirk: .* \(needs --restricted-key\)/);
    expect(out.stdout).toMatch(/\d+ checks: \d+ pass, 0 differ from Splunk, \d+ skipped/);
    expect(out.stdout).not.toContain(keys.key);
  }, 120_000);

  it('reports a wrong expectation as a diff: --query-auth on a key without query-string auth', async () => {
    const out = await conformance([hecate.url, '--key', keys.key, '--query-auth', '--json']);
    const report = JSON.parse(out.stdout) as JsonReport;
    const diffs = report.checks.filter((c) => c.outcome === 'diff');
    expect(diffs.map((c) => c.name)).toEqual(['?token=<key> is 400 code 16 unless the token allows query-string auth']);
    expect(diffs[0]?.differences).toEqual(['status', 'text', 'code']);
    expect(out.code).toBe(1);
  }, 120_000);

  it('exits 1 with a message when no key is given', async () => {
    const out = await conformance([hecate.url]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('--key (or HECATE_API_KEY) is required');
  });
});

describe('hecate conformance against a HEC that answers 200 to everything', () => {
  it('prints diffs against Splunk and exits 1', async () => {
    const out = await conformance([fakeUrl, '--key', 'anything', '--ack-key', 'acked']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('  DIFF  no Authorization header is 401 code 2');
    expect(out.stdout).toContain('        splunk:   401 {"text":"Token is required","code":2}');
    expect(out.stdout).toContain('        answered: 200 {"text":"Success","code":0}');
    expect(out.stdout).toMatch(/differs: {2}status, text, code$/m);
    expect(out.stdout).toMatch(/\d+ checks: \d+ pass, [1-9]\d* differ from Splunk/);
  }, 120_000);

  it('flags exactly the checks whose Splunk answer is not 200 Success', async () => {
    const out = await conformance([fakeUrl, '--key', 'anything', '--ack-key', 'acked', '--restricted-key', 'r', '--json']);
    const report = JSON.parse(out.stdout) as JsonReport;
    const byName = new Map(report.checks.map((c) => [c.name, c]));
    expect(byName.get('POST /services/collector/event takes JSON events')?.outcome).toBe('pass');
    expect(byName.get('a top-level JSON array is a batch')?.outcome).toBe('pass');
    expect(byName.get('GET /services/collector/event is 405 with the 404 body')?.differences).toEqual(['status', 'text', 'code']);
    expect(byName.get('partial batch: a blank third event is code 13 at 2')?.differences).toEqual(['status', 'text', 'code', 'invalid-event-number']);
    expect(byName.get('the first request on a channel gets ackId 0')?.differences).toEqual(['ackId']);
    expect(byName.get('a committed request reads true on /ack')?.differences).toEqual(['acks']);
    expect(byName.get('GET /services/collector/health is 200 code 17')?.differences).toEqual(['text', 'code']);
    expect(report.summary.diff).toBeGreaterThan(report.summary.total / 2);
    expect(report.summary.skip).toBe(0);
    expect(out.code).toBe(1);
    // Only the given server was contacted, and only on HEC paths.
    expect(fakeRequests.length).toBeGreaterThan(report.summary.total);
    expect(fakeRequests.every((line) => / \/services\/collector/.test(line))).toBe(true);
  }, 120_000);

  it('counts a server that is not there as a diff, not a crash', async () => {
    const dead = http.createServer();
    dead.listen(0, '127.0.0.1');
    await once(dead, 'listening');
    const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const out = await conformance([url, '--key', 'k', '--json']);
    const report = JSON.parse(out.stdout) as JsonReport;
    expect(report.summary.pass).toBe(0);
    expect(report.checks[0]?.differences[0]).toMatch(/^request failed: /);
    expect(out.code).toBe(1);
  }, 120_000);
});
