/**
 * Validation of a parser's content, from an API body (JSON) or a template file (YAML). Closed shapes:
 * an unknown key is an error naming it, so a typo in a test case is not silently ignored.
 */
import { ApiError } from '../api/api-error.js';
import type { ParserAssertion, ParserSpec, ParserTestCase } from './parser-definition.js';

export const PARSER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const MAX_TEST_CASES = 500;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const invalid = (field: string, message: string): ApiError => new ApiError('INVALID_FIELD', `${field} ${message}`, field);

function closed(body: Record<string, unknown>, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new ApiError('UNKNOWN_FIELD', `unknown field "${prefix}${key}"; allowed: ${allowed.join(', ')}`, prefix + key);
  }
}

function stringList(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw invalid(field, 'must be a list of strings');
  return v as string[];
}

/** Template values are strings; YAML may read `200` or `true` as a number or boolean, so scalars are written back as text. */
function scalarText(v: unknown, field: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw invalid(field, 'must be a string');
}

function parseAssertion(raw: unknown, field: string): ParserAssertion {
  if (!isObject(raw)) throw invalid(field, 'must be an object');
  closed(raw, ['outputEventIndex', 'fieldsHaveValues', 'fieldsNotPresent'], `${field}.`);
  const index = raw.outputEventIndex ?? 0;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) throw invalid(`${field}.outputEventIndex`, 'must be a whole number ≥ 0');
  const have = raw.fieldsHaveValues ?? {};
  if (!isObject(have)) throw invalid(`${field}.fieldsHaveValues`, 'must map field names to values');
  const fieldsHaveValues: Record<string, string> = {};
  for (const [name, value] of Object.entries(have)) fieldsHaveValues[name] = scalarText(value, `${field}.fieldsHaveValues.${name}`);
  return { outputEventIndex: index, fieldsHaveValues, fieldsNotPresent: stringList(raw.fieldsNotPresent, `${field}.fieldsNotPresent`) };
}

function parseTestCase(raw: unknown, field: string): ParserTestCase {
  // Template v0.1/v0.2: `tests` is a list of raw strings without assertions.
  if (typeof raw === 'string') return { event: { rawString: raw }, assertions: [] };
  if (!isObject(raw)) throw invalid(field, 'must be an object with event.rawString');
  closed(raw, ['event', 'assertions'], `${field}.`);
  if (!isObject(raw.event)) throw invalid(`${field}.event`, 'must be an object with rawString');
  closed(raw.event, ['rawString'], `${field}.event.`);
  const rawString = scalarText(raw.event.rawString, `${field}.event.rawString`);
  const assertions = raw.assertions ?? [];
  if (!Array.isArray(assertions)) throw invalid(`${field}.assertions`, 'must be a list');
  return { event: { rawString }, assertions: assertions.map((a, i) => parseAssertion(a, `${field}.assertions[${i}]`)) };
}

export function parseTestCases(raw: unknown, field = 'testCases'): ParserTestCase[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalid(field, 'must be a list');
  if (raw.length > MAX_TEST_CASES) throw invalid(field, `may hold at most ${MAX_TEST_CASES} test cases`);
  return raw.map((t, i) => parseTestCase(t, `${field}[${i}]`));
}

export function checkParserName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || !PARSER_NAME.test(name)) {
    throw invalid(field, 'must be 1–100 characters: letters, digits, "_", "-" and ".", starting with a letter or digit');
  }
  return name;
}

export const SPEC_KEYS = ['name', 'description', 'script', 'tagFields', 'fieldsToBeRemovedBeforeParsing', 'testCases'] as const;

/** A full parser body (create, import, unsaved test). `requireName` is false for the unsaved-script test runner. */
export function parseParserSpec(body: unknown, options: { requireName?: boolean; extraKeys?: readonly string[] } = {}): ParserSpec {
  if (!isObject(body)) throw new ApiError('INVALID_FIELD', 'the request body must be a JSON object');
  closed(body, [...SPEC_KEYS, ...(options.extraKeys ?? [])], '');
  const name = options.requireName === false && body.name === undefined ? 'unsaved' : checkParserName(body.name);
  if (typeof body.script !== 'string') throw invalid('script', 'is required and must be a string');
  const description = body.description ?? '';
  if (typeof description !== 'string') throw invalid('description', 'must be a string');
  return {
    name,
    description,
    script: body.script,
    tagFields: stringList(body.tagFields, 'tagFields'),
    fieldsToBeRemovedBeforeParsing: stringList(body.fieldsToBeRemovedBeforeParsing, 'fieldsToBeRemovedBeforeParsing'),
    testCases: parseTestCases(body.testCases),
  };
}
