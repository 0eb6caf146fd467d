import { describe, expect, it } from 'vitest';
import { ErrorWindows, type Aggregate } from './error-windows.js';

function setup(perWindow = 3, windowMs = 10_000) {
  let t = 1_000_000;
  const clock = { advance: (ms: number) => (t += ms) };
  const windows = new ErrorWindows<string>({ perWindow, windowMs, now: () => t });
  const emitted: Array<Aggregate<string>> = [];
  const emit = (a: Aggregate<string>) => emitted.push(a);
  return { windows, clock, emitted, emit };
}

describe('ErrorWindows', () => {
  it('records the first perWindow rejections one by one, then folds the rest', () => {
    const { windows, emit, emitted } = setup(3);
    const results = Array.from({ length: 5 }, (_, i) => windows.offer('c1', 6, `s${i}`, emit));
    expect(results).toEqual(['record', 'record', 'record', 'folded', 'folded']);
    expect(emitted).toEqual([]);
  });

  it('emits the aggregate of a window when the next rejection arrives after it ended', () => {
    const { windows, clock, emit, emitted } = setup(1);
    windows.offer('c1', 6, 'a', emit);
    windows.offer('c1', 13, 'b', emit);
    windows.offer('c1', 13, 'c', emit);
    clock.advance(10_000);
    expect(windows.offer('c1', 7, 'd', emit)).toBe('record');
    expect(emitted).toEqual([{ key: 'c1', count: 2, byCode: { 13: 2 }, first: 'b', windowStart: 1_000_000, windowEnd: 1_010_000 }]);
  });

  it('keeps connectors apart', () => {
    const { windows, emit } = setup(1);
    expect(windows.offer('c1', 6, 'a', emit)).toBe('record');
    expect(windows.offer('c2', 6, 'a', emit)).toBe('record');
    expect(windows.offer('c1', 6, 'a', emit)).toBe('folded');
  });

  it('sweep ends only windows older than windowMs and forgets them', () => {
    const { windows, clock, emit, emitted } = setup(1);
    windows.offer('old', 6, 'a', emit);
    windows.offer('old', 6, 'b', emit);
    clock.advance(6_000);
    windows.offer('new', 6, 'a', emit);
    windows.offer('new', 6, 'b', emit);
    clock.advance(4_000);
    windows.sweep(emit);
    expect(emitted.map((a) => a.key)).toEqual(['old']);
    expect(windows.size).toBe(1);
    clock.advance(6_000);
    windows.sweep(emit);
    expect(emitted.map((a) => a.key)).toEqual(['old', 'new']);
    expect(windows.size).toBe(0);
  });

  it('a window without folded rejections emits nothing', () => {
    const { windows, clock, emit, emitted } = setup(5);
    windows.offer('c1', 6, 'a', emit);
    clock.advance(20_000);
    windows.sweep(emit);
    expect(emitted).toEqual([]);
  });

  it('drain emits every open aggregate at once, ending at the current time', () => {
    const { windows, clock, emit, emitted } = setup(1);
    windows.offer('c1', 6, 'a', emit);
    windows.offer('c1', 6, 'b', emit);
    clock.advance(2_000);
    windows.drain(emit);
    expect(emitted).toEqual([expect.objectContaining({ key: 'c1', count: 1, windowEnd: 1_002_000 })]);
  });

  it('counts every rejection exactly once under a flood over many windows', () => {
    const { windows, clock, emit, emitted } = setup(10, 10_000);
    let recorded = 0;
    for (let i = 0; i < 5_000; i++) {
      if (windows.offer('c1', 6, 's', emit) === 'record') recorded++;
      clock.advance(37);
    }
    windows.drain(emit);
    const folded = emitted.reduce((sum, a) => sum + a.count, 0);
    expect(recorded + folded).toBe(5_000);
    // 5000 × 37 ms ≈ 185 s → about 19 windows, each at most 10 records and one aggregate.
    expect(recorded + emitted.length).toBeLessThanOrEqual(19 * 11 + 11);
  });
});
