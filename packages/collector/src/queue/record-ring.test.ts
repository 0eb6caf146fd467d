import { describe, expect, it } from 'vitest';
import { RecordRing } from './record-ring.js';

const PAGE = 4096;

/** Adds seqs ring.end..to-1, each with slab = seq % 1000, offset = seq, length = seq % 7. */
function fill(ring: RecordRing, to: number, at = 1_700_000_000_000): void {
  while (ring.end < to) {
    const seq = ring.end;
    ring.add(seq % 1000, seq % 2 ** 32, seq % 7, at);
  }
}

function expectHeld(ring: RecordRing, from: number, to: number): void {
  for (let seq = from; seq < to; seq++) {
    if (ring.slab(seq) !== seq % 1000 || ring.offset(seq) !== seq % 2 ** 32 || ring.length(seq) !== seq % 7) throw new Error(`seq ${seq} reads back wrong`);
  }
}

describe('RecordRing', () => {
  it('takes memory a page at a time as records are added', () => {
    const ring = new RecordRing();
    expect(ring.capacity).toBe(0);
    fill(ring, 1);
    expect(ring.capacity).toBe(PAGE);
    fill(ring, PAGE + 1);
    expect(ring.capacity).toBe(2 * PAGE);
    expectHeld(ring, 0, PAGE + 1);
  });

  it('reuses the pages of forgotten records instead of taking new ones', () => {
    const ring = new RecordRing();
    for (let round = 1; round <= 20; round++) {
      fill(ring, round * 3000);
      expectHeld(ring, ring.first, ring.end);
      ring.first = ring.end;
    }
    // 3,000 records held at a time span at most two pages, plus the one the next round starts in.
    expect(ring.capacity).toBeLessThanOrEqual(3 * PAGE);
  });

  it('keeps every held record when more pages are live than the directory had slots', () => {
    const ring = new RecordRing();
    fill(ring, 10);
    ring.first = 5;
    fill(ring, 40 * PAGE + 17);
    expectHeld(ring, 5, ring.end);
    ring.first = 20 * PAGE + 3;
    fill(ring, 70 * PAGE);
    expectHeld(ring, ring.first, ring.end);
  });

  it('maps seqs past 2^32 to their own pages', () => {
    const ring = new RecordRing();
    const start = 2 ** 32 - 2 * PAGE;
    ring.end = start;
    ring.first = start;
    fill(ring, start + 5 * PAGE);
    expectHeld(ring, start, ring.end);
    ring.first = start + 3 * PAGE;
    fill(ring, start + 40 * PAGE);
    expectHeld(ring, ring.first, ring.end);
  });

  it('gives push times back to the millisecond', () => {
    const ring = new RecordRing();
    const at = Date.now() - 90_000;
    ring.add(0, 0, 1, at);
    expect(ring.at(0)).toBe(at);
  });
});
