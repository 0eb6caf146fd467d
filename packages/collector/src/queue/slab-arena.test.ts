import { describe, expect, it } from 'vitest';
import { SlabArena } from './slab-arena.js';

/** `texts` concatenated, with where each ends: what the encoder hands a store. */
function encoded(texts: string[]): [Buffer, number[]] {
  const ends: number[] = [];
  let end = 0;
  for (const text of texts) ends.push((end += Buffer.byteLength(text)));
  return [Buffer.from(texts.join('')), ends];
}

describe('SlabArena', () => {
  it('stores records as views of slabs, none across a slab boundary', () => {
    const arena = new SlabArena(10, 4);
    const [src, ends] = encoded(['aaaa', 'bbbb', 'cccc', 'dddddddddd']);
    const records = arena.store(src, ends);
    expect(records.map(String)).toEqual(['aaaa', 'bbbb', 'cccc', 'dddddddddd']);
    // aaaa and bbbb share the first slab; cccc does not fit after them and starts the next one.
    expect(records[1]?.buffer).toBe(records[0]?.buffer);
    expect(records[2]?.buffer).not.toBe(records[0]?.buffer);
    expect(records[3]?.buffer).not.toBe(records[2]?.buffer);
  });

  it('gives a record larger than a slab a buffer of its own', () => {
    const arena = new SlabArena(4, 4);
    const [src, ends] = encoded(['ab', 'toolongforaslab', 'cd']);
    const records = arena.store(src, ends);
    expect(records.map(String)).toEqual(['ab', 'toolongforaslab', 'cd']);
    expect(records[1]?.length).toBe(15);
    arena.release(records); // a record outside the slabs is left to the garbage collector
    expect(arena.freeSlabs).toBe(0); // the slab of ab and cd is still being filled
  });

  it('reuses a slab once every record in it is released, and not before', () => {
    const arena = new SlabArena(8, 4);
    const first = arena.store(...encoded(['1111', '2222']));
    arena.store(...encoded(['3333'])); // fills a second slab: the first is no longer filled
    arena.release([first[0] as Buffer]);
    expect(arena.freeSlabs).toBe(0);
    arena.release([first[1] as Buffer]);
    expect(arena.freeSlabs).toBe(1);
    const reused = arena.store(...encoded(['5555', '6666', '7777']));
    expect(reused[1]?.buffer).toBe(first[0]?.buffer);
    expect(reused.map(String)).toEqual(['5555', '6666', '7777']);
  });

  it('keeps at most keepSlabs free slabs', () => {
    const arena = new SlabArena(4, 1);
    const records = arena.store(...encoded(['aaaa', 'bbbb', 'cccc', 'dddd']));
    arena.store(...encoded(['eeee']));
    arena.release(records);
    expect(arena.freeSlabs).toBe(1);
  });
});
