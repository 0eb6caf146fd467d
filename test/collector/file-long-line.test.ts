/**
 * A line of a plain file longer than the source's 1 MiB read is sent in pieces (docs/collector.md,
 * "Line length"); each piece must end on a character boundary, so the pieces put together are the
 * line exactly, with no character turned into two replacement marks.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../packages/collector/src/config/load-config.js';
import type { FileSourceConfig } from '../../packages/collector/src/sources/file/config.js';
import { FileSource, utf8Boundary } from '../../packages/collector/src/sources/file/file-source.js';
import { captureLog, captureOutput, waitFor } from './source-harness.js';

const MiB = 1 << 20;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'collector-long-line-'));
  mkdirSync(path.join(dir, 'log'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('utf8Boundary', () => {
  it('keeps a buffer that ends on a whole character', () => {
    for (const text of ['abc', 'aé', 'a€', 'a😀']) {
      const bytes = Buffer.from(text);
      expect(utf8Boundary(bytes, bytes.length), text).toBe(bytes.length);
    }
  });

  it('cuts before a character whose bytes do not all fit', () => {
    const bytes = Buffer.from('ab😀'); // 2 + 4 bytes
    for (let length = 3; length < 6; length++) expect(utf8Boundary(bytes, length)).toBe(2);
    const euro = Buffer.from('x€'); // 1 + 3 bytes
    expect(utf8Boundary(euro, 2)).toBe(1);
    expect(utf8Boundary(euro, 3)).toBe(1);
  });

  it('never cuts to nothing, and leaves malformed bytes as they are', () => {
    expect(utf8Boundary(Buffer.from([0xe2, 0x82]), 2)).toBe(2); // an incomplete character alone
    expect(utf8Boundary(Buffer.from([0x61, 0x80, 0x80, 0x80, 0x80]), 5)).toBe(5); // stray continuation bytes
  });
});

describe('file source, a line longer than one read', () => {
  it('sends it in pieces that join to the exact line', async () => {
    // Multi-byte characters straddle every 1 MiB boundary: 'é' is 2 bytes and '😀' 4 after an odd prefix.
    const line = `x${'é😀'.repeat(Math.ceil((2.5 * MiB) / 6))}`;
    writeFileSync(path.join(dir, 'log', 'big.log'), `${line}\nafter\n`);
    const config = loadConfig(`sources:\n  logs: {type: file, include: "${dir}/log/*", sink: s}\nsinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:1"}\n`, {}).sources.logs as FileSourceConfig;
    const output = captureOutput();
    const source = new FileSource('logs', config, `${dir}/data`, output, captureLog().log);
    await source.start();
    try {
      await waitFor('the line after the long one', () => output.events.some((e) => e.text === 'after'), 10_000);
      const pieces = output.events.filter((e) => e.text !== 'after').map((e) => e.text);
      expect(pieces.length).toBeGreaterThanOrEqual(3);
      for (const piece of pieces) {
        expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(MiB);
        expect(piece).not.toContain('\uFFFD');
      }
      expect(pieces.join('')).toBe(line);
    } finally {
      await source.stop();
    }
  });
});
