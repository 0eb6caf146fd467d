/**
 * The memory queue's storage: encoded records live in fixed-size slabs that are reused once every
 * record in them is acknowledged or deleted, instead of in fresh Buffers per push.
 *
 * Why: Buffer memory is outside the JavaScript heap, and V8 collects dead Buffers only at its next
 * full collection, which external memory triggers after growing by about 64 MB. A queue that turns
 * over 64 MB of records therefore held up to twice that in resident memory. Slabs on a free list
 * keep the resident size at about what the queue counts.
 *
 * Invariants. A record never spans two slabs. A slab goes back on the free list only when the bytes
 * released from it equal the bytes stored in it and it is no longer being filled; a caller releases
 * a record only once nothing reads it any more (the queue: on ack, after the request was written,
 * or when it deletes it). At most `keepSlabs` free slabs are kept; more are left to the collector.
 */
interface Slab {
  readonly buffer: Buffer;
  /** Bytes handed out from this slab since it was (re)started. */
  used: number;
  /** Bytes of those released. */
  released: number;
}

export class SlabArena {
  private readonly slabs = new WeakMap<ArrayBufferLike, Slab>();
  private readonly free: Slab[] = [];
  private current: Slab | undefined;

  constructor(
    private readonly slabBytes: number,
    private readonly keepSlabs: number,
  ) {}

  /**
   * Copies records `src[ends[i-1]..ends[i])` (the first from 0) into slabs and returns a view of
   * each. Runs of records that fit are copied at once; a record larger than a slab gets a Buffer of
   * its own (released to the garbage collector, not to the free list).
   */
  store(src: Buffer, ends: readonly number[]): Buffer[] {
    const out = new Array<Buffer>(ends.length);
    let i = 0;
    let start = 0;
    while (i < ends.length) {
      const firstEnd = ends[i] as number;
      if (firstEnd - start > this.slabBytes) {
        out[i++] = Buffer.from(src.subarray(start, firstEnd));
        start = firstEnd;
        continue;
      }
      let slab = this.current;
      if (slab !== undefined && slab.released === slab.used) slab.used = slab.released = 0;
      if (slab === undefined || slab.used + (firstEnd - start) > this.slabBytes) slab = this.nextSlab();
      // As many following records as fit in this slab, copied with one call.
      let j = i;
      while (j < ends.length && (ends[j] as number) - start <= this.slabBytes - slab.used) j++;
      const runEnd = ends[j - 1] as number;
      const base = slab.used - start;
      src.copy(slab.buffer, slab.used, start, runEnd);
      for (let k = i; k < j; k++) {
        const end = ends[k] as number;
        out[k] = slab.buffer.subarray(base + (k === i ? start : (ends[k - 1] as number)), base + end);
      }
      slab.used += runEnd - start;
      start = runEnd;
      i = j;
    }
    return out;
  }

  /** Gives back the bytes of records (or contiguous spans of them) nobody reads any more. */
  release(views: readonly Buffer[]): void {
    for (const view of views) {
      const slab = this.slabs.get(view.buffer);
      if (slab === undefined) continue; // a record stored outside the slabs
      slab.released += view.length;
      if (slab.released === slab.used && slab !== this.current) this.recycle(slab);
    }
  }

  /** Slabs on the free list (for tests). */
  get freeSlabs(): number {
    return this.free.length;
  }

  private nextSlab(): Slab {
    const previous = this.current;
    const slab = this.free.pop() ?? this.allocate();
    this.current = slab;
    // A slab whose records were all released while it was still being filled is free once left.
    if (previous !== undefined && previous.released === previous.used) this.recycle(previous);
    return slab;
  }

  private allocate(): Slab {
    const slab: Slab = { buffer: Buffer.allocUnsafeSlow(this.slabBytes), used: 0, released: 0 };
    this.slabs.set(slab.buffer.buffer, slab);
    return slab;
  }

  private recycle(slab: Slab): void {
    slab.used = 0;
    slab.released = 0;
    if (this.free.length < this.keepSlabs) this.free.push(slab);
    else this.slabs.delete(slab.buffer.buffer);
  }
}
