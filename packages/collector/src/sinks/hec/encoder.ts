/**
 * CollectEvents → HEC envelopes (JSON text plus a newline), the records a queue stores. The text is
 * cut to maxEventSize bytes on a UTF-8 character boundary and the cut is marked, so a truncated
 * event is visible in search instead of being silently shortened.
 *
 * Hot path. Everything after the event text (time, host, source, fields) depends only on the
 * event's fields object and time, and sources give the events of one read the same fields object
 * (same file or peer, same collection time). So that tail is serialised and UTF-8 encoded once per
 * run of such events within a call; only the text is escaped per event. The cache lives for one
 * call, so a fields object changed between calls can never be served stale.
 *
 * Memory. The envelopes of one call are written into a reused scratch buffer, then copied where the
 * queue keeps them (a memory queue's slabs, or one Buffer of exactly their size): one copy per call
 * instead of one allocation per event, so the bytes a queue counts are the bytes it holds, and a
 * batch of adjacent records is sent as one span without copying them (request-builder.ts).
 */
import type { CollectEvent } from '../../event.js';
import { ownBuffer } from '../../queue/record-store.js';

export const TRUNCATED_FIELD = '@collect.truncated';

const EVENT_KEY = '{"event":';
/** Reused between calls; dropped after a call that needed more than this, so one huge call does not pin memory. */
const SCRATCH_KEEP_BYTES = 4 * 1024 * 1024;
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

/** The envelopes of `events`, each a view of one Buffer of exactly their size. */
export function encodeEvents(events: readonly CollectEvent[], maxEventSize: number): Buffer[] {
  return encodeInto(events, maxEventSize, ownBuffer);
}

/**
 * Writes the envelopes of `events` back to back into the scratch buffer and hands it to `take` with
 * where each ends; `take` must copy what it keeps before returning (the scratch is reused).
 */
export function encodeInto<T>(events: readonly CollectEvent[], maxEventSize: number, take: (src: Buffer, ends: readonly number[]) => T): T {
  const ends = new Array<number>(events.length);
  let lastFields: Readonly<Record<string, string>> | undefined;
  let lastTime = Number.NaN;
  let tail = Buffer.alloc(0);
  let buf = scratch;
  let pos = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as CollectEvent;
    let text = event.text;
    let fields: Readonly<Record<string, string>> = event.fields;
    // Text of at most maxEventSize / 3 characters is at most maxEventSize UTF-8 bytes: no need to count.
    if (text.length * 3 > maxEventSize && Buffer.byteLength(text) > maxEventSize) {
      text = truncateUtf8(text, maxEventSize);
      fields = { ...fields, [TRUNCATED_FIELD]: 'true' };
    }
    if (fields !== lastFields || event.time !== lastTime) {
      tail = Buffer.from(envelopeTail(fields, event.time));
      lastFields = fields;
      lastTime = event.time;
    }
    const head = EVENT_KEY + JSON.stringify(text);
    // A UTF-16 code unit is at most 3 UTF-8 bytes: room for the worst case before writing.
    const need = pos + head.length * 3 + tail.length;
    if (need > buf.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(need, buf.length * 2));
      buf.copy(grown, 0, 0, pos);
      buf = grown;
    }
    pos += buf.write(head, pos);
    pos += tail.copy(buf, pos);
    ends[i] = pos;
  }
  if (buf.length <= SCRATCH_KEEP_BYTES) scratch = buf;
  return take(buf, ends);
}

export function encodeEvent(event: CollectEvent, maxEventSize: number): Buffer {
  return encodeEvents([event], maxEventSize)[0] as Buffer;
}

/** `,"time":…,"host":…,"source":…,"fields":{…}}` and the newline: the envelope after its event. */
function envelopeTail(fields: Readonly<Record<string, string>>, time: number): string {
  const rest = {
    time: Math.round(time) / 1000,
    host: fields['@collect.host'],
    source: fields['@collect.file'] ?? fields['@collect.source_name'],
    fields,
  };
  return `,${JSON.stringify(rest).slice(1)}\n`;
}

export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
