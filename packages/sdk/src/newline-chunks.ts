/**
 * Streams a byte source as newline-aligned chunks of about `maxBytes`, decompressing it first when it
 * starts with the gzip magic bytes 1f 8b. Memory stays at one chunk plus one read buffer, whatever the
 * size of the source; a single line longer than `maxBytes` is kept whole (an event is never cut).
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const NEWLINE = 0x0a;

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The source's bytes, gunzipped when they are gzip (detected by magic bytes, not by file name). */
export async function* decodedBytes(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const head = first.value;
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  if (!isGzip(head)) {
    yield* all();
    return;
  }
  const gunzip = createGunzip();
  const input = Readable.from(all());
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  for await (const chunk of gunzip) yield chunk as Buffer;
}

export async function* newlineChunks(source: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const piece of source) {
    pending = pending.length === 0 ? piece : Buffer.concat([pending, piece]);
    let start = 0;
    while (pending.length - start >= maxBytes) {
      // Cut at the last newline that keeps the chunk within maxBytes; a longer line goes whole.
      let cut = pending.lastIndexOf(NEWLINE, start + maxBytes - 1);
      if (cut < start) cut = pending.indexOf(NEWLINE, start + maxBytes);
      if (cut < 0) break;
      yield pending.subarray(start, cut + 1);
      start = cut + 1;
    }
    // Copy the tail so the yielded chunks do not pin the whole read buffer.
    pending = start === 0 ? pending : Buffer.from(pending.subarray(start));
  }
  if (pending.length > 0) yield pending;
}
