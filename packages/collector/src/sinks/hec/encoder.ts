/**
 * One CollectEvent → one HEC envelope (JSON text plus a newline), the record a queue stores. The
 * text is cut to maxEventSize bytes on a UTF-8 character boundary and the cut is marked, so a
 * truncated event is visible in search instead of being silently shortened.
 */
import type { CollectEvent } from '../../event.js';

export const TRUNCATED_FIELD = '@collect.truncated';

export function encodeEvent(event: CollectEvent, maxEventSize: number): Buffer {
  let text = event.text;
  let fields = event.fields;
  if (Buffer.byteLength(text) > maxEventSize) {
    text = truncateUtf8(text, maxEventSize);
    fields = { ...fields, [TRUNCATED_FIELD]: 'true' };
  }
  const envelope = {
    event: text,
    time: Math.round(event.time) / 1000,
    host: fields['@collect.host'],
    source: fields['@collect.file'] ?? fields['@collect.source_name'],
    fields,
  };
  return Buffer.from(`${JSON.stringify(envelope)}\n`);
}

export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
