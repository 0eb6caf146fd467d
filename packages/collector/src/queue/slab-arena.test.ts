import { describe, expect, it } from 'vitest';
import { SlabArena } from './slab-arena.js';
import type { Placement } from './slab-arena.js';

/** `texts` concatenated, with where each ends: what the encoder hands a store. */
function encoded(texts: string[]): [Buffer, number[]] {
  const ends: number[] = [];
  let end = 0;
  for (const text of texts) ends.push((end += Buffer.byteLength(text)));
  return [Buffer.from(texts.join('')), ends];
}

interface Stored {
  slab: number;
  text: string;
  length: number;
}

/** Each record's slab and bytes, read back through the placement. */
function readBack(arena: SlabArena, ends: readonly number[], placement: Placement): Stored[] {
  const out: Stored[] = [];
  let i = 0;
  let start = 0;
  for (let r = 0; r < placement.length; r += 3) {
    const [slab, delta, runEnd] = placement.slice(r, r + 3) as [number, number, number];
    for (; i < runEnd; i++) {
      const end = ends[i] as number;
      out.push({ slab, text: arena.buffer(slab).toString('utf8', start + delta, end + delta), length: end - start });
      start = end;
    }
  }
  return out;
}

function store(arena: SlabArena, texts: string[]): Stored[] {
  const [src, ends] = encoded(texts);
  return readBack(arena, ends, arena.store(src, ends));
}

describe('SlabArena', () => {
  it('stores records in slabs, none across a slab boundary', () => {
    const arena = new SlabArena(10, 4);
    const records = store(arena, ['aaaa', 'bbbb', 'cccc', 'dddddddddd']);
    expect(records.map((r) => r.text)).toEqual(['aaaa', 'bbbb', 'cccc', 'dddddddddd']);
    // aaaa and bbbb share the first slab; cccc does not fit after them and starts the next one.
    expect(records.map((r) => r.slab)).toEqual([0, 0, 1, 2]);
  });

  it('gives a record larger than a slab a slab of its own, dropped once released', () => {
    const arena = new SlabArena(4, 4);
    const records = store(arena, ['ab', 'toolongforaslab', 'cd']);
    expect(records.map((r) => r.text)).toEqual(['ab', 'toolongforaslab', 'cd']);
    const big = records[1] as Stored;
    expect(big.slab).not.toBe(records[0]?.slab);
    expect(arena.heldSlabs).toBe(2);
    arena.release(big.slab, big.length);
    expect(arena.heldSlabs).toBe(1);
    expect(arena.freeSlabs).toBe(0); // never put on the free list
    expect(() => arena.buffer(big.slab)).toThrow();
  });

  it('reuses a slab once every record in it is released, and not before', () => {
    const arena = new SlabArena(8, 4);
    const first = store(arena, ['1111', '2222']);
    store(arena, ['3333']); // fills a second slab: the first is no longer filled
    arena.release(0, 4);
    expect(arena.freeSlabs).toBe(0);
    arena.release(0, 4);
    expect(arena.freeSlabs).toBe(1);
    const reused = store(arena, ['5555', '6666', '7777']);
    // 5555 still fits the slab being filled; 6666 starts the next one, which is the freed slab 0.
    expect(reused.map((r) => r.slab)).toEqual([1, 0, 0]);
    expect(reused.map((r) => r.text)).toEqual(['5555', '6666', '7777']);
    expect(first.map((r) => r.slab)).toEqual([0, 0]);
    expect(arena.heldSlabs).toBe(2);
  });

  it('restarts the slab being filled once all its records are released', () => {
    const arena = new SlabArena(8, 4);
    store(arena, ['1111']);
    arena.release(0, 4);
    expect(store(arena, ['22222222']).map((r) => r.slab)).toEqual([0]);
    expect(arena.heldSlabs).toBe(1);
  });

  it('keeps at most keepSlabs free slabs and reuses the ids of dropped ones', () => {
    const arena = new SlabArena(4, 1);
    store(arena, ['aaaa', 'bbbb', 'cccc', 'dddd']); // slabs 0..3, slab 3 being filled
    store(arena, ['eeee']); // slab 4; slab 3 is left
    for (const slab of [0, 1, 2, 3]) arena.release(slab, 4);
    expect(arena.freeSlabs).toBe(1);
    expect(arena.heldSlabs).toBe(2); // the free one and the one being filled
    // New slabs take the free one first, then vacant ids: the table does not grow.
    expect(store(arena, ['ffff', 'gggg', 'hhhh']).map((r) => r.slab)).toEqual([0, 3, 2]);
    expect(arena.heldSlabs).toBe(4);
  });
});
