/**
 * Maps one event a parser script emitted (a flat Map of fields) onto the stored event model:
 * tag fields become `#tags`, `@timestamp` becomes the event time, `@rawstring` the raw text,
 * `@error` the parse error. Shared by ingest, preview and the parser test runner so all three
 * agree on what is stored.
 */
import type { ParserEvent } from '@hecate/lang';
import type { ParseOutput } from './parser.js';

/** Fields the stored event keeps in its own columns, never in `fields`. */
const COLUMN_FIELDS = new Set(['@rawstring', '@timestamp', '@id', '@ingesttimestamp']);

export function mapParserOutput(event: ParserEvent, tagFields: ReadonlySet<string>): ParseOutput {
  const fields: Record<string, string> = {};
  const tags: Record<string, string> = {};
  let timestamp: number | undefined;
  let rawstring: string | undefined;
  for (const [name, value] of event.fields) {
    if (COLUMN_FIELDS.has(name)) {
      if (name === '@rawstring') rawstring = value;
      else if (name === '@timestamp') {
        // LogScale's @timestamp is Unix ms; anything else is ignored and HEC or ingest time is used.
        const ms = Number(value);
        if (value !== '' && Number.isFinite(ms)) timestamp = Math.trunc(ms);
      }
      continue;
    }
    if (name.charCodeAt(0) === 35 /* # */) tags[name] = value;
    else if (tagFields.has(name)) tags['#' + name] = value;
    else fields[name] = value;
  }
  const out: ParseOutput = { fields, tags };
  if (timestamp !== undefined) out.timestamp = timestamp;
  if (rawstring !== undefined) out.rawstring = rawstring;
  if (fields['@error'] === 'true') out.error = fields['@error_msg'] ?? 'the parser reported an error';
  return out;
}
