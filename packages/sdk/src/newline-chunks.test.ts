import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodedBytes, newlineChunks } from './newline-chunks.js';

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of source) out.push(chunk);
  return out;
}

const text = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}`).join('\n') + '\n';

function pieces(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

describe('newlineChunks', () => {
  it('cuts only after newlines, near maxBytes, and loses nothing', async () => {
    const chunks = await collect(newlineChunks(pieces(Buffer.from(text), 333), 2048));
    expect(Buffer.concat(chunks).toString()).toBe(text);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.at(-1)).toBe(0x0a);
      expect(chunk.length).toBeLessThanOrEqual(2048);
    }
  });

  it('keeps a line longer than maxBytes whole and sends a last line without newline', async () => {
    const long = 'y'.repeat(50);
    const chunks = await collect(newlineChunks(pieces(Buffer.from(`a\n${long}\nb`), 7), 20));
    expect(chunks.map((c) => c.toString())).toEqual(['a\n', `${long}\n`, 'b']);
  });
});

describe('decodedBytes', () => {
  it('gunzips a source that starts with the gzip magic bytes, whatever its name', async () => {
    const chunks = await collect(decodedBytes(pieces(gzipSync(text), 100)));
    expect(Buffer.concat(chunks).toString()).toBe(text);
  });

  it('passes plain bytes through', async () => {
    const chunks = await collect(decodedBytes(pieces(Buffer.from(text), 100)));
    expect(Buffer.concat(chunks).toString()).toBe(text);
  });
});
