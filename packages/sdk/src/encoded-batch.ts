/**
 * A batch of events encoded once into one Buffer: each item's UTF-8 text followed by a newline, and
 * the offset where each item ends. Splitting a batch (413) or resending what follows a rejected
 * envelope takes subarrays, so nothing is encoded twice and every retry sends the same bytes.
 *
 * `BatchBuilder` writes the texts into one scratch buffer that grows to the largest batch and is
 * reused, so a batch costs one exact-size allocation and one copy instead of a string per event, a
 * joined string and its re-encoding.
 */

const NEWLINE = 0x0a;

export class EncodedBatch {
  /**
   * `ends[i]` is the offset just past item i's newline in `text`; this batch is items
   * `from` (inclusive) to `to` (exclusive) of them.
   */
  constructor(
    private readonly text: Buffer,
    private readonly ends: readonly number[],
    private readonly from = 0,
    private readonly to = ends.length,
  ) {}

  get count(): number {
    return this.to - this.from;
  }

  /** The items, each followed by a newline (a raw body). */
  lines(): Buffer {
    if (this.count === 0) return this.text.subarray(0, 0);
    return this.text.subarray(this.start(), this.ends[this.to - 1]);
  }

  /** The items separated by newlines, without a final one (a JSON body: one envelope per line). */
  envelopes(): Buffer {
    const lines = this.lines();
    return lines.subarray(0, Math.max(0, lines.length - 1));
  }

  /** Items `from` to `to` (exclusive) of this batch, sharing its bytes. */
  slice(from: number, to = this.count): EncodedBatch {
    return new EncodedBatch(this.text, this.ends, this.from + from, this.from + Math.min(to, this.count));
  }

  private start(): number {
    return this.from === 0 ? 0 : (this.ends[this.from - 1] ?? 0);
  }
}

export class BatchBuilder {
  private scratch: Buffer;
  private length = 0;
  private ends: number[] = [];

  constructor(initialBytes = 64 * 1024) {
    this.scratch = Buffer.allocUnsafeSlow(initialBytes);
  }

  get count(): number {
    return this.ends.length;
  }

  /** Bytes of the batch so far, newlines included. */
  get bytes(): number {
    return this.length;
  }

  add(text: string): void {
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes: only a text that might not fit is measured.
    if (this.length + text.length * 3 + 1 > this.scratch.length) {
      const needed = this.length + Buffer.byteLength(text) + 1;
      if (needed > this.scratch.length) this.grow(needed);
    }
    this.length += this.scratch.write(text, this.length);
    this.scratch[this.length++] = NEWLINE;
    this.ends.push(this.length);
  }

  /** The batch so far, in its own Buffer; the builder starts empty again. */
  take(): EncodedBatch {
    const text = Buffer.allocUnsafe(this.length);
    this.scratch.copy(text, 0, 0, this.length);
    const batch = new EncodedBatch(text, this.ends);
    this.length = 0;
    this.ends = [];
    return batch;
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(needed, this.scratch.length * 2));
    this.scratch.copy(next, 0, 0, this.length);
    this.scratch = next;
  }
}
