/**
 * File checkpoints are keyed by device and inode, and file systems reuse the inode of a deleted file.
 * A checkpoint carries a checksum of its file's first bytes: a file whose start no longer matches is
 * another file and is read from its start (the old checkpoint's offset would skip its first lines).
 * Checkpoints of files that are gone are dropped.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../packages/collector/src/config/load-config.js';
import type { Checkpoint } from '../../packages/collector/src/sources/file/checkpoints.js';
import type { FileSourceConfig } from '../../packages/collector/src/sources/file/config.js';
import { FileSource } from '../../packages/collector/src/sources/file/file-source.js';
import { captureLog, captureOutput, waitFor } from './source-harness.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'collector-checkpoints-'));
  mkdirSync(path.join(dir, 'log'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const checkpointFile = (): string => path.join(dir, 'data', 'checkpoints', 'logs.json');
const readCheckpoints = (): Checkpoint[] => JSON.parse(readFileSync(checkpointFile(), 'utf8')) as Checkpoint[];

/** Runs the file source until it emitted `lines` events (or 5 s), stops it, and returns their texts. */
async function readOnce(lines: number): Promise<{ texts: string[]; logs: string }> {
  const config = loadConfig(`sources:\n  logs: {type: file, include: "${dir}/log/*", sink: s}\nsinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:1"}\n`, {}).sources.logs as FileSourceConfig;
  const output = captureOutput();
  const { log, text } = captureLog();
  const source = new FileSource('logs', config, `${dir}/data`, output, log);
  await source.start();
  try {
    await waitFor(`${lines} events`, () => output.events.length >= lines, 5_000);
  } finally {
    await source.stop();
  }
  return { texts: output.events.map((e) => e.text), logs: text() };
}

describe('file checkpoints', () => {
  it('resume a file where it stopped, and record a checksum of its start', async () => {
    const file = path.join(dir, 'log', 'app.log');
    writeFileSync(file, 'one\ntwo\n');
    expect((await readOnce(2)).texts).toEqual(['one', 'two']);
    writeFileSync(file, 'one\ntwo\nthree\n');
    expect((await readOnce(1)).texts).toEqual(['three']);
    const [checkpoint] = readCheckpoints();
    expect(checkpoint).toMatchObject({ path: file, offset: 14, head: { bytes: 14 } });
  });

  it('read a file from its start when its inode has a checkpoint of another file', async () => {
    const file = path.join(dir, 'log', 'app.log');
    writeFileSync(file, 'a new file that reuses an old inode\nsecond line\n');
    const { dev, ino } = statSync(file);
    // What a deleted file with this inode left: a checkpoint 20 bytes in, and its own first bytes.
    mkdirSync(path.dirname(checkpointFile()), { recursive: true });
    writeFileSync(checkpointFile(), JSON.stringify([{ path: path.join(dir, 'log', 'old.log'), dev, ino, offset: 20, head: { bytes: 20, crc: 12345 } }]));
    const { texts, logs } = await readOnce(2);
    expect(texts).toEqual(['a new file that reuses an old inode', 'second line']);
    expect(logs).toContain('is not the file its checkpoint was written for');
  });

  it('still trust a checkpoint written before checksums existed', async () => {
    const file = path.join(dir, 'log', 'app.log');
    writeFileSync(file, 'already sent\nnew line\n');
    const { dev, ino } = statSync(file);
    mkdirSync(path.dirname(checkpointFile()), { recursive: true });
    writeFileSync(checkpointFile(), JSON.stringify([{ path: file, dev, ino, offset: 13 }]));
    expect((await readOnce(1)).texts).toEqual(['new line']);
  });

  it('drop the checkpoints of files that are gone', async () => {
    const file = path.join(dir, 'log', 'app.log');
    writeFileSync(file, 'line\n');
    const { dev, ino } = statSync(file);
    mkdirSync(path.dirname(checkpointFile()), { recursive: true });
    writeFileSync(checkpointFile(), JSON.stringify([{ path: path.join(dir, 'log', 'deleted.log'), dev, ino: ino + 1_000_000, offset: 99 }]));
    await readOnce(1);
    expect(readCheckpoints().map((c) => c.ino)).toEqual([ino]);
  });
});
