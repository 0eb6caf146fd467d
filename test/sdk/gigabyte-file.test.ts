/**
 * sendEventFile streams a 1 GiB file with bounded memory and delivers every line exactly once.
 *
 * The file is generated in a temporary directory (fixed-width numbered lines) and deleted afterwards.
 * It goes to a minimal HEC sink in this process, not to Hecate, which would store a gigabyte: the sink
 * checks each raw body line by line and answers success. The sender runs in its own process, which
 * reports its peak RSS.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/server.js';

const run = promisify(execFile);
const FILE_BYTES = 1024 ** 3;
const LINE_BYTES = 1024;
const LINES = FILE_BYTES / LINE_BYTES;
/** Each line: its number in DIGITS digits, a space, filler, a newline. */
const DIGITS = 8;
const KEY = 'gigabyte-test-key';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hecate-sdk-gigabyte-'));
});

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Writes LINES numbered lines, one 1 MiB block at a time. */
async function generate(file: string): Promise<void> {
  const linesPerBlock = 1024;
  const block = Buffer.alloc(linesPerBlock * LINE_BYTES, 'x');
  for (let j = 0; j < linesPerBlock; j++) {
    block[j * LINE_BYTES + DIGITS] = 0x20;
    block[(j + 1) * LINE_BYTES - 1] = 0x0a;
  }
  const handle = await open(file, 'w');
  try {
    for (let first = 0; first < LINES; first += linesPerBlock) {
      for (let j = 0; j < linesPerBlock; j++) block.write(String(first + j).padStart(DIGITS, '0'), j * LINE_BYTES, 'latin1');
      await handle.write(block);
    }
  } finally {
    await handle.close();
  }
}

interface Tally {
  lines: number;
  /** Sum of the line numbers received. */
  sum: number;
  duplicates: number;
  malformed: number;
  seen: Uint8Array;
}

/** A raw HEC endpoint that checks every line it gets: right length, a number never seen before. */
async function countingSink(tally: Tally): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url?.startsWith('/services/collector/raw') !== true || req.headers.authorization !== `Splunk ${KEY}`) {
        res.writeHead(400).end('{"text":"unexpected request","code":6}');
        return;
      }
      const body = Buffer.concat(chunks);
      // The SDK cuts the file at newlines, so a body holds whole lines.
      for (let start = 0; start < body.length; ) {
        const end = body.indexOf(0x0a, start);
        const n = Number(body.toString('latin1', start, start + DIGITS));
        if (end - start + 1 !== LINE_BYTES || !Number.isInteger(n) || n < 0 || n >= LINES) tally.malformed++;
        else if (tally.seen[n] === 1) tally.duplicates++;
        else {
          tally.seen[n] = 1;
          tally.lines++;
          tally.sum += n;
        }
        start = end === -1 ? body.length : end + 1;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"Success","code":0}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

it('streams a 1 GiB file with bounded memory and delivers every line exactly once', { timeout: 120_000 }, async () => {
  const file = path.join(dir, 'gigabyte.log');
  await generate(file);
  const tally: Tally = { lines: 0, sum: 0, duplicates: 0, malformed: 0, seen: new Uint8Array(LINES) };
  const sink = await countingSink(tally);
  const script = path.join(dir, 'send.mjs');
  const sdk = pathToFileURL(path.join(REPO_ROOT, 'packages/sdk/dist/index.js')).href;
  await writeFile(
    script,
    `import { HEC } from ${JSON.stringify(sdk)};
let heapPeak = 0;
const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20);
const hec = new HEC({ url: process.env.URL, apiKey: process.env.KEY, concurrency: 4 });
const result = await hec.sendEventFile(process.argv[2]);
await hec.close();
clearInterval(sampler);
process.stdout.write(JSON.stringify({ events: result.events, bytes: result.bytes, requests: result.requests, maxRssKiB: process.resourceUsage().maxRSS, heapPeak }));
`,
  );
  try {
    const { stdout } = await run(process.execPath, [script, file], { env: { ...process.env, URL: sink.url, KEY }, timeout: 100_000 });
    const report = JSON.parse(stdout) as { events: number; bytes: number; requests: number; maxRssKiB: number; heapPeak: number };
    expect(report).toMatchObject({ events: LINES, bytes: FILE_BYTES });
    expect({ lines: tally.lines, duplicates: tally.duplicates, malformed: tally.malformed }).toEqual({ lines: LINES, duplicates: 0, malformed: 0 });
    // Every number 0…LINES-1 once: their sum is fixed.
    expect(tally.sum).toBe((LINES * (LINES - 1)) / 2);
    // The file is 1024 MiB; the sender holds a few 1 MiB batches whatever its size.
    expect(report.maxRssKiB / 1024).toBeLessThanOrEqual(200);
    expect(report.heapPeak / 1024 ** 2).toBeLessThanOrEqual(64);
  } finally {
    await sink.close();
    await rm(file, { force: true });
  }
});
