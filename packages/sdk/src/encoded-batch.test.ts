import { describe, expect, it } from 'vitest';
import { BatchBuilder } from './encoded-batch.js';

const texts = ['first', 'zwei – ü', '三つ目 🦉', '', 'last'];

function built(items: string[], initialBytes?: number) {
  const builder = new BatchBuilder(initialBytes);
  for (const text of items) builder.add(text);
  return builder;
}

describe('BatchBuilder and EncodedBatch', () => {
  it('encodes each text once as UTF-8, newline-separated, and counts the bytes', () => {
    const builder = built(texts);
    expect([builder.count, builder.bytes]).toEqual([5, Buffer.byteLength(texts.join('\n')) + 1]);
    const batch = builder.take();
    expect(batch.lines().toString('utf8')).toBe(`${texts.join('\n')}\n`);
    expect(batch.envelopes().toString('utf8')).toBe(texts.join('\n'));
  });

  it('grows its scratch buffer for texts larger than it, multi-byte ones included', () => {
    const big = ['é'.repeat(5000), 'x'.repeat(20_000), '🦉'.repeat(3000)];
    const batch = built(big, 64).take();
    expect(batch.lines().toString('utf8')).toBe(`${big.join('\n')}\n`);
  });

  it.each([
    [0, 2, ['first', 'zwei – ü']],
    [1, 3, ['zwei – ü', '三つ目 🦉']],
    [2, 5, ['三つ目 🦉', '', 'last']],
    [4, 5, ['last']],
  ] as const)('slices items %i to %i without copying or encoding again', (from, to, expected) => {
    const slice = built(texts).take().slice(from, to);
    expect(slice.count).toBe(expected.length);
    expect(slice.envelopes().toString('utf8')).toBe(expected.join('\n'));
    expect(slice.lines().toString('utf8')).toBe(`${expected.join('\n')}\n`);
  });

  it('slices a slice relative to itself, and an empty slice has no bytes', () => {
    const batch = built(texts).take();
    expect(batch.slice(1).slice(2).envelopes().toString('utf8')).toBe('\nlast');
    expect(batch.slice(3, 3).lines().length).toBe(0);
    expect(batch.slice(3, 3).envelopes().length).toBe(0);
  });

  it('starts empty after take, and a taken batch keeps its bytes when the builder is reused', () => {
    const builder = built(['one', 'two']);
    const first = builder.take();
    expect([builder.count, builder.bytes]).toEqual([0, 0]);
    builder.add('three');
    const second = builder.take();
    expect(first.envelopes().toString()).toBe('one\ntwo');
    expect(second.envelopes().toString()).toBe('three');
  });
});
