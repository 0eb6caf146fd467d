/**
 * Where each file source stopped: per file identity (device + inode) its path and the byte offset
 * up to which its events were queued. Written after every queued batch (write + rename, so a crash
 * leaves the old or the new file, never half of one) and read on start. A checkpoint lags the queue
 * at most by the batch being queued, so a crash can resend that batch (at-least-once), never skip it.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Checkpoint {
  path: string;
  dev: number;
  ino: number;
  offset: number;
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

  save(): void {
    fs.writeFileSync(`${this.file}.tmp`, JSON.stringify([...this.entries.values()]));
    fs.renameSync(`${this.file}.tmp`, this.file);
  }
}

function key(dev: number, ino: number): string {
  return `${dev}:${ino}`;
}
