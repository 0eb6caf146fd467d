/**
 * Where each record of a memory queue is, by sequence number: its slab, offset and length, and
 * when it was pushed, in typed arrays used as a ring. 20 bytes per record outside the JavaScript
 * heap, instead of a Buffer view and an entry object per record on it: a full 64 MB queue of
 * ~450-byte envelopes is ~150,000 records, which as objects kept the old generation growing until
 * the next full collection (tens of MB of heap per queue turnover).
 *
 * The ring holds seqs `first` to `end - 1`; the owner moves `first` forward once the oldest records
 * are forgotten. It doubles when full and never shrinks: its size follows the largest number of
 * records the queue held, which its byte limit bounds.
 */
const INITIAL_CAPACITY = 1024;

export class RecordRing {
  private slabs = new Int32Array(INITIAL_CAPACITY);
  private offsets = new Uint32Array(INITIAL_CAPACITY);
  private lengths = new Uint32Array(INITIAL_CAPACITY);
  private times = new Float64Array(INITIAL_CAPACITY);
  private mask = INITIAL_CAPACITY - 1;
  /** Oldest seq held. */
  first = 0;
  /** Next seq to be added. */
  end = 0;

  add(slab: number, offset: number, length: number, at: number): void {
    if (this.end - this.first > this.mask) this.grow();
    const i = this.end++ & this.mask;
    this.slabs[i] = slab;
    this.offsets[i] = offset;
    this.lengths[i] = length;
    this.times[i] = at;
  }

  slab(seq: number): number {
    return this.slabs[seq & this.mask] as number;
  }

  offset(seq: number): number {
    return this.offsets[seq & this.mask] as number;
  }

  length(seq: number): number {
    return this.lengths[seq & this.mask] as number;
  }

  at(seq: number): number {
    return this.times[seq & this.mask] as number;
  }

  /** Records the ring can hold before it grows (for tests). */
  get capacity(): number {
    return this.mask + 1;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const mask = capacity - 1;
    const slabs = new Int32Array(capacity);
    const offsets = new Uint32Array(capacity);
    const lengths = new Uint32Array(capacity);
    const times = new Float64Array(capacity);
    for (let seq = this.first; seq < this.end; seq++) {
      const from = seq & this.mask;
      const to = seq & mask;
      slabs[to] = this.slabs[from] as number;
      offsets[to] = this.offsets[from] as number;
      lengths[to] = this.lengths[from] as number;
      times[to] = this.times[from] as number;
    }
    this.slabs = slabs;
    this.offsets = offsets;
    this.lengths = lengths;
    this.times = times;
    this.mask = mask;
  }
}
