/**
 * The memory queue's storage: encoded records live in fixed-size slabs that are reused once every
 * record in them is acknowledged or deleted, instead of in fresh Buffers per push. Slabs are named
 * by a small integer id, so the queue can note where a record is in typed arrays (slab id, offset,
 * length) instead of keeping a Buffer object per record on the JavaScript heap.
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
 * A record larger than a slab gets a slab of its own size, never reused.
 */
interface Slab {
  /** Undefined once the slab was given back to the garbage collector (its id is then vacant). */
  buffer: Buffer | undefined;
  /** Bytes handed out from this slab since it was (re)started. */
  used: number;
  /** Bytes of those released. */
  released: number;
  /** False for a slab holding one oversized record: dropped, not kept, once released. */
  readonly reusable: boolean;
}

/**
 * Where `store` put records: runs of consecutive records, three numbers each: the slab id, the
 * amount to add to a record's start in `src` to get its offset in the slab, and the index after
 * the run's last record. Run k covers records from the previous run's end (0 for the first).
 */
export type Placement = number[];

export class SlabArena {
  private readonly slabs: Slab[] = [];
  /** Ids of reusable slabs whose records were all released, buffers kept. */
  private readonly free: number[] = [];
  /** Ids whose buffer was dropped, for the next slab allocated. */
  private readonly vacant: number[] = [];
  private current = -1;

  constructor(
    private readonly slabBytes: number,
    private readonly keepSlabs: number,
  ) {}

  /**
   * Copies records `src[ends[i-1]..ends[i])` (the first from 0) into slabs and says where they went.
   * Runs of records that fit are copied at once.
   */
  store(src: Buffer, ends: readonly number[]): Placement {
    const placement: Placement = [];
    let i = 0;
    let start = 0;
    while (i < ends.length) {
      const firstEnd = ends[i] as number;
      if (firstEnd - start > this.slabBytes) {
        const id = this.add(Buffer.from(src.subarray(start, firstEnd)), false);
        (this.slabs[id] as Slab).used = firstEnd - start;
        placement.push(id, -start, ++i);
        start = firstEnd;
        continue;
      }
      let slab = this.slabs[this.current];
      if (slab !== undefined && slab.released === slab.used) slab.used = slab.released = 0;
      if (slab === undefined || slab.used + (firstEnd - start) > this.slabBytes) slab = this.slabs[this.nextSlab()] as Slab;
      // As many following records as fit in this slab, copied with one call.
      let j = i;
      while (j < ends.length && (ends[j] as number) - start <= this.slabBytes - slab.used) j++;
      const runEnd = ends[j - 1] as number;
      src.copy(slab.buffer as Buffer, slab.used, start, runEnd);
      placement.push(this.current, slab.used - start, j);
      slab.used += runEnd - start;
      start = runEnd;
      i = j;
    }
    return placement;
  }

  /** The memory of slab `id`; valid while any record stored in it is unreleased. */
  buffer(id: number): Buffer {
    const buffer = this.slabs[id]?.buffer;
    if (buffer === undefined) throw new Error(`slab ${id} is not in use`);
    return buffer;
  }

  /** Gives back `bytes` of records in slab `id` that nobody reads any more. */
  release(id: number, bytes: number): void {
    const slab = this.slabs[id];
    if (slab === undefined) return;
    slab.released += bytes;
    if (slab.released === slab.used && id !== this.current) this.recycle(id);
  }

  /** Slabs on the free list (for tests). */
  get freeSlabs(): number {
    return this.free.length;
  }

  /** Slabs holding memory: in use or free (for tests). */
  get heldSlabs(): number {
    return this.slabs.length - this.vacant.length;
  }

  private nextSlab(): number {
    const previous = this.current;
    this.current = this.free.pop() ?? this.add(Buffer.allocUnsafeSlow(this.slabBytes), true);
    const slab = this.slabs[previous];
    // A slab whose records were all released while it was still being filled is free once left.
    if (slab !== undefined && slab.released === slab.used) this.recycle(previous);
    return this.current;
  }

  private add(buffer: Buffer, reusable: boolean): number {
    const slab: Slab = { buffer, used: 0, released: 0, reusable };
    const id = this.vacant.pop();
    if (id === undefined) return this.slabs.push(slab) - 1;
    this.slabs[id] = slab;
    return id;
  }

  private recycle(id: number): void {
    const slab = this.slabs[id] as Slab;
    slab.used = 0;
    slab.released = 0;
    if (slab.reusable && this.free.length < this.keepSlabs) {
      this.free.push(id);
    } else {
      slab.buffer = undefined;
      this.vacant.push(id);
    }
  }
}
