// Log lines for the collector benchmark, from the ingest corpus (bench/lib/corpus.mjs): the text a
// collector reads from files and syslog sockets. JSON application events become one-line JSON,
// syslog 3164/5424, CEF and access-log events stay as they are. Same seed → same lines.
import { createWriteStream } from 'node:fs';
import { buildCorpus, splitEnvelopes } from './corpus.mjs';

/** Every event of `bodies` corpus bodies as a text line; `textOnly` keeps the syslog/CEF/access lines. */
export function corpusLines({ seed = 11, bodies = 200, textOnly = false } = {}) {
  const lines = [];
  for (const { body, parser } of buildCorpus({ seed, bodies }).bodies) {
    if (textOnly && parser !== 'raw') continue;
    for (const one of splitEnvelopes(body)) {
      const { event } = JSON.parse(one.toString('utf8'));
      lines.push(typeof event === 'string' ? event : JSON.stringify(event));
    }
  }
  return lines;
}

/** Writes about `bytes` of lines (whole lines only), with backpressure; returns { bytes, lines }. */
export async function writeLogFile(path, bytes, lines = corpusLines()) {
  const block = Buffer.from(`${lines.join('\n')}\n`);
  const out = createWriteStream(path);
  let written = 0;
  let count = 0;
  while (written < bytes) {
    const end = written + block.length <= bytes ? block.length : block.lastIndexOf(10, bytes - written - 1) + 1;
    if (end === 0) break;
    const piece = block.subarray(0, end);
    written += piece.length;
    count += end === block.length ? lines.length : piece.toString('latin1').split('\n').length - 1;
    if (!out.write(piece)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return { bytes: written, lines: count };
}
