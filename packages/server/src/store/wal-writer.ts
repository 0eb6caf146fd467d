/**
 * The write-ahead-log writer: group commit over segment files.
 *
 * ## Invariants
 * - One writer loop. Each turn takes *everything* queued, writes it with one positional write at the
 *   end of the active segment, then issues one `fdatasync`; only then are the callers' promises
 *   resolved and the bytes handed to `onSynced` (the indexer). While a turn is in flight new frames
 *   accumulate, so the number of syncs adapts to the load (one per turn, not one per commit).
 * - Frames never straddle segments: a turn that would push a non-empty segment past `segmentBytes`
 *   first closes it and creates the next one, named after its base position, then fsyncs the
 *   directory so the new name survives a crash.
 * - Positions only grow: a segment's base is the end position of the previous one.
 *
 * ## Failure behaviour
 * A failed write or sync rejects every commit of that turn and every later one (fail-stop): the
 * segment tail is then unknown, and the next `open()` truncates it to the last valid frame.
 */
import { open, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { segmentFileName } from './wal-segments.js';

export interface SyncedBatch {
  /** The frames exactly as written; owned by the callee. */
  bytes: Buffer;
  /** Global log position of the first byte. */
  start: number;
  events: number;
}

export interface SegmentInfo {
  base: number;
  size: number;
  /**
   * Unix ms of the newest record in the segment that carries a deduplication key (0 when none).
   * A segment is kept past indexing only while such records are inside the dedup window.
   */
  lastKeyedAt: number;
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class WalWriter {
  /** Bytes and events queued or being written, not yet synced. */
  queuedBytes = 0;
  queuedEvents = 0;
  syncs = 0;
  lastSyncMs = 0;
  private frames: Buffer[] = [];
  private keyedQueued = false;
  private waiters: Waiter[] = [];
  private running: Promise<void> | undefined;
  private failed: Error | undefined;

  constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
    private fh: FileHandle,
    /** Every segment on disk, oldest first; the last one is the active segment. */
    readonly segments: SegmentInfo[],
    private readonly onSynced: (batch: SyncedBatch) => void,
  ) {}

  /** Global position just past the last synced byte. */
  get syncedEnd(): number {
    const active = this.segments[this.segments.length - 1];
    return active === undefined ? 0 : active.base + active.size;
  }

  /** Total bytes of all segments on disk. */
  get diskBytes(): number {
    let total = 0;
    for (const s of this.segments) total += s.size;
    return total;
  }

  /** Queues a frame; resolves once it is on disk. `keyed`: the record carries a deduplication key. */
  append(frame: Buffer, events: number, keyed = false): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.frames.push(frame);
      if (keyed) this.keyedQueued = true;
      this.waiters.push({ resolve, reject });
      this.queuedBytes += frame.length;
      this.queuedEvents += events;
      this.running ??= this.run().finally(() => (this.running = undefined));
    });
  }

  /** Resolves once everything queued so far is synced (or failed). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.fh.close();
  }

  /**
   * Deletes closed segments that are fully indexed (end at or before `indexedPos`) and hold no
   * deduplication key committed at or after `olderThan`. Without keys a segment goes as soon as it is
   * indexed; recovery only replays positions past `indexedPos`, so gaps left behind are harmless.
   */
  async prune(indexedPos: number, olderThan: number): Promise<void> {
    const closed = this.segments.slice(0, -1);
    for (const segment of closed) {
      if (segment.base + segment.size > indexedPos || segment.lastKeyedAt >= olderThan) continue;
      this.segments.splice(this.segments.indexOf(segment), 1);
      await unlink(join(this.dir, segmentFileName(segment.base)));
    }
  }

  private async run(): Promise<void> {
    while (this.frames.length > 0) {
      const frames = this.frames;
      const waiters = this.waiters;
      const bytes = this.queuedBytes;
      const events = this.queuedEvents;
      const keyed = this.keyedQueued;
      this.keyedQueued = false;
      this.frames = [];
      this.waiters = [];
      try {
        if (this.failed) throw this.failed;
        let active = this.segments[this.segments.length - 1]!;
        if (active.size > 0 && active.size + bytes > this.segmentBytes) active = await this.roll(active);
        const buf = frames.length === 1 ? frames[0]! : Buffer.concat(frames, bytes);
        let written = 0;
        while (written < buf.length) {
          const r = await this.fh.write(buf, written, buf.length - written, active.size + written);
          written += r.bytesWritten;
        }
        const t0 = performance.now();
        await this.fh.datasync();
        this.lastSyncMs = performance.now() - t0;
        this.syncs++;
        const start = active.base + active.size;
        active.size += bytes;
        if (keyed) active.lastKeyedAt = Date.now();
        this.queuedBytes -= bytes;
        this.queuedEvents -= events;
        for (const w of waiters) w.resolve();
        this.onSynced({ bytes: buf, start, events });
      } catch (err) {
        this.failed ??= err instanceof Error ? err : new Error(String(err));
        this.queuedBytes -= bytes;
        this.queuedEvents -= events;
        for (const w of waiters) w.reject(this.failed);
      }
    }
  }

  private async roll(active: SegmentInfo): Promise<SegmentInfo> {
    const base = active.base + active.size;
    const path = join(this.dir, segmentFileName(base));
    const next = await open(path, 'wx+');
    await syncDirectory(dirname(path));
    await this.fh.close();
    this.fh = next;
    const info: SegmentInfo = { base, size: 0, lastKeyedAt: 0 };
    this.segments.push(info);
    return info;
  }
}

/** Makes a created or removed directory entry durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
