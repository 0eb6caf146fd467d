/**
 * A parser written in the query language, as the ingest stage runs it: the script compiled once
 * (by the parser registry), then per event a small Map in, the script's events out.
 */
import type { CompiledParser, ParserEvent } from '@hecate/lang';
import type { IncomingEvent } from '../events.js';
import { createParserOutputMapper } from './parser-output.js';
import type { ParseOutput, Parser } from './parser.js';

export interface ScriptParserSpec {
  name: string;
  description: string;
  tagFields: readonly string[];
  fieldsToBeRemovedBeforeParsing: readonly string[];
}

type RunnableParser = Extract<CompiledParser, { ok: true }>;

/** The script's input: `@rawstring` plus the shipper's HEC indexed fields, minus the ones to remove. */
export function parserInput(event: IncomingEvent, removed: ReadonlySet<string>): ParserEvent {
  const fields = new Map<string, string>([['@rawstring', event.raw]]);
  const hec = event.fields;
  if (hec !== undefined) {
    for (const key in hec) {
      if (removed.size > 0 && removed.has(key)) continue;
      const v = hec[key];
      fields.set(key, Array.isArray(v) ? JSON.stringify(v) : String(v));
    }
  }
  return { fields };
}

export function createScriptParser(spec: ScriptParserSpec, compiled: RunnableParser): Parser {
  const mapOutput = createParserOutputMapper(new Set(spec.tagFields));
  const removed = new Set(spec.fieldsToBeRemovedBeforeParsing);
  const parseAll = (event: IncomingEvent): ParseOutput[] => {
    const outputs = compiled.run(parserInput(event, removed));
    // One event in, one out is the common case: avoid the map() allocation.
    if (outputs.length === 1) return [mapOutput(outputs[0] as ParserEvent)];
    return outputs.map(mapOutput);
  };
  return {
    name: spec.name,
    description: spec.description,
    parse: (event) => parseAll(event)[0] ?? { fields: {}, tags: {}, error: 'the parser dropped the event' },
    parseAll,
  };
}
