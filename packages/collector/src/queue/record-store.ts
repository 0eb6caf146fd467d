/**
 * Freshly encoded records out of the encoder's scratch buffer, which it reuses: the plain way, a
 * Buffer per call with a view per record (the disk queue before writing, tests). The memory queue
 * copies into its slabs instead (memory-queue.ts).
 */

/** Given the encoded bytes and where each record ends, the records as views of memory the caller owns; `src` is reused after the call. */
export type RecordStore = (src: Buffer, ends: readonly number[]) => Buffer[];

/** The plain store (disk queue, tests): one Buffer of exactly the call's size, each record a view of it. */
export const ownBuffer: RecordStore = (src, ends) => {
  const size = ends.length === 0 ? 0 : (ends[ends.length - 1] as number);
  const chunk = Buffer.allocUnsafe(size);
  src.copy(chunk, 0, 0, size);
  const out = new Array<Buffer>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number;
    out[i] = chunk.subarray(start, end);
    start = end;
  }
  return out;
};

