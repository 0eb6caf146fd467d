/**
 * Compressed files in the file source: `.bz2` through the system's bzip2 and `.gz` through zlib,
 * both streamed (many batches, never the whole file at once), read once, with multi-line rules,
 * a damaged file's good lines kept and the damage counted, and a clear error when bzip2 is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../packages/collector/src/config/load-config.js';
import type { FileSourceConfig } from '../../packages/collector/src/sources/file/config.js';
import { FileSource } from '../../packages/collector/src/sources/file/file-source.js';
import { captureLog, captureOutput, waitFor } from './source-harness.js';

let dir: string;
const savedPath = process.env.PATH;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'collector-compressed-'));
  mkdirSync(path.join(dir, 'log'));
});

afterEach(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

function fileSource(extra = '') {
  const config = loadConfig(`sources:\n  logs: {type: file, include: "${dir}/log/*", sink: s${extra}}\nsinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:1"}\n`, {}).sources.logs as FileSourceConfig;
  const output = captureOutput();
  const logs = captureLog();
  return { source: new FileSource('logs', config, `${dir}/data`, output, logs.log), output, logs };
}

function numbered(n: number, prefix: string): string {
  let text = '';
  for (let i = 0; i < n; i++) text += `${prefix} line ${i} ${'x'.repeat(40)}\n`;
  return text;
}

function bzip2(file: string, text: string): void {
  writeFileSync(file.replace(/\.bz2$/, ''), text);
  execFileSync('bzip2', ['-z', '-f', file.replace(/\.bz2$/, '')]);
}

describe('file source, compressed files', () => {
  it.each([
    ['bz2', (file: string, text: string) => bzip2(file, text)],
    ['gz', (file: string, text: string) => writeFileSync(file, gzipSync(text))],
  ])('streams a .%s file line by line in batches, once', async (ext, compress) => {
    const file = path.join(dir, 'log', `old.log.${ext}`);
    compress(file, numbered(50_000, ext));
    const { source, output } = fileSource();
    await source.start();
    try {
      await waitFor('every line', () => output.events.length === 50_000, 20_000);
      expect(output.batches).toBeGreaterThan(20); // one batch per decompressed chunk or so, never the whole file
      expect(output.events[49_999]?.text).toBe(`${ext} line 49999 ${'x'.repeat(40)}`);
      expect(output.events[0]?.fields['@collect.file']).toBe(file);
    } finally {
      await source.stop();
    }
    // A restart finds it done.
    const again = fileSource();
    await again.source.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await again.source.stop();
    expect(again.output.events).toHaveLength(0);
  });

  it('applies the multi-line rules to a compressed file', async () => {
    bzip2(path.join(dir, 'log', 'app.log.bz2'), '2024-01-01 start\n  at frame 1\n  at frame 2\n2024-01-02 next\n');
    const { source, output } = fileSource(`, multiLineBeginsWith: '^\\d{4}-'`);
    await source.start();
    try {
      await waitFor('two events', () => output.events.length === 2);
      expect(output.events.map((event) => event.text)).toEqual(['2024-01-01 start\n  at frame 1\n  at frame 2', '2024-01-02 next']);
    } finally {
      await source.stop();
    }
  });

  it('keeps the lines before the damage in a truncated .bz2, counts it, and does not read it again', async () => {
    const file = path.join(dir, 'log', 'broken.log.bz2');
    // Several 900 kB bzip2 blocks, so the blocks before the cut decompress.
    bzip2(file, numbered(80_000, 'bz'));
    truncateSync(file, statSync(file).size - 1000);
    const { source, output, logs } = fileSource();
    await source.start();
    try {
      await waitFor('the damage counted', () => output.drops.bad_bzip2 === 1, 20_000);
      expect(output.events.length).toBeGreaterThan(10_000);
      expect(output.events.length).toBeLessThan(80_000);
      expect(logs.text()).toContain(`cannot decompress all of ${file}`);
    } finally {
      await source.stop();
    }
    const checkpoints = JSON.parse(readFileSync(`${dir}/data/checkpoints/logs.json`, 'utf8')) as Array<{ path: string }>;
    expect(checkpoints.map((entry) => entry.path)).toContain(file);
  });

  it('reports a missing bzip2 once, skips the file until a restart, and reads it once bzip2 is back', async () => {
    const file = path.join(dir, 'log', 'rotated.log.bz2');
    bzip2(file, 'kept for later\n');
    process.env.PATH = path.join(dir, 'log'); // no bzip2 there
    const missing = fileSource();
    await missing.source.start();
    await new Promise((resolve) => setTimeout(resolve, 700)); // a few polls
    await missing.source.stop();
    expect(missing.output.drops).toEqual({ bzip2_missing: 1 });
    expect(missing.logs.text()).toContain('the bzip2 program is not installed (Debian/Ubuntu: apt-get install bzip2)');
    process.env.PATH = savedPath;
    const back = fileSource();
    await back.source.start();
    try {
      await waitFor('the line', () => back.output.events.length === 1);
      expect(back.output.events[0]?.text).toBe('kept for later');
    } finally {
      await back.source.stop();
    }
  });
});
