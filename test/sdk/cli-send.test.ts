/** `hecate send`: delivery, summary, and exit codes that say what was not delivered and why. */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HECATE_BIN, marker, startHecate } from '../helpers/server.js';
import type { Connector, Hecate } from '../helpers/server.js';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function send(args: string[], env: Record<string, string> = {}, input?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [HECATE_BIN, 'send', ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

let hecate: Hecate;
let connector: Connector;
let dir: string;

beforeAll(async () => {
  hecate = await startHecate();
  connector = await hecate.createConnector({ name: 'cli-send', parser: 'raw' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'hecate-cli-send-'));
});

afterAll(async () => {
  await hecate?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('hecate send', () => {
  it.each([[false], [true]])('delivers every line of a .gz file and of stdin (raw %s), exit 0 with a summary', async (raw) => {
    const mark = marker('cli');
    const file = path.join(dir, `${mark}.log.gz`);
    await writeFile(file, gzipSync(Array.from({ length: 120 }, (_, i) => `${mark} line ${i}`).join('\n') + '\n'));
    const flags = ['--url', connector.ingestUrl, '--sourcetype', 'cli', '--host', 'cli-host', ...(raw ? ['--raw'] : [])];
    const outcome = await send([file, '-', ...flags], { HECATE_API_KEY: connector.apiKey }, `${mark} from stdin\n`);
    expect(outcome.stderr).toContain('120 events');
    expect(outcome.stderr).toContain('stdin: 1 events');
    expect(outcome.code).toBe(0);
    const stored = await hecate.waitForEvents(mark, 121);
    expect(stored).toHaveLength(121);
    expect(new Set(stored.map((e) => e['@host']))).toEqual(new Set(['cli-host']));
  });

  it('exits 1 with the HEC message when the key is wrong', async () => {
    const file = path.join(dir, 'bad-key.log');
    await writeFile(file, 'a\nb\n');
    const outcome = await send([file, '--url', hecate.url, '--key', 'not-a-real-key']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('not delivered');
    expect(outcome.stderr).toContain('Invalid token (code 4)');
    expect(outcome.stderr).not.toContain('not-a-real-key');
  });

  it('says the rest of a raw input was not read when the send stops early', async () => {
    const file = path.join(dir, 'bad-key-raw.log');
    // ~12 MiB: many more 1 MiB chunks than are in flight when the first 403 stops the send.
    await writeFile(file, `${'x'.repeat(120)}\n`.repeat(100_000));
    const outcome = await send([file, '--url', hecate.url, '--key', 'not-a-real-key', '--raw']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('not delivered, and the rest of the input was not read');
    expect(outcome.stderr).toMatch(/line \d+ onwards: not sent: the send stopped after HEC answered 403: Invalid token \(code 4\)/);
  });

  it('exits 1 saying the connection failed when the URL is unreachable', async () => {
    const file = path.join(dir, 'unreachable.log');
    await writeFile(file, 'a\n');
    const outcome = await send([file, '--url', 'http://127.0.0.1:1', '--retries', '1'], { HECATE_API_KEY: 'k' });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/connection failed: .*ECONNREFUSED/);
  });

  it('exits 1 after --retry-timeout when the endpoint stays busy, saying so', async () => {
    const busy = http.createServer((req, res) => {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' }).end('{"text":"Server is busy","code":9}');
    });
    busy.listen(0, '127.0.0.1');
    await once(busy, 'listening');
    try {
      const file = path.join(dir, 'busy.log');
      await writeFile(file, 'a\nb\n');
      const url = `http://127.0.0.1:${(busy.address() as AddressInfo).port}`;
      // --retries 0: busy answers are bounded by time, not by the count.
      const outcome = await send([file, '--url', url, '--retries', '0', '--retry-timeout', '1'], { HECATE_API_KEY: 'k' });
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toContain('2 event(s) not delivered');
      expect(outcome.stderr).toMatch(/HEC answered 503: Server is busy \(code 9\); gave up after \d+ attempts? in \d+\.\d s/);
    } finally {
      busy.closeAllConnections();
      busy.close();
    }
  });

  it.each([
    ['--retry-timeout', 'soon'],
    ['--retries', '-1'],
    ['--concurrency', '0'],
  ])('exits 1 naming %s when it is %s', async (flag, value) => {
    const outcome = await send(['-', '--url', hecate.url, flag, value], { HECATE_API_KEY: 'k' }, 'x\n');
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${flag} must be a number`);
  });

  it('exits 1 when there is no key', async () => {
    const outcome = await send(['-', '--url', hecate.url], { HECATE_API_KEY: '' }, 'x\n');
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('HECATE_API_KEY');
  });
});
