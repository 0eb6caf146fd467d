/**
 * The parsers available before the parser library arrives: `raw` keeps the event as it came,
 * `json` turns a JSON event into fields.
 */
import type { IncomingEvent } from '../events.js';
import { flattenJson } from './flatten-json.js';
import type { ParseOutput, Parser } from './parser.js';

const rawParser: Parser = {
  name: 'raw',
  description: 'Stores each event as it came: @rawstring plus the HEC metadata and indexed fields.',
  parse: () => ({ fields: {}, tags: {} }),
};

function jsonValueOf(event: IncomingEvent): { value?: unknown; error?: string } {
  if (event.structured) {
    if (event.parsed !== undefined) return { value: event.parsed };
    try {
      return { value: JSON.parse(event.raw) };
    } catch (err) {
      return { error: `event is not valid JSON: ${(err as Error).message}` };
    }
  }
  const text = event.raw.trimStart();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return { value: JSON.parse(text) };
    } catch (err) {
      return { error: `event is not valid JSON: ${(err as Error).message}` };
    }
  }
  return { error: 'event is not a JSON object or array' };
}

const jsonParser: Parser = {
  name: 'json',
  description: 'Parses JSON events (objects sent as HEC `event`, or JSON text) into fields: nested keys joined with ".", arrays as [n].',
  parse(event: IncomingEvent): ParseOutput {
    const { value, error } = jsonValueOf(event);
    if (error !== undefined) return { fields: {}, tags: {}, error };
    if (value === null || typeof value !== 'object') {
      return { fields: {}, tags: {}, error: 'event is not a JSON object or array' };
    }
    const fields: Record<string, string> = {};
    flattenJson(value, '', fields);
    return { fields, tags: {} };
  },
};

export const BUILTIN_PARSERS: ReadonlyMap<string, Parser> = new Map([rawParser, jsonParser].map((p) => [p.name, p]));
