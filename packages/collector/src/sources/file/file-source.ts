/**
 * Files matched by globs, read line by line and followed through rotation.
 *
 * A file is known by its identity (device + inode), not its path. Each poll:
 * - a path whose inode changed (rename-and-create rotation) starts a new file from offset 0, while
 *   the renamed old file is read to its end and then closed;
 * - a file shorter than our offset was truncated (copy-truncate rotation): reading restarts at 0;
 * - otherwise complete lines past the offset are read and queued, then the checkpoint is saved.
 * An unterminated last line waits for its newline until the file has been idle for
 * `inactivityTimeout`. `.gz` and `.bz2` files are decompressed as a stream and read once (a
 * restart in the middle of one reads it again from its start).
 */
import fs from 'node:fs';
import type { CollectEvent, Source, SourceOutput } from '../../event.js';
import type { Logger } from '../../logger.js';
import { sleep } from '../../sleep.js';
import { collectFields, eventFields } from '../collect-fields.js';
import { CheckpointStore, HEAD_BYTES, readHead, readHeadOf } from './checkpoints.js';
import type { Checkpoint, FileHead } from './checkpoints.js';
import type { FileSourceConfig } from './config.js';
import { compressionOf, readCompressedLines } from './decompress.js';
import { expandGlobs } from './glob.js';
import { LineAssembler } from './line-assembler.js';
import type { AssembledEvent } from './line-assembler.js';

const POLL_MS = 200;
const READ_CHUNK = 1 << 20;
/** Bytes of lines queued at once: a read is queued in slices this size (see readFile). */
const EMIT_BYTES = 32 * 1024;
/**
 * Room asked of the queue before a slice is turned into events: a slice's envelopes (the line and its
 * `@collect.*` fields) take 2–4 times its bytes.
 */
const SLICE_ROOM = 4 * EMIT_BYTES;
/** How long an open multi-line event waits for more lines before it is emitted. */
const MULTILINE_FLUSH_MS = 1_000;
/** A rotated-away file stays open this long after its last growth: a writer may not have reopened yet. */
const ORPHAN_GRACE_MS = 2_000;

interface TrackedFile {
  path: string;
  dev: number;
  ino: number;
  fd: number | undefined;
  /** Bytes consumed: everything before it was queued. Always at a line boundary. */
  offset: number;
  lastGrowth: number;
  orphan: boolean;
  assembler: LineAssembler;
  /** The checksum of its first bytes, saved with its checkpoints (taken until HEAD_BYTES are read). */
  head: FileHead | undefined;
}

export class FileSource implements Source {
  private readonly files = new Map<string, TrackedFile>();
  private readonly checkpoints: CheckpointStore;
  private readonly base: Readonly<Record<string, string>>;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  /**
   * One read buffer for every file of the source, reused: lines are decoded into strings before the
   * next read, so nothing keeps a view of it, and the source does not allocate a fresh megabyte of
   * Buffer memory per read (garbage the heap would only free at its next full collection).
   */
  private readBuffer: Buffer | undefined;
  /** Compressed files that cannot be read until a restart (bzip2 missing): not retried every poll. */
  private readonly unreadable = new Set<string>();
  /** Compressed files read to their end (by this run, or by one whose checkpoint still matches them). */
  private readonly readArchives = new Set<string>();

  constructor(
    readonly name: string,
    private readonly config: FileSourceConfig,
    dataDirectory: string,
    private readonly output: SourceOutput,
    private readonly log: Logger,
  ) {
    this.checkpoints = new CheckpointStore(dataDirectory, name);
    this.base = collectFields(name, 'file');
  }

  describe(): string {
    return `${this.name} (file ${this.config.include.join(', ')})`;
  }

