/**
 * `hecate send` without `--raw`: each line of the input becomes one envelope. A line that is a JSON
 * object with an `event` key is sent as that envelope (files of prepared HEC envelopes); any other
 * line becomes `{"event": <line>}`. Empty lines are skipped, as the raw endpoint does.
 */
import { decodedBytes, newlineChunks } from '../newline-chunks.js';
import type { EventInput, HecEnvelopeInput } from '../payload-envelope.js';

function lineToEvent(line: string): EventInput {
  if (line.startsWith('{')) {
    try {
      const value = JSON.parse(line) as unknown;
      if (typeof value === 'object' && value !== null && 'event' in value) return value as HecEnvelopeInput;
    } catch {
      // not JSON: the line is the event text
    }
  }
  return line;
}

export async function* lineEvents(source: AsyncIterable<Buffer>): AsyncGenerator<EventInput> {
  // Chunks end at a newline, so decoding each one alone never splits a UTF-8 character.
  for await (const chunk of newlineChunks(decodedBytes(source), 1024 * 1024)) {
    for (const raw of chunk.toString('utf8').split('\n')) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() !== '') yield lineToEvent(line);
    }
  }
}
