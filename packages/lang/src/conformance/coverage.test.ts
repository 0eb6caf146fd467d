/**
 * The conformance suite covers the language: every function of the registry and every operator form
 * appears in at least one case, so a function added to the registry fails here until it has a case.
 */
import { describe, expect, test } from 'vitest';
import { FUNCTION_REGISTRY } from '../check/function-registry.js';
import { CONFORMANCE_CASES } from './search-cases.js';
import { OPERATOR_FORMS, coverageOf } from './syntax-coverage.js';

/**
 * Registry functions that cannot run at search time, with the reason. None today: parser functions
 * run in the evaluator after the SQL prefix, and aggregates are search stages. A function that only
 * makes sense at ingest (or needs a resource a search does not have) belongs here, with why.
 */
const NOT_SEARCHABLE: ReadonlyMap<string, string> = new Map<string, string>([]);

const covered = coverageOf(CONFORMANCE_CASES.map(([query]) => query));

describe('the conformance cases cover the language', () => {
  test.each(FUNCTION_REGISTRY.filter((spec) => !NOT_SEARCHABLE.has(spec.name)).map((spec) => [spec.name]))('%s() has a conformance case', (name) => {
    expect(covered.functions.has(name)).toBe(true);
  });

  test.each(OPERATOR_FORMS.map((form) => [form]))('the operator form %j has a conformance case', (form) => {
    expect(covered.operators.has(form)).toBe(true);
  });

  test('every function the cases call is in the registry, and the allow-list names only registry functions', () => {
    const names = new Set(FUNCTION_REGISTRY.map((spec) => spec.name));
    expect([...covered.functions].filter((fn) => !names.has(fn))).toEqual([]);
    expect([...NOT_SEARCHABLE.keys()].filter((fn) => !names.has(fn))).toEqual([]);
  });
});
