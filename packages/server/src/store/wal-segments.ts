/**
 * Write-ahead-log segment files: naming, listing, and the validating scan that recovery runs.
 *
 * A segment is named after its base position (the global log offset of its first byte), zero-padded
 * to 20 digits so that lexical order is log order: `00000000000067108864.wal`. Frames never straddle
 * segments. Only the newest segment can hold a torn tail (older ones were synced before the writer
 * moved on); the scan reports the offset of the first invalid frame and the caller truncates there.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkFrame } from './wal-frame.js';

const SEGMENT_RE = /^(\d{20})\.wal$/;

export function segmentFileName(base: number): string {
  return `${String(base).padStart(20, '0')}.wal`;
}

export interface SegmentFile {
  base: number;
  path: string;
}

/** The segments in `dir`, oldest first. */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  const names = await readdir(dir);
  const segments: SegmentFile[] = [];
  for (const name of names) {
    const m = SEGMENT_RE.exec(name);
    if (m?.[1] !== undefined) segments.push({ base: Number(m[1]), path: join(dir, name) });
  }
  return segments.sort((a, b) => a.base - b.base);
}

export interface ScannedFrame {
  /** Offsets inside the segment buffer. */
  start: number;
  payloadStart: number;
  end: number;
  committedAt: number;
}

export interface SegmentScan {
  frames: ScannedFrame[];
  /** Offset just past the last valid frame; bytes after it are a torn tail (or corruption). */
  validBytes: number;
  /** Why the scan stopped before the end of the file, when it did. */
  stopReason: string | undefined;
}

/** Walks the frames of a segment's bytes, verifying each CRC, and stops at the first invalid one. */
export function scanSegment(buf: Buffer): SegmentScan {
  const frames: ScannedFrame[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const check = checkFrame(buf, offset);
    if (!check.ok) return { frames, validBytes: offset, stopReason: check.reason };
    frames.push({
      start: offset,
      payloadStart: check.payloadStart,
      end: check.end,
      committedAt: buf.readDoubleLE(check.payloadStart),
    });
    offset = check.end;
  }
  return { frames, validBytes: offset, stopReason: undefined };
}
