/**
 * A durable queue on disk: at-least-once delivery across crashes and restarts.
 *
 * Format. A directory holds segment files `<first seq, 16 digits>.seg`, appended to in order. Each
 * record is a 16-byte header — payload length (u32 LE), CRC-32 of seq bytes + payload (u32 LE),
 * sequence number (u64 LE) — then the payload (one encoded HEC envelope). Beside them:
 * `acked` (text: every seq below this number was acknowledged by the server), `batches.log`
 * (lines `first last`: the boundaries of batches handed to the sender) and `queue-id`.
 *
 * Invariants.
 * - A push resolves only after its records are written and fdatasync'ed. Pushes that arrive while a
 *   write is in progress wait for the next one, so one fsync covers a group of pushes.
 * - Sequence numbers are contiguous and increase across segments and restarts.
 * - A segment is deleted only when every record in it is below the `acked` floor, i.e. after the
 *   server answered 200 for all of them (or fullAction deleteOldest threw it away, counted).
 * - On open, every record is checked: a torn or corrupt tail of the last segment (a crash mid-write)
 *   is cut off; those records were never acknowledged to a source, so nothing promised is lost.
 * - A batch's request id is `<queue id>-<first>-<last>`, and its boundaries are journaled before it
 *   is sent. After a restart the same batches are formed again with the same ids, so the server's
 *   X-Request-Id deduplication turns a resend of a batch it already committed into a no-op.
 *
 * `batches.log` is rewritten (to a temporary file, then renamed) without the lines of acknowledged
 * batches when all of them are, and every JOURNAL_COMPACT_LINES lines under steady traffic.
 *
 * Failure behaviour. `acked` and `batches.log` are written without fsync: after a power loss they
 * may lag, which can only cause resends (duplicates), never loss. A kill -9 loses neither (the page
 * cache survives the process).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from '@hecate/hec/crc32';
import type { EventQueue, QueueBatch, QueueStats } from './event-queue.js';
import { ownBuffer } from './record-store.js';
import { Signal } from './signal.js';

const HEADER = 16;
/** `batches.log` is rewritten without the lines of acknowledged batches once it has this many. */
const JOURNAL_COMPACT_LINES = 4096;

interface Segment {
  file: string;
  firstSeq: number;
  /** Seq of the last durable record, firstSeq - 1 when empty. */
  lastSeq: number;
  /** Durable bytes (end offset of the last complete record). */
  size: number;
}

export interface DiskQueueOptions {
  dir: string;
  maxBytes: number;
  fullAction: 'pause' | 'deleteOldest';
  /** Size at which the writer starts a new segment; deletion frees space a segment at a time. */
  segmentBytes?: number;
}

export interface DiskQueueRecovery {
  records: number;
  truncatedBytes: number;
  corruptSegments: number;
}

export class DiskQueue implements EventQueue {
  readonly kind = 'disk';
  private readonly segments: Segment[] = [];
  private writeFd = -1;
  private nextSeq = 0;
  private floor = 0;
  private readonly ackedAbove = new Map<number, number>();
  /** Next unread record: its seq, and where it is. */
  private readSeq = 0;
  private readSegment = 0;
  private readOffset = 0;
  private readonly replay: Array<[number, number]> = [];
  private queueId = '';
  /** Boundaries in `batches.log` of batches not yet wholly acknowledged, in seq order. */
  private readonly journaled: Array<[number, number]> = [];
  /** Lines in `batches.log` (compacted at JOURNAL_COMPACT_LINES). */
  private journalLines = 0;
  private pending: Array<{ records: readonly Buffer[]; done: () => void; fail: (error: Error) => void }> = [];
  private writing = false;
  private deleted = 0;
  /** When the oldest unread record was pushed; 0 (due now) for recovered records and after a full batch. */
  private recoveredAt = 0;
  private closed = false;
  /** The write loop waits for room (fullAction: pause): pushes pile up in `pending` meanwhile. */
  private waitingForRoom = false;
  private readonly signal = new Signal();
  private readonly segmentBytes: number;
  recovery: DiskQueueRecovery = { records: 0, truncatedBytes: 0, corruptSegments: 0 };

  private constructor(private readonly options: DiskQueueOptions) {
    this.segmentBytes = options.segmentBytes ?? Math.min(64 << 20, Math.max(64 << 10, Math.floor(options.maxBytes / 8)));
  }

  static open(options: DiskQueueOptions): DiskQueue {
    const queue = new DiskQueue(options);
    queue.recover();
    return queue;
  }

