/**
 * Recovery of the write-ahead log when the store opens.
 *
 * For each segment, oldest first: read it, verify every frame's CRC, and truncate at the first invalid
 * frame (a torn tail left by a kill -9 during a write; the bytes after it were never acknowledged,
 * because a commit resolves only after its sync). Frames that end past `indexedPos` are handed to
 * `replay` in log order, and requests committed since `dedupSince` are returned for deduplication.
 * The writer then continues in the newest segment, or in a new one when the index is ahead of the
 * log (the log was lost or deleted), so positions never go backwards.
 */
import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecoveredRequest } from '../events.js';
import { readFrameEventCount, readFrameHead } from './wal-frame.js';
import { listSegments, scanSegment, segmentFileName } from './wal-segments.js';
import { syncDirectory } from './wal-writer.js';
import type { SegmentInfo } from './wal-writer.js';

/** Largest single hand-off to the indexer during replay. */
const REPLAY_CHUNK_BYTES = 8 * 1024 * 1024;

export interface RecoveryInput {
  walDir: string;
  indexedPos: number;
  dedupSince: number;
  replay: (bytes: Buffer, start: number, events: number) => Promise<void>;
  warn: (message: string) => void;
}

export interface RecoveryResult {
  segments: SegmentInfo[];
  /** Open handle on the last segment, where appends continue. */
  active: FileHandle;
  recoveredRequests: RecoveredRequest[];
  replayedEvents: number;
}

export async function recoverWal(input: RecoveryInput): Promise<RecoveryResult> {
  const segments: SegmentInfo[] = [];
  const recoveredRequests: RecoveredRequest[] = [];
  let replayedEvents = 0;
  const files = await listSegments(input.walDir);
  for (const file of files) {
    const buf = await readFile(file.path);
    const scan = scanSegment(buf);
    if (scan.validBytes < buf.length) {
      input.warn(
        `${file.path}: ${scan.stopReason} at offset ${scan.validBytes}; truncating ${buf.length - scan.validBytes} bytes`,
      );
      const fh = await open(file.path, 'r+');
      try {
        await fh.truncate(scan.validBytes);
        await fh.datasync();
      } finally {
        await fh.close();
      }
    }
    const segment: SegmentInfo = { base: file.base, size: scan.validBytes, lastKeyedAt: 0 };
    segments.push(segment);

    let chunkStart = -1;
    let chunkEnd = 0;
    let chunkEvents = 0;
    const flushChunk = async (): Promise<void> => {
      if (chunkStart < 0) return;
      const copy = Buffer.allocUnsafeSlow(chunkEnd - chunkStart);
      buf.copy(copy, 0, chunkStart, chunkEnd);
      await input.replay(copy, file.base + chunkStart, chunkEvents);
      replayedEvents += chunkEvents;
      chunkStart = -1;
      chunkEvents = 0;
    };
    for (const frame of scan.frames) {
      if (frame.committedAt >= input.dedupSince) {
        const head = readFrameHead(buf, frame.payloadStart);
        if (head.requestKey !== undefined && head.response !== undefined) {
          recoveredRequests.push({ requestKey: head.requestKey, response: head.response, committedAt: head.committedAt });
          segment.lastKeyedAt = Math.max(segment.lastKeyedAt, head.committedAt);
        }
      }
      if (file.base + frame.end <= input.indexedPos) continue;
      if (chunkStart >= 0 && frame.end - chunkStart > REPLAY_CHUNK_BYTES) await flushChunk();
      if (chunkStart < 0) chunkStart = frame.start;
      chunkEnd = frame.end;
      chunkEvents += readFrameEventCount(buf, frame.payloadStart);
    }
    await flushChunk();
  }

  const last = segments[segments.length - 1];
  if (last && last.base + last.size >= input.indexedPos) {
    const active = await open(join(input.walDir, segmentFileName(last.base)), 'r+');
    return { segments, active, recoveredRequests, replayedEvents };
  }
  const base = Math.max(input.indexedPos, last ? last.base + last.size : 0);
  if (last) input.warn(`the index is ahead of the log (${input.indexedPos} > ${last.base + last.size}); starting a new segment`);
  const active = await open(join(input.walDir, segmentFileName(base)), 'wx+');
  await syncDirectory(input.walDir);
  segments.push({ base, size: 0, lastKeyedAt: 0 });
  return { segments, active, recoveredRequests, replayedEvents };
}
