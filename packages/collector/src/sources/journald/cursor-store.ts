/**
 * The journald source's position: the cursor of the last entry whose event was queued, in
 * `<dataDirectory>/checkpoints/<source>.json`. Saved after each queued batch by write + rename, so
 * a crash leaves the old or the new cursor, never half of one; a restart resumes with
 * `--after-cursor` and can resend at most the batch that was being queued (at-least-once).
 */
import fs from 'node:fs';
import path from 'node:path';

export class CursorStore {
  private readonly file: string;
  private current: string | undefined;

  constructor(dataDirectory: string, sourceName: string) {
    const dir = path.join(dataDirectory, 'checkpoints');
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${sourceName}.json`);
    try {
      const saved = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { cursor?: unknown };
      if (typeof saved.cursor === 'string' && saved.cursor !== '') this.current = saved.cursor;
    } catch {
      // no cursor yet (or an unreadable file): the journal is read from its start
    }
  }

  get(): string | undefined {
    return this.current;
  }

  save(cursor: string): void {
    if (cursor === this.current) return;
    this.current = cursor;
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify({ cursor })}\n`);
    fs.renameSync(tmp, this.file);
  }
}
