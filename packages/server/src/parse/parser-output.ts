/**
 * Maps one event a parser script emitted (a flat Map of fields) onto the stored event model:
 * tag fields become `#tags`, `@timestamp` becomes the event time, `@rawstring` the raw text,
 * `@error` the parse error. Shared by ingest, preview and the parser test runner so all three
 * agree on what is stored.
 *
 * This runs once per stored event, so a parser's mapper classifies names with one Map lookup:
 * the `#name` key of every tag field is built once, not concatenated per event (a fresh key string
 * has to be hashed and internalised on every store).
 */
import type { ParserEvent } from '@hecate/lang';
import type { ParseOutput } from './parser.js';

/** Fields the stored event keeps in its own columns, never in `fields`. */
const COLUMN_FIELDS = new Set(['@rawstring', '@timestamp', '@id', '@ingesttimestamp']);

export type ParserOutputMapper = (event: ParserEvent) => ParseOutput;

/** The mapper for one parser: its tag fields are fixed, so their `#` keys are computed here once. */
export function createParserOutputMapper(tagFields: ReadonlySet<string>): ParserOutputMapper {
  const tagKeys = new Map<string, string>();
  for (const name of tagFields) tagKeys.set(name, '#' + name);
  return (event) => {
    const fields: Record<string, string> = {};
    const tags: Record<string, string> = {};
    let timestamp: number | undefined;
    let rawstring: string | undefined;
    for (const [name, value] of event.fields) {
      const first = name.charCodeAt(0);
      if (first === 64 /* @ */ && COLUMN_FIELDS.has(name)) {
        if (name === '@rawstring') rawstring = value;
        else if (name === '@timestamp') {
          // LogScale's @timestamp is Unix ms; anything else is ignored and HEC or ingest time is used.
          const ms = Number(value);
          if (value !== '' && Number.isFinite(ms)) timestamp = Math.trunc(ms);
        }
        continue;
      }
      if (first === 35 /* # */) {
        tags[name] = value;
        continue;
      }
      const tag = tagKeys.get(name);
      if (tag !== undefined) tags[tag] = value;
      else fields[name] = value;
    }
    const out: ParseOutput = { fields, tags };
    if (timestamp !== undefined) out.timestamp = timestamp;
    if (rawstring !== undefined) out.rawstring = rawstring;
    if (fields['@error'] === 'true') out.error = fields['@error_msg'] ?? 'the parser reported an error';
    return out;
  };
}

/** One-off mapping (preview, parser tests); ingest keeps a mapper per parser instead. */
export function mapParserOutput(event: ParserEvent, tagFields: ReadonlySet<string>): ParseOutput {
  return createParserOutputMapper(tagFields)(event);
}
