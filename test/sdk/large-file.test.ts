/**
 * sendEventFile streams: a 200 MB generated file goes to Hecate from a separate process whose peak RSS
 * must stay far below the file size.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, marker, startHecate } from '../helpers/server.js';
import type { Hecate } from '../helpers/server.js';

const run = promisify(execFile);
const FILE_BYTES = 200 * 1024 * 1024;
const LINE_BYTES = 1024;
let hecate: Hecate;
const scratch = path.join(REPO_ROOT, 'test-artifacts', marker('large'));

beforeAll(async () => {
  hecate = await startHecate();
  await mkdir(scratch, { recursive: true });
});

afterAll(async () => {
  await hecate?.dispose();
  await rm(scratch, { recursive: true, force: true });
});

async function generate(file: string, mark: string): Promise<number> {
  const out = createWriteStream(file);
  const lines = FILE_BYTES / LINE_BYTES;
  const filler = 'x'.repeat(LINE_BYTES);
  for (let i = 0; i < lines; i++) {
    const head = `${mark} ${i} `;
    if (!out.write(`${head}${filler.slice(head.length + 1)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return lines;
}

it('streams a 200 MB file with bounded memory and delivers every line', { timeout: 90_000 }, async () => {
  const mark = marker('big');
  const file = path.join(scratch, 'big.log');
  const lines = await generate(file, mark);
  const connector = await hecate.createConnector({ name: 'large', parser: 'raw' });
  const script = path.join(scratch, 'send.mjs');
  await writeFile(
    script,
    `import { HEC } from '@hecate/sdk';
const hec = new HEC({ url: process.env.URL, apiKey: process.env.KEY, concurrency: 4 });
const result = await hec.sendEventFile(process.argv[2]);
await hec.close();
process.stdout.write(JSON.stringify({ events: result.events, bytes: result.bytes, maxRssKiB: process.resourceUsage().maxRSS }));
`,
  );
  const { stdout } = await run(process.execPath, [script, file], { env: { ...process.env, URL: hecate.url, KEY: connector.apiKey }, cwd: scratch, timeout: 80_000 });
  const report = JSON.parse(stdout) as { events: number; bytes: number; maxRssKiB: number };
  expect(report.events).toBe(lines);
  expect(report.bytes).toBe(FILE_BYTES);
  // Node alone takes ~45 MiB; the file is 200 MiB. A sender that buffered the file could not stay under this.
  expect(report.maxRssKiB / 1024).toBeLessThan(120);
  const last = await hecate.waitForEvents(`"${mark} ${lines - 1} "`, 1, 10_000);
  expect(last).toHaveLength(1);
});
