/**
 * The lines of a compressed log file, streamed: `.gz` through zlib, `.bz2` through the system's
 * `bzip2 -dc` (Node has no bzip2, and no dependency is added for it). Memory stays bounded by one
 * batch of lines whatever the file's size, and reading waits while `onLines` queues a batch.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LineSplitter } from '../line-splitter.js';
import type { Line } from '../line-splitter.js';

export type Compression = 'gzip' | 'bzip2';

export interface DecompressResult {
  /** What went wrong, if anything; the lines before the problem were passed on. */
  error?: string;
  /** The bzip2 program is not installed: nothing was read. */
  missingTool?: boolean;
}

const BATCH_LINES = 1000;
const MAX_LINE_BYTES = 1024 * 1024;

export function compressionOf(path: string): Compression | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.gz')) return 'gzip';
  if (lower.endsWith('.bz2')) return 'bzip2';
  return undefined;
}

export async function readCompressedLines(path: string, compression: Compression, onLines: (lines: Line[]) => Promise<void>, signal: AbortSignal): Promise<DecompressResult> {
  const source = compression === 'gzip' ? gunzip(path) : bunzip2(path);
  const splitter = new LineSplitter(MAX_LINE_BYTES);
  let batch: Line[] = [];
  try {
    for await (const chunk of source.stream as AsyncIterable<Buffer>) {
      if (signal.aborted) {
        source.cancel();
        return { error: 'stopped' };
      }
      batch.push(...splitter.push(chunk));
      if (batch.length >= BATCH_LINES) {
        await onLines(batch);
        batch = [];
      }
    }
    batch.push(...splitter.end());
    if (batch.length > 0) await onLines(batch);
  } catch (error) {
    source.cancel();
    const done = await source.done;
    if (done.missingTool) return done;
    return { error: (error as Error).message };
  }
  return source.done;
}

interface Decompressor {
  stream: Readable;
  /** Resolves once the decompressor finished, with its verdict. */
  done: Promise<DecompressResult>;
  cancel(): void;
}

function gunzip(path: string): Decompressor {
  const file = fs.createReadStream(path);
  const stream = file.pipe(createGunzip());
  file.on('error', (error) => stream.destroy(error));
  return { stream, done: Promise.resolve({}), cancel: () => file.destroy() };
}

function bunzip2(path: string): Decompressor {
  const child = spawn('bzip2', ['-dc', '--', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 2000) stderr += chunk.toString('utf8');
  });
  const done = new Promise<DecompressResult>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ENOENT' ? { missingTool: true, error: 'the bzip2 program is not installed (Debian/Ubuntu: apt-get install bzip2)' } : { error: `bzip2: ${error.message}` }),
    );
    child.once('close', (code, signal) => {
      if (code === 0) resolve({});
      else resolve({ error: `bzip2 -dc failed (${signal ?? `exit code ${code ?? '?'}`}): ${stderr.trim() || 'no message'}` });
    });
  });
  return { stream: child.stdout, done, cancel: () => child.kill('SIGKILL') };
}
