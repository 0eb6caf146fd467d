/**
 * The LogScale parser template (`$schema: https://schemas.humio.com/parser/v0.x.0`) read and written
 * as YAML, so parsers written for the reference product import as they are and exports open there.
 */
import { Document, parse, Scalar } from 'yaml';
import { ApiError } from '../api/api-error.js';
import type { ParserSpec } from './parser-definition.js';
import { checkParserName, parseTestCases } from './parser-spec-input.js';

export const PARSER_SCHEMA = 'https://schemas.humio.com/parser/v0.3.0';
const SCHEMA = /^https:\/\/schemas\.humio\.com\/parser\/v0\.[0-9]+\.[0-9]+$/;
const KEYS = ['$schema', 'name', 'description', 'script', 'tagFields', 'fieldsToBeRemovedBeforeParsing', 'testCases', 'tests'];

const bad = (message: string, field?: string): ApiError => new ApiError('INVALID_FIELD', message, field);

export function parseParserYaml(text: string): ParserSpec {
  let doc: unknown;
  try {
    doc = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    throw bad(`the parser file is not valid YAML: ${(err as Error).message}`, 'yaml');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw bad('the parser file must be a YAML mapping (name, script, tagFields, testCases, $schema)', 'yaml');
  const body = doc as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!KEYS.includes(key)) throw new ApiError('UNKNOWN_FIELD', `unknown key "${key}" in the parser file; allowed: ${KEYS.join(', ')}`, key);
  }
  const schema = body.$schema;
  if (schema !== undefined && (typeof schema !== 'string' || !SCHEMA.test(schema))) {
    throw bad(`$schema must be ${PARSER_SCHEMA} (or another v0.x parser schema)`, '$schema');
  }
  const name = checkParserName(body.name);
  if (typeof body.script !== 'string') throw bad('script is required and must be a string', 'script');
  const description = body.description ?? '';
  if (typeof description !== 'string') throw bad('description must be a string', 'description');
  const list = (key: string): string[] => {
    const v = body[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw bad(`${key} must be a list of strings`, key);
    return v as string[];
  };
  return {
    name,
    description,
    script: body.script,
    tagFields: list('tagFields'),
    fieldsToBeRemovedBeforeParsing: list('fieldsToBeRemovedBeforeParsing'),
    testCases: body.testCases !== undefined ? parseTestCases(body.testCases) : parseTestCases(body.tests, 'tests'),
  };
}

/** Writes the template in the reference product's key order; the script as a literal block. */
export function toParserYaml(spec: ParserSpec): string {
  const doc: Record<string, unknown> = {
    name: spec.name,
    ...(spec.description !== '' ? { description: spec.description } : {}),
    fieldsToBeRemovedBeforeParsing: spec.fieldsToBeRemovedBeforeParsing,
    testCases: spec.testCases.map((t) => ({
      event: { rawString: t.event.rawString },
      assertions: t.assertions.map((a) => ({
        outputEventIndex: a.outputEventIndex,
        fieldsHaveValues: a.fieldsHaveValues,
        ...(a.fieldsNotPresent.length > 0 ? { fieldsNotPresent: a.fieldsNotPresent } : {}),
      })),
    })),
    $schema: PARSER_SCHEMA,
    script: spec.script,
    tagFields: spec.tagFields,
  };
  const yaml = new Document(doc);
  // The script always as a literal block (`|-`), as the reference product writes it: readable diffs.
  const script = yaml.get('script', true);
  if (script instanceof Scalar) script.type = Scalar.BLOCK_LITERAL;
  return yaml.toString({ blockQuote: 'literal', lineWidth: 0 });
}
