/**
 * Where each file source stopped: per file identity (device + inode) its path, the byte offset up
 * to which its events were queued, and a checksum of its first bytes (the inode of a deleted file is
 * reused for new files). Checkpoints of files no longer found are dropped. Written after every queued batch (write + rename, so a crash
 * leaves the old or the new file, never half of one) and read on start. A checkpoint lags the queue
 * at most by the batch being queued, so a crash can resend that batch (at-least-once), never skip it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from '@hecate/hec/crc32';

export interface Checkpoint {
  path: string;
  dev: number;
  ino: number;
  offset: number;
  /**
   * The CRC-32 of the file's first `bytes` bytes (at most HEAD_BYTES) when the checkpoint was written.
   * A file system reuses the inode of a deleted file: a checkpoint whose head no longer matches is
   * another file's, and the file is read from its start. Checkpoints written before it have none.
   */
  head?: FileHead;
}

export interface FileHead {
  bytes: number;
  crc: number;
}

/** How much of a file's start identifies it. */
export const HEAD_BYTES = 256;

/** The head of the file open as `fd`: its first min(HEAD_BYTES, size) bytes. */
export function readHead(fd: number, size: number): FileHead {
  const buffer = Buffer.alloc(Math.min(HEAD_BYTES, size));
  const bytes = buffer.length === 0 ? 0 : fs.readSync(fd, buffer, 0, buffer.length, 0);
  return { bytes, crc: crc32(buffer, 0, bytes) };
}

/** The head of the file at `path` (of `size` bytes); undefined when it cannot be read. */
export function readHeadOf(path: string, size: number): FileHead | undefined {
  try {
    const fd = fs.openSync(path, 'r');
    try {
      return readHead(fd, size);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

export class CheckpointStore {
  private readonly file: string;
  private entries = new Map<string, Checkpoint>();

  constructor(dataDirectory: string, sourceName: string) {
    const dir = path.join(dataDirectory, 'checkpoints');
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${sourceName}.json`);
    try {
      const list = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Checkpoint[];
      for (const entry of list) this.entries.set(key(entry.dev, entry.ino), entry);
    } catch {
      // no checkpoints yet (or an unreadable file): files are read from the start
    }
  }

  get(dev: number, ino: number): Checkpoint | undefined {
    return this.entries.get(key(dev, ino));
  }

  set(checkpoint: Checkpoint): void {
    this.entries.set(key(checkpoint.dev, checkpoint.ino), checkpoint);
  }

  delete(dev: number, ino: number): void {
    this.entries.delete(key(dev, ino));
  }

  /** Drops the checkpoints `keep` refuses; true when there were any. */
  retain(keep: (checkpoint: Checkpoint) => boolean): boolean {
    let dropped = false;
    for (const [k, checkpoint] of this.entries) {
      if (keep(checkpoint)) continue;
      this.entries.delete(k);
      dropped = true;
    }
    return dropped;
  }

  save(): void {
    fs.writeFileSync(`${this.file}.tmp`, JSON.stringify([...this.entries.values()]));
    fs.renameSync(`${this.file}.tmp`, this.file);
  }
}

function key(dev: number, ino: number): string {
  return `${dev}:${ino}`;
}