  private recover(): void {
    const { dir } = this.options;
    fs.mkdirSync(dir, { recursive: true });
    const idFile = path.join(dir, 'queue-id');
    if (!fs.existsSync(idFile)) fs.writeFileSync(idFile, randomUUID());
    this.queueId = fs.readFileSync(idFile, 'utf8').trim();
    const ackedText = fs.existsSync(path.join(dir, 'acked')) ? fs.readFileSync(path.join(dir, 'acked'), 'utf8') : '0';
    this.floor = Number.parseInt(ackedText, 10) || 0;
    const names = fs.readdirSync(dir).filter((name) => /^\d{16}\.seg$/.test(name)).sort();
    for (const [i, name] of names.entries()) {
      const file = path.join(dir, name);
      const segment = this.scan(file, Number.parseInt(name, 10), i === names.length - 1);
      if (segment.lastSeq < this.floor) fs.rmSync(file, { force: true });
      else this.segments.push(segment);
    }
    const last = this.segments.at(-1);
    this.nextSeq = Math.max(this.floor, last === undefined ? 0 : last.lastSeq + 1);
    this.floor = Math.min(this.floor, this.nextSeq);
    this.readSeq = this.floor;
    this.seekRead();
    this.recovery.records = this.nextSeq - this.readSeq;
    const journal = path.join(dir, 'batches.log');
    if (fs.existsSync(journal)) {
      for (const line of fs.readFileSync(journal, 'utf8').split('\n')) {
        const [first, lastSeq] = line.split(' ').map(Number);
        if (first !== undefined && lastSeq !== undefined && first >= this.floor && lastSeq < this.nextSeq && lastSeq >= first) this.replay.push([first, lastSeq]);
      }
      this.replay.sort((a, b) => a[0] - b[0]);
    }
    this.journaled.push(...this.replay);
    this.writeJournal();
    this.openWriteSegment();
  }

  /** Reads a segment's records, checking each; cuts a bad tail off the last segment. */
  private scan(file: string, firstSeq: number, isLast: boolean): Segment {
    const data = fs.readFileSync(file);
    let offset = 0;
    let seq = firstSeq;
    while (offset + HEADER <= data.length) {
      const length = data.readUInt32LE(offset);
      const sum = data.readUInt32LE(offset + 4);
      const recordSeq = Number(data.readBigUInt64LE(offset + 8));
      if (recordSeq !== seq || offset + HEADER + length > data.length) break;
      if (crc32(data, offset + HEADER, offset + HEADER + length, crc32(data, offset + 8, offset + 16)) !== sum) break;
      offset += HEADER + length;
      seq++;
    }
    if (offset < data.length) {
      this.recovery.truncatedBytes += data.length - offset;
      // Only the last segment can have a torn tail (a crash mid-write); a bad record elsewhere means
      // the disk lied, and the rest of that segment cannot be trusted either. Either way it goes.
      if (!isLast) this.recovery.corruptSegments++;
      fs.truncateSync(file, offset);
    }
    return { file, firstSeq, lastSeq: seq - 1, size: offset };
  }

