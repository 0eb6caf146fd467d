/**
 * CollectEvents → HEC envelopes (JSON text plus a newline), the records a queue stores. The text is
 * cut to maxEventSize bytes on a UTF-8 character boundary and the cut is marked, so a truncated
 * event is visible in search instead of being silently shortened.
 *
 * Hot path. Everything after the event text (time, host, source, fields) depends only on the
 * event's fields object and time, and sources give the events of one read the same fields object
 * (same file or peer, same collection time). So that tail is serialised once per run of such events
 * within a batch; only the text is escaped per event. The cache lives for one call, so a fields
 * object changed between batches can never be served stale.
 */
import type { CollectEvent } from '../../event.js';

export const TRUNCATED_FIELD = '@collect.truncated';

export function encodeEvents(events: readonly CollectEvent[], maxEventSize: number): Buffer[] {
  const out = new Array<Buffer>(events.length);
  let lastFields: Readonly<Record<string, string>> | undefined;
  let lastTime = Number.NaN;
  let tail = '';
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
      tail = envelopeTail(fields, event.time);
      lastFields = fields;
      lastTime = event.time;
    }
    out[i] = Buffer.from(`{"event":${JSON.stringify(text)}${tail}`);
  }
  return out;
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