  async start(): Promise<void> {
    await this.poll();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    for (const file of this.files.values()) this.close(file);
    this.checkpoints.save();
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      await sleep(POLL_MS, this.abort.signal);
      if (this.abort.signal.aborted) break;
      try {
        await this.poll();
      } catch (error) {
        this.log.error(`source ${this.name}: reading files failed`, { error: (error as Error).message });
      }
    }
  }

  private async poll(): Promise<void> {
    const { include, exclude, excludeExtensions } = this.config;
    const seen = new Set<string>();
    for (const path of await expandGlobs(include, exclude, excludeExtensions)) {
      let stat;
      try {
        stat = fs.statSync(path);
      } catch {
        continue;
      }
      const key = `${stat.dev}:${stat.ino}`;
      seen.add(key);
      const known = this.files.get(key);
      if (known !== undefined) {
        known.path = path;
        continue;
      }
      if (compressionOf(path) !== undefined) {
        await this.readCompressed(path, stat.dev, stat.ino, stat.size);
        continue;
      }
      const checkpoint = this.checkpoints.get(stat.dev, stat.ino);
      const resume = checkpoint !== undefined && checkpoint.offset <= stat.size && this.startsAsBefore(path, stat.size, checkpoint);
      this.files.set(key, {
        path,
        dev: stat.dev,
        ino: stat.ino,
        fd: undefined,
        offset: resume ? checkpoint.offset : 0,
        lastGrowth: Date.now(),
        orphan: false,
        assembler: this.assembler(),
        head: resume ? checkpoint.head : undefined,
      });
    }
    for (const [key, file] of this.files) {
      if (this.abort.signal.aborted) return;
      if (!seen.has(key) && !file.orphan) file.orphan = true;
      await this.readFile(key, file);
    }
    // Checkpoints of files that are gone (deleted while the collector was stopped, or archives
    // deleted since): their inodes may come back as other files.
    if (this.checkpoints.retain((c) => seen.has(`${c.dev}:${c.ino}`) || this.files.has(`${c.dev}:${c.ino}`))) this.checkpoints.save();
    for (const key of this.readArchives) if (!seen.has(key)) this.readArchives.delete(key);
  }

  /** Whether the file at `path` still starts as it did when `checkpoint` was written (see Checkpoint.head). */
  private startsAsBefore(path: string, size: number, checkpoint: Checkpoint): boolean {
    const { head } = checkpoint;
    if (head === undefined) return true;
    // Unreadable now, or shorter than the head was: read as a new file when it can be opened.
    const now = size < head.bytes ? undefined : readHeadOf(path, head.bytes);
    const same = now !== undefined && now.bytes === head.bytes && now.crc === head.crc;
    if (!same && checkpoint.offset > 0) {
      this.log.info(`source ${this.name}: ${path} is not the file its checkpoint was written for (same inode, other content): reading it from the start`, { path });
    }
    return same;
  }

  private assembler(): LineAssembler {
    const { multiLineBeginsWith, multiLineContinuesWith } = this.config;
    return new LineAssembler({
      ...(multiLineBeginsWith === undefined ? {} : { beginsWith: new RegExp(multiLineBeginsWith) }),
      ...(multiLineContinuesWith === undefined ? {} : { continuesWith: new RegExp(multiLineContinuesWith) }),
    });
  }

  private async readFile(key: string, file: TrackedFile): Promise<void> {
    let size: number;
    try {
      if (file.fd === undefined) file.fd = fs.openSync(file.path, 'r');
      const stat = fs.fstatSync(file.fd);
      // A file closed for inactivity is reopened by path; if the path now names another file, ours
      // was rotated away while closed and is handled as a new one by the next scan.
      if (stat.ino !== file.ino) throw new Error('replaced');
      size = stat.size;
    } catch {
      // Gone before we opened it: nothing left to read.
      this.forget(key, file);
      return;
    }
    if (size < file.offset) {
      this.log.info(`source ${this.name}: ${file.path} was truncated, reading it from the start`, { path: file.path });
      file.offset = 0;
      file.assembler.reset();
      file.head = undefined;
    }
    const now = Date.now();
    while (size > file.offset && !this.abort.signal.aborted) {
      file.lastGrowth = now;
      const length = Math.min(READ_CHUNK, size - file.offset);
      const buffer = (this.readBuffer ??= Buffer.allocUnsafeSlow(READ_CHUNK));
      const read = fs.readSync(file.fd, buffer, 0, length, file.offset);
      // Shrunk since the fstat (truncated): the next poll sees the new size. The buffer past `read`
      // holds an earlier read, so nothing may be scanned beyond it.
      if (read <= 0) break;
      const lastNewline = buffer.lastIndexOf(0x0a, read - 1);
      if (lastNewline < 0) {
        // No complete line in a whole chunk: one line longer than READ_CHUNK; pass it on in pieces,
        // each ending on a character boundary so no character is split into two replacement marks.
        if (read < READ_CHUNK) break;
        const cut = utf8Boundary(buffer, read);
        await this.queue(file, [{ text: buffer.toString('utf8', 0, cut), end: file.offset + cut }], file.offset + cut);
        continue;
      }
      // Queued in slices of about EMIT_BYTES, each built once the queue has room for it: the strings
      // and events of a slice are garbage before the young generation collects twice, so they are
      // never promoted to the old one.
      const base = file.offset;
      let events: AssembledEvent[] = [];
      let start = 0;
      let sliceStart = 0;
      if (!(await this.roomForSlice())) return;
      while (start <= lastNewline) {
        const nl = buffer.indexOf(0x0a, start);
        const lineEnd = nl > start && buffer[nl - 1] === 0x0d ? nl - 1 : nl;
        file.assembler.add(buffer.toString('utf8', start, lineEnd), base + start, base + nl + 1, events);
        start = nl + 1;
        if (start - sliceStart >= EMIT_BYTES && start <= lastNewline) {
          await this.queue(file, events, base + start, false);
          events = [];
          sliceStart = start;
          // Stopped while the queue was full: the rest of the read is read again next time.
          if (!(await this.roomForSlice())) return;
        }
      }
      await this.queue(file, events, base + lastNewline + 1);
    }
    const idleMs = Date.now() - file.lastGrowth;
    if (idleMs >= MULTILINE_FLUSH_MS) {
      const events: AssembledEvent[] = [];
      file.assembler.flush(events);
      if (events.length > 0) await this.queue(file, events, file.offset);
    }
    const idleLimit = file.orphan ? ORPHAN_GRACE_MS : this.config.inactivityTimeout * 1000;
    if (idleMs >= idleLimit && size > file.offset) {
      // An unterminated last line: the writer is done with it.
      const tail = Buffer.allocUnsafe(size - file.offset);
      fs.readSync(file.fd, tail, 0, tail.length, file.offset);
      await this.queue(file, [{ text: tail.toString('utf8'), end: size }], size);
    }
    if (idleMs >= idleLimit) {
      if (file.orphan) this.forget(key, file);
      else this.close(file);
    }
  }

  /** Waits for the queue to have room for a slice; false if the source was stopped meanwhile. */
  private async roomForSlice(): Promise<boolean> {
    const { signal } = this.abort;
    if (signal.aborted) return false;
    let onAbort = (): void => {};
    const aborted = new Promise<void>((resolve) => {
      onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
    });
    await Promise.race([this.output.room(SLICE_ROOM), aborted]);
    signal.removeEventListener('abort', onAbort);
    return !signal.aborted;
  }

  /**
   * Queues events, then records how far the file is done (the start of an open multi-line event, if
   * any), and saves the checkpoints unless `save` is false (the rest of the same read follows).
   */
  private async queue(file: TrackedFile, assembled: readonly AssembledEvent[], consumed: number, save = true): Promise<void> {
    if (assembled.length > 0) {
      const time = Date.now();
      // One fields object for the whole read: the sink serialises it once, not once per line.
      const fields = eventFields(this.base, time, { '@collect.file': file.path });
      const events: CollectEvent[] = assembled.map((event) => ({ text: event.text, time, fields }));
      await this.output.emit(events);
    }
    file.offset = consumed;
    if ((file.head === undefined || file.head.bytes < HEAD_BYTES) && file.fd !== undefined) file.head = readHead(file.fd, consumed);
    this.checkpoints.set({ path: file.path, dev: file.dev, ino: file.ino, offset: file.assembler.openStart() ?? consumed, ...(file.head === undefined ? {} : { head: file.head }) });
    if (save) this.checkpoints.save();
  }

  private async readCompressed(path: string, dev: number, ino: number, size: number): Promise<void> {
    const checkpoint = this.checkpoints.get(dev, ino);
    const key = `${dev}:${ino}`;
    const compression = compressionOf(path);
    if (this.unreadable.has(key) || compression === undefined) return;
    if (checkpoint !== undefined && checkpoint.offset === size) {
      // Read already: its head is checked once per run (archives are looked at on every poll).
      if (this.readArchives.has(key)) return;
      if (this.startsAsBefore(path, size, checkpoint)) {
        this.readArchives.add(key);
        return;
      }
    }
    const assembler = this.assembler();
    const event = (text: string, time: number, truncated: boolean): CollectEvent => {
      const fields = eventFields(this.base, time, { '@collect.file': path });
      if (truncated) fields['@collect.truncated'] = 'true';
      return { text, time, fields };
    };
    const result = await readCompressedLines(
      path,
      compression,
      async (lines) => {
        const time = Date.now();
        const events: CollectEvent[] = [];
        const assembled: AssembledEvent[] = [];
        for (const line of lines) {
          // A line cut at the length limit is an event of its own, marked, in its place.
          if (line.truncated) assembler.flush(assembled);
          else assembler.add(line.text, 0, 0, assembled);
          for (const done of assembled.splice(0)) events.push(event(done.text, time, false));
          if (line.truncated) events.push(event(line.text, time, true));
        }
        if (events.length > 0) await this.output.emit(events);
      },
      this.abort.signal,
    );
    if (this.abort.signal.aborted) return; // not finished: read again from the start next time
    const rest: AssembledEvent[] = [];
    assembler.flush(rest);
    if (rest.length > 0) await this.output.emit(rest.map((done) => event(done.text, Date.now(), false)));
    if (result.missingTool) {
      this.unreadable.add(key);
      this.output.dropped('bzip2_missing', 1);
      this.log.error(`source ${this.name}: cannot read ${path}: ${result.error ?? ''}; it is skipped until a restart`, { path });
      return;
    }
    if (result.error !== undefined) {
      this.log.warn(`source ${this.name}: cannot decompress all of ${path}; the lines before the damage were sent`, { path, error: result.error });
      this.output.dropped(compression === 'gzip' ? 'bad_gzip' : 'bad_bzip2', 1);
    }
    const head = readHeadOf(path, size);
    this.checkpoints.set({ path, dev, ino, offset: size, ...(head === undefined ? {} : { head }) });
    this.checkpoints.save();
    this.readArchives.add(key);
  }

  private close(file: TrackedFile): void {
    if (file.fd !== undefined) fs.closeSync(file.fd);
    file.fd = undefined;
  }

  private forget(key: string, file: TrackedFile): void {
    this.close(file);
    this.files.delete(key);
    this.checkpoints.delete(file.dev, file.ino);
    this.checkpoints.save();
  }
}

/**
 * Where `buffer[0..length)` may be cut without splitting a UTF-8 character: `length` when it ends on
 * a whole character, else the start of the incomplete last one (malformed bytes are left as they are).
 */
export function utf8Boundary(buffer: Uint8Array, length: number): number {
  let lead = length - 1;
  while (lead > 0 && length - lead < 4 && ((buffer[lead] as number) & 0xc0) === 0x80) lead--;
  const b = buffer[lead] as number;
  const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + size > length && lead > 0 ? lead : length;
}