  private openWriteSegment(): void {
    const last = this.segments.at(-1);
    if (last !== undefined && last.size < this.segmentBytes) {
      this.writeFd = fs.openSync(last.file, 'a');
      return;
    }
    const file = path.join(this.options.dir, `${String(this.nextSeq).padStart(16, '0')}.seg`);
    this.writeFd = fs.openSync(file, 'a');
    this.segments.push({ file, firstSeq: this.nextSeq, lastSeq: this.nextSeq - 1, size: 0 });
    // The new file's directory entry must be durable too, or a crash could lose the whole segment.
    const dirFd = fs.openSync(this.options.dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  }

  private seekRead(): void {
    this.readSegment = this.segments.findIndex((segment) => segment.lastSeq >= this.readSeq);
    if (this.readSegment < 0) {
      this.readSegment = this.segments.length;
      this.readOffset = 0;
      return;
    }
    const segment = this.segments[this.readSegment];
    if (segment === undefined) return;
    const data = fs.readFileSync(segment.file);
    let offset = 0;
    for (let seq = segment.firstSeq; seq < this.readSeq; seq++) offset += HEADER + data.readUInt32LE(offset);
    this.readOffset = offset;
  }

  /** Pushed records are written to a segment; the copy in memory is garbage once it is written. */
  pushEncoded(src: Buffer, ends: readonly number[]): Promise<void> {
    return this.push(ownBuffer(src, ends));
  }

  push(records: readonly Buffer[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('queue closed'));
    return new Promise((done, fail) => {
      this.pending.push({ records, done, fail });
      if (!this.writing) void this.writeLoop();
    });
  }

  private async writeLoop(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length > 0) {
        await this.makeRoom(this.pending.reduce((sum, p) => sum + p.records.reduce((s, r) => s + r.length + HEADER, 0), 0));
        const group = this.pending;
        this.pending = [];
        try {
          this.appendGroup(group.flatMap((p) => p.records));
          for (const p of group) p.done();
        } catch (error) {
          for (const p of group) p.fail(error as Error);
        }
        this.signal.notify();
      }
    } finally {
      this.writing = false;
    }
  }

  private async makeRoom(size: number): Promise<void> {
    for (;;) {
      const used = this.bytesOnDisk();
      // A queue whose records are all acknowledged takes any push (its write segment may still hold
      // acknowledged bytes until it rolls; waiting on them would wait for ever).
      if (used === 0 || used + size <= this.options.maxBytes || this.floor === this.nextSeq) return;
      if (this.options.fullAction === 'deleteOldest') {
        if (!this.deleteOldestSegment()) return;
      } else {
        if (this.closed) return;
        this.waitingForRoom = true;
        try {
          await this.signal.wait();
        } finally {
          this.waitingForRoom = false;
        }
      }
    }
  }

  private appendGroup(records: readonly Buffer[]): void {
    const segment = this.segments.at(-1);
    if (segment === undefined) throw new Error('disk queue has no write segment');
    const parts: Buffer[] = [];
    let seq = this.nextSeq;
    for (const record of records) {
      const header = Buffer.allocUnsafe(HEADER);
      header.writeUInt32LE(record.length, 0);
      header.writeBigUInt64LE(BigInt(seq), 8);
      header.writeUInt32LE(crc32(record, 0, record.length, crc32(header, 8, 16)), 4);
      parts.push(header, record);
      seq++;
    }
    const data = Buffer.concat(parts);
    try {
      // write(2) may write less than asked (a filling disk) without an error: write the rest.
      for (let written = 0; written < data.length; ) written += fs.writeSync(this.writeFd, data, written);
      fs.fdatasyncSync(this.writeFd);
    } catch (error) {
      // Whatever part of the group reached the segment is cut off again, so the segment holds
      // whole records only and the next group starts where the file says.
      try {
        fs.ftruncateSync(this.writeFd, segment.size);
      } catch {
        // The original error says more; a torn tail is also cut off when the queue is opened.
      }
      throw error;
    }
    if (this.nextSeq === this.readSeq) this.recoveredAt = Date.now();
    segment.size += data.length;
    segment.lastSeq = seq - 1;
    this.nextSeq = seq;
    if (segment.size >= this.segmentBytes) {
      fs.closeSync(this.writeFd);
      this.openWriteSegment();
    }
  }

  private deleteOldestSegment(): boolean {
    if (this.segments.length === 1) {
      // Roll the write segment so it can be deleted like any other.
      fs.closeSync(this.writeFd);
      const segment = this.segments[0];
      if (segment === undefined || segment.size === 0) return false;
      this.writeFd = -1;
      const file = path.join(this.options.dir, `${String(this.nextSeq).padStart(16, '0')}.seg`);
      this.writeFd = fs.openSync(file, 'a');
      this.segments.push({ file, firstSeq: this.nextSeq, lastSeq: this.nextSeq - 1, size: 0 });
    }
    const oldest = this.segments.shift();
    if (oldest === undefined) return false;
    fs.rmSync(oldest.file, { force: true });
    const unacked = oldest.lastSeq + 1 - Math.max(this.floor, oldest.firstSeq);
    this.deleted += Math.max(0, unacked);
    this.advanceFloorTo(oldest.lastSeq + 1);
    if (this.readSeq <= oldest.lastSeq) {
      this.readSeq = oldest.lastSeq + 1;
      this.readSegment = 0;
      this.readOffset = 0;
    } else {
      this.readSegment--;
    }
    return true;
  }

  full(): boolean {
    return this.options.fullAction === 'pause' && (this.waitingForRoom || this.bytesOnDisk() >= this.options.maxBytes);
  }

  async room(bytes: number): Promise<void> {
    const { fullAction, maxBytes } = this.options;
    const want = Math.min(bytes, maxBytes / 2);
    for (;;) {
      const used = this.bytesOnDisk();
      // As makeRoom: a queue whose records are all acknowledged takes any push.
      if (fullAction !== 'pause' || this.closed || used === 0 || used + want <= maxBytes || this.floor === this.nextSeq) return;
      await this.signal.wait();
    }
  }

  unread(): number {
    return this.nextSeq - this.readSeq;
  }

  unreadBytes(): number {
    let bytes = 0;
    for (let i = this.readSegment; i < this.segments.length; i++) bytes += this.segments[i]?.size ?? 0;
    return bytes - this.readOffset;
  }

  oldestUnreadAt(): number {
    return this.recoveredAt;
  }

  take(maxBytes: number): QueueBatch | undefined {
    const records: Buffer[] = [];
    let bytes = 0;
    const firstSeq = this.readSeq;
    const replay = this.replay[0];
    const limitSeq = replay !== undefined && replay[0] === firstSeq ? replay[1] : Number.MAX_SAFE_INTEGER;
    if (replay !== undefined && replay[0] <= firstSeq) this.replay.shift();
    while (this.readSeq < this.nextSeq && this.readSeq <= limitSeq) {
      const segment = this.segments[this.readSegment];
      if (segment === undefined) break;
      if (this.readOffset >= segment.size) {
        if (this.readSegment === this.segments.length - 1) break;
        // A batch never spans a gap in the seqs (left by a corrupt segment): its ids must be contiguous.
        if (records.length > 0 && (this.segments[this.readSegment + 1]?.firstSeq ?? this.readSeq) > this.readSeq) break;
        this.readSegment++;
        this.readOffset = 0;
        // Records lost to a corrupt segment leave a gap in the seqs; reading resumes after it.
        this.readSeq = Math.max(this.readSeq, this.segments[this.readSegment]?.firstSeq ?? this.readSeq);
        continue;
      }
      const header = Buffer.alloc(HEADER);
      const fd = fs.openSync(segment.file, 'r');
      try {
        fs.readSync(fd, header, 0, HEADER, this.readOffset);
        const length = header.readUInt32LE(0);
        if (records.length > 0 && bytes + length > maxBytes && limitSeq === Number.MAX_SAFE_INTEGER) break;
        const record = Buffer.alloc(length);
        fs.readSync(fd, record, 0, length, this.readOffset + HEADER);
        records.push(record);
        bytes += length;
        this.readOffset += HEADER + length;
        this.readSeq++;
      } finally {
        fs.closeSync(fd);
      }
    }
    if (records.length === 0) return undefined;
    // What is left unread after a full batch is due at once, not after another linger period.
    if (this.unread() > 0) this.recoveredAt = 0;
    const lastSeq = this.readSeq - 1;
    if (limitSeq === Number.MAX_SAFE_INTEGER) {
      fs.appendFileSync(path.join(this.options.dir, 'batches.log'), `${lastSeq - records.length + 1} ${lastSeq}\n`);
      this.journaled.push([lastSeq - records.length + 1, lastSeq]);
      this.journalLines++;
    }
    const first = lastSeq - records.length + 1;
    // Each record was read into a Buffer of its own: the spans are the records.
    return { spans: records, count: records.length, firstSeq: first, lastSeq, bytes, requestId: `${this.queueId}-${first}-${lastSeq}`, records: () => records };
  }

  ack(batch: QueueBatch): void {
    if (batch.lastSeq < this.floor) return;
    this.ackedAbove.set(Math.max(batch.firstSeq, this.floor), batch.lastSeq);
    let floor = this.floor;
    for (let end = this.ackedAbove.get(floor); end !== undefined; end = this.ackedAbove.get(floor)) {
      this.ackedAbove.delete(floor);
      floor = end + 1;
    }
    if (floor !== this.floor) this.advanceFloorTo(floor);
    this.signal.notify();
  }

  private advanceFloorTo(floor: number): void {
    if (floor <= this.floor) return;
    for (const key of [...this.ackedAbove.keys()]) if (key < floor) this.ackedAbove.delete(key);
    this.floor = floor;
    const file = path.join(this.options.dir, 'acked');
    fs.writeFileSync(`${file}.tmp`, String(floor));
    fs.renameSync(`${file}.tmp`, file);
    // Whole segments below the floor are done; the write segment stays until it rolls.
    while (this.segments.length > 1 && (this.segments[0]?.lastSeq ?? Infinity) < floor && this.readSegment > 0) {
      const done = this.segments.shift();
      if (done !== undefined) fs.rmSync(done.file, { force: true });
      this.readSegment--;
    }
    while ((this.journaled[0]?.[1] ?? Infinity) < floor) this.journaled.shift();
    // Lines of acknowledged batches are dropped from time to time, so that under steady traffic
    // (the floor never reaching the newest record) the journal does not grow for ever.
    if (this.journalLines > 0 && (this.journaled.length === 0 || this.journalLines >= JOURNAL_COMPACT_LINES)) this.writeJournal();
  }

  /** Rewrites `batches.log` with the boundaries of the batches not yet acknowledged (atomically, by rename). */
  private writeJournal(): void {
    const file = path.join(this.options.dir, 'batches.log');
    fs.writeFileSync(`${file}.tmp`, this.journaled.map(([a, b]) => `${a} ${b}\n`).join(''));
    fs.renameSync(`${file}.tmp`, file);
    this.journalLines = this.journaled.length;
  }

  changed(timeoutMs?: number): Promise<void> {
    return this.signal.wait(timeoutMs);
  }

  stats(): QueueStats {
    return { records: this.nextSeq - this.floor, bytes: this.bytesOnDisk(), deletedOldest: this.deleted };
  }

  private bytesOnDisk(): number {
    return this.segments.reduce((sum, segment) => sum + segment.size, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.signal.notify();
    while (this.writing) await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.writeFd >= 0) fs.closeSync(this.writeFd);
    this.writeFd = -1;
  }
}
