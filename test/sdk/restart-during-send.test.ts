/**
 * A server restart during a long send loses nothing and duplicates nothing: a child process sends N
 * uniquely numbered events with the SDK (one X-Request-Id per batch, reused on every retry); the test
 * stops the server mid-send (SIGTERM, and kill -9), starts it again on the same port and data
 * directory, and then finds every event exactly once by search.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, marker, startHecate } from '../helpers/server.js';
import type { Hecate } from '../helpers/server.js';

/** Search returns at most 10 000 events: N leaves room to see duplicates. */
const N = 6_000;
const scratch = path.join(REPO_ROOT, 'test-artifacts', marker('restart'));
const script = path.join(scratch, 'send.mjs');

/**
 * The sender: events are produced slowly (a pause every 100), so the send outlasts the restart; it
 * prints the delivered count as it goes and the result at the end. `list` sends envelopes with
 * sendEventList; `raw` streams the same events as JSON lines through sendRawStream (the path of
 * sendEventFile: newline-aligned chunks to /services/collector/raw). Retries are generous: the server
 * is down for a few seconds and every retry must come back with the same request id.
 */
const SENDER = `import { HEC } from '@hecate/sdk';
const [url, key, mark, n, mode] = process.argv.slice(2);
const raw = mode === 'raw';
const hec = new HEC({ url, apiKey: key, batchEvents: 100, batchBytes: 8192, concurrency: 2, retries: 30, retryBaseMs: 100, timeoutMs: 5000 });
async function pause(i) {
  if (i % 100 === 0) await new Promise((r) => setTimeout(r, 20));
}
async function* events() {
  for (let i = 0; i < Number(n); i++) {
    await pause(i);
    yield { event: { mark, seq: i, text: mark + ' seq=' + i + ';' } };
  }
}
async function* lines() {
  for (let i = 0; i < Number(n); i++) {
    await pause(i);
    yield Buffer.from(JSON.stringify({ mark, seq: i, text: mark + ' seq=' + i + ';' }) + '\\n');
  }
}
let last = 0;
const onProgress = (p) => {
  if (p.events - last >= 200) { last = p.events; process.stdout.write('progress ' + p.events + '\\n'); }
};
const result = raw ? await hec.sendRawStream(lines(), { onProgress }) : await hec.sendEventList(events(), { onProgress });
await hec.close();
process.stdout.write('result ' + JSON.stringify({ events: result.events, failed: result.failed }) + '\\n');
`;

interface Sender {
  /** Events reported delivered so far. */
  delivered(): number;
  /** Resolves once at least `events` were reported delivered. */
  reached(events: number): Promise<void>;
  done: Promise<{ code: number | null; result: { events: number; failed: number } | undefined; output: string }>;
}

function startSender(url: string, key: string, mark: string, mode: 'list' | 'raw'): Sender {
  const child = spawn(process.execPath, [script, url, key, mark, String(N), mode], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let delivered = 0;
  const waiters: Array<{ events: number; resolve: () => void }> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const match of output.matchAll(/^progress (\d+)$/gm)) delivered = Math.max(delivered, Number(match[1]));
    for (const waiter of waiters.filter((w) => delivered >= w.events)) waiter.resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const done = new Promise<{ code: number | null; result: { events: number; failed: number } | undefined; output: string }>((resolve) => {
    child.once('exit', (code) => {
      const line = /^result (.*)$/m.exec(output)?.[1];
      resolve({ code, result: line === undefined ? undefined : (JSON.parse(line) as { events: number; failed: number }), output });
    });
  });
  return {
    delivered: () => delivered,
    reached: (events) =>
      new Promise<void>((resolve, reject) => {
        if (delivered >= events) return resolve();
        waiters.push({ events, resolve });
        void done.then(() => reject(new Error(`the sender ended before ${events} events were delivered:\n${output}`)));
      }),
    done,
  };
}

let hecate: Hecate;

beforeAll(async () => {
  hecate = await startHecate();
  await mkdir(scratch, { recursive: true });
  await writeFile(script, SENDER);
});

afterAll(async () => {
  await hecate?.dispose();
  await rm(scratch, { recursive: true, force: true });
});

/** How many times each sequence number of `mark` is stored. */
async function storedCounts(mark: string): Promise<Map<number, number>> {
  const events = await hecate.waitForEvents(mark, N, 20_000, { limit: 10_000 });
  const counts = new Map<number, number>();
  for (const event of events) {
    const seq = new RegExp(`${mark} seq=(\\d+);`).exec(String(event['@rawstring']))?.[1];
    if (seq !== undefined) counts.set(Number(seq), (counts.get(Number(seq)) ?? 0) + 1);
  }
  return counts;
}

describe.each([
  ['SIGTERM', 'sendEventList', 'list', () => hecate.stop()],
  ['kill -9', 'sendEventList', 'list', () => hecate.kill9()],
  ['SIGTERM', 'sendRawStream', 'raw', () => hecate.stop()],
  ['kill -9', 'sendRawStream', 'raw', () => hecate.kill9()],
] as const)('a restart (%s) during %s', (_how, _method, mode, stopServer) => {
  it('delivers every event exactly once', { timeout: 120_000 }, async () => {
    const connector = await hecate.createConnector({ name: marker('restart_'), parser: 'json' });
    const mark = marker('rs');
    const sender = startSender(hecate.url, connector.apiKey, mark, mode);
    await sender.reached(N / 4);
    await stopServer();
    const deliveredAtStop = sender.delivered();
    await hecate.restart();
    const { code, result, output } = await sender.done;
    expect(code, output).toBe(0);
    expect(result).toEqual({ events: N, failed: 0 });
    // The send really was interrupted: it had not finished when the server went down.
    expect(deliveredAtStop).toBeLessThan(N);
    const counts = await storedCounts(mark);
    const missing = Array.from({ length: N }, (_, i) => i).filter((i) => !counts.has(i));
    const duplicated = [...counts].filter(([, n]) => n > 1).map(([seq]) => seq);
    expect(missing.slice(0, 20), `${missing.length} missing`).toEqual([]);
    expect(duplicated.slice(0, 20), `${duplicated.length} duplicated`).toEqual([]);
    expect(counts.size).toBe(N);
  });
});
