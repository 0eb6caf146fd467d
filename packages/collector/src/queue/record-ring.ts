/**
 * Where each record of a memory queue is, by sequence number: its slab, offset and length, and
 * when it was pushed, in typed arrays outside the JavaScript heap (16 bytes per record) instead of
 * a Buffer view and an entry object per record on it: a full 64 MB queue of ~450-byte envelopes is
 * ~150,000 records, which as objects kept the old generation growing until the next full
 * collection (tens of MB of heap per queue turnover).
 *
 * Layout. Records are kept in pages of PAGE_RECORDS; a page is taken when the first record of its
 * range is added and put on a spare list once `first` moves past its range, so the memory follows
 * the records held, rounded up to a page. (A single ring that doubles held 262,144 slots, 5 MiB, for
 * the ~150,000 records of a full 64 MB queue.) Pages are found through a directory indexed by page
 * number modulo its size, a power of two that doubles when more pages are live than it has slots.
 * Spare pages are kept for reuse, never freed: like the records, their number is bounded by what
 * the queue's byte limit lets it hold.
 *
 * Seqs are any integers below 2^53: `seq >>> PAGE_SHIFT` and `seq & IN_PAGE` see seq modulo 2^32,
 * and both the directory size and PAGE_RECORDS divide 2^32, so the page a seq maps to stays the same.
 * Push times are kept modulo 2^32 ms, which is exact for records younger than 49 days.
 */
const PAGE_SHIFT = 12;
const PAGE_RECORDS = 1 << PAGE_SHIFT;
const IN_PAGE = PAGE_RECORDS - 1;

class Page {
  readonly slabs: Int32Array;
  readonly offsets: Uint32Array;
  readonly lengths: Uint32Array;
  /** Push time in ms, modulo 2^32. */
  readonly times: Uint32Array;

  constructor() {
    const memory = new ArrayBuffer(PAGE_RECORDS * 16);
    this.slabs = new Int32Array(memory, 0, PAGE_RECORDS);
    this.offsets = new Uint32Array(memory, PAGE_RECORDS * 4, PAGE_RECORDS);
    this.lengths = new Uint32Array(memory, PAGE_RECORDS * 8, PAGE_RECORDS);
    this.times = new Uint32Array(memory, PAGE_RECORDS * 12, PAGE_RECORDS);
  }
}

export class RecordRing {
  /** Live pages by page number modulo the directory's length (a power of two). */
  private directory: Array<Page | undefined> = new Array<Page | undefined>(16);
  private spare: Page[] = [];
  private oldest = 0;
  /** Next seq to be added. */
  end = 0;

  /** Oldest seq held. The owner moves it forward once the oldest records are forgotten. */
  get first(): number {
    return this.oldest;
  }

  set first(seq: number) {
    const last = Math.floor(seq / PAGE_RECORDS);
    for (let page = Math.floor(this.oldest / PAGE_RECORDS); page < last; page++) {
      const slot = page % this.directory.length;
      const held = this.directory[slot];
      if (held !== undefined) this.spare.push(held);
      this.directory[slot] = undefined;
    }
    this.oldest = seq;
  }

  add(slab: number, offset: number, length: number, at: number): void {
    const seq = this.end++;
    const i = seq & IN_PAGE;
    const page = i === 0 ? this.newPage(seq) : this.page(seq);
    page.slabs[i] = slab;
    page.offsets[i] = offset;
    page.lengths[i] = length;
    page.times[i] = at >>> 0;
  }

  slab(seq: number): number {
    return this.page(seq).slabs[seq & IN_PAGE] as number;
  }

  offset(seq: number): number {
    return this.page(seq).offsets[seq & IN_PAGE] as number;
  }

  length(seq: number): number {
    return this.page(seq).lengths[seq & IN_PAGE] as number;
  }

  /** When seq was pushed (ms since the epoch). */
  at(seq: number): number {
    const now = Date.now();
    return now - (((now >>> 0) - (this.page(seq).times[seq & IN_PAGE] as number)) >>> 0);
  }

  /** Records the pages taken so far can hold, live and spare (for tests). */
  get capacity(): number {
    let pages = this.spare.length;
    for (const page of this.directory) if (page !== undefined) pages++;
    return pages * PAGE_RECORDS;
  }

  private page(seq: number): Page {
    return this.directory[(seq >>> PAGE_SHIFT) & (this.directory.length - 1)] as Page;
  }

  /** Takes a page for the range that starts at seq, doubling the directory when every slot is live. */
  private newPage(seq: number): Page {
    const number = seq / PAGE_RECORDS;
    const firstPage = Math.floor(this.oldest / PAGE_RECORDS);
    if (number - firstPage >= this.directory.length) {
      const directory = new Array<Page | undefined>(this.directory.length * 2);
      for (let page = firstPage; page < number; page++) directory[page % directory.length] = this.directory[page % this.directory.length];
      this.directory = directory;
    }
    const page = this.spare.pop() ?? new Page();
    this.directory[number % this.directory.length] = page;
    return page;
  }
}
