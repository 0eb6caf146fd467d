/**
 * Runs a parser's test cases with the ingest engine and reports failures by the reference product's
 * categories (`ParserTestCaseOutputFailures`): parsingErrors, assertionFailuresOnFields,
 * falselyTaggedFields, arraysWithGaps. Used by the API and by `hecate parser test` (no server).
 */
import { compileParser } from '@hecate/lang';
import type { Diagnostic, ParserEvent } from '@hecate/lang';
import { mapParserOutput } from '../parse/parser-output.js';
import { parserInput } from '../parse/script-parser.js';
import type { ParserSpec } from './parser-definition.js';

export interface AssertionFailure {
  outputEventIndex: number;
  field: string;
  expected: string | null;
  actual: string | null;
  message: string;
}

export interface ArrayGap {
  outputEventIndex: number;
  array: string;
  missingIndexes: number[];
}

export interface TestCaseFailures {
  parsingErrors: Array<{ outputEventIndex: number; message: string }>;
  assertionFailuresOnFields: AssertionFailure[];
  falselyTaggedFields: Array<{ outputEventIndex: number; field: string }>;
  arraysWithGaps: ArrayGap[];
}

export interface TestCaseResult {
  index: number;
  rawString: string;
  passed: boolean;
  failures: TestCaseFailures;
  /** The events as they would be stored: fields and `#tags` in one flat object, `@timestamp` included. */
  outputEvents: Array<Record<string, string>>;
}

export interface ParserTestReport {
  passed: boolean;
  /** Script problems: when there are any, no test case ran. */
  diagnostics: Diagnostic[];
  testCases: TestCaseResult[];
  summary: { testCases: number; passed: number; failed: number };
}

const ARRAY_INDEX = /\[(\d+)\]/g;

/** Arrays whose indexes do not run 0..n-1 (CPS: arrays must not have gaps), e.g. `a[0]`, `a[2]`. */
export function findArrayGaps(names: Iterable<string>): Array<{ array: string; missingIndexes: number[] }> {
  const arrays = new Map<string, Set<number>>();
  for (const name of names) {
    if (!name.includes('[')) continue;
    for (const m of name.matchAll(ARRAY_INDEX)) {
      const base = name.slice(0, m.index) + '[]';
      let set = arrays.get(base);
      if (set === undefined) arrays.set(base, (set = new Set()));
      set.add(Number(m[1]));
    }
  }
  const gaps: Array<{ array: string; missingIndexes: number[] }> = [];
  for (const [array, set] of arrays) {
    const max = Math.max(...set);
    if (set.size === max + 1) continue;
    const missingIndexes: number[] = [];
    for (let i = 0; i < max && missingIndexes.length < 20; i++) if (!set.has(i)) missingIndexes.push(i);
    gaps.push({ array, missingIndexes });
  }
  return gaps;
}

export interface RunParserTestsOptions {
  eventBudgetMs?: number;
  /** Sees each test case's events as the script emitted them, before tag mapping (the linter reads `#x` names there). */
  onEmitted?: (testCase: number, events: readonly ParserEvent[]) => void;
}

export function runParserTests(spec: ParserSpec, options: RunParserTestsOptions = {}): ParserTestReport {
  const compiled = compileParser(spec.script, options.eventBudgetMs !== undefined ? { eventBudgetMs: options.eventBudgetMs } : {});
  if (!compiled.ok) {
    return { passed: false, diagnostics: [...compiled.diagnostics], testCases: [], summary: { testCases: spec.testCases.length, passed: 0, failed: spec.testCases.length } };
  }
  const tagFields = new Set(spec.tagFields);
  const removed = new Set(spec.fieldsToBeRemovedBeforeParsing);
  const results = spec.testCases.map((t, index): TestCaseResult => {
    const failures: TestCaseFailures = { parsingErrors: [], assertionFailuresOnFields: [], falselyTaggedFields: [], arraysWithGaps: [] };
    const emitted = compiled.run(parserInput({ raw: t.event.rawString, structured: false, index: 'main' }, removed));
    // An output event whose assertions name `@error` expects its parse error: the assertion checks it.
    const expectsError = new Set(t.assertions.filter((a) => Object.hasOwn(a.fieldsHaveValues, '@error')).map((a) => a.outputEventIndex));
    options.onEmitted?.(index, emitted);
    const outputEvents = emitted.map((event, i) => {
      // Fields the script itself named `#…` but which are not tag fields: the reference product rejects them.
      for (const name of event.fields.keys()) {
        if (name.startsWith('#') && !tagFields.has(name.slice(1))) failures.falselyTaggedFields.push({ outputEventIndex: i, field: name });
      }
      const out = mapParserOutput(event, tagFields);
      const flat: Record<string, string> = { '@rawstring': out.rawstring ?? t.event.rawString, ...out.fields, ...out.tags };
      if (out.timestamp !== undefined) flat['@timestamp'] = String(out.timestamp);
      if (out.error !== undefined && !expectsError.has(i)) {
        failures.parsingErrors.push({ outputEventIndex: i, message: out.error });
        for (const [name, value] of Object.entries(out.fields)) {
          if (/^@error_msg\[\d+\]$/.test(name)) failures.parsingErrors.push({ outputEventIndex: i, message: value });
        }
      }
      for (const gap of findArrayGaps(Object.keys(flat))) failures.arraysWithGaps.push({ outputEventIndex: i, ...gap });
      return flat;
    });
    for (const a of t.assertions) {
      const event = outputEvents[a.outputEventIndex];
      if (event === undefined) {
        failures.assertionFailuresOnFields.push({
          outputEventIndex: a.outputEventIndex,
          field: '',
          expected: null,
          actual: null,
          message: `the parser emitted ${outputEvents.length} event(s); there is no output event ${a.outputEventIndex}`,
        });
        continue;
      }
      for (const [field, expected] of Object.entries(a.fieldsHaveValues)) {
        const actual = event[field];
        if (actual === expected) continue;
        failures.assertionFailuresOnFields.push({
          outputEventIndex: a.outputEventIndex,
          field,
          expected,
          actual: actual ?? null,
          message: actual === undefined ? `expected ${field} to be "${expected}", but it is not present` : `expected ${field} to be "${expected}", but it is "${actual}"`,
        });
      }
      for (const field of a.fieldsNotPresent) {
        const actual = event[field];
        if (actual === undefined) continue;
        failures.assertionFailuresOnFields.push({ outputEventIndex: a.outputEventIndex, field, expected: null, actual, message: `expected ${field} not to be present, but it is "${actual}"` });
      }
    }
    const passed =
      failures.parsingErrors.length + failures.assertionFailuresOnFields.length + failures.falselyTaggedFields.length + failures.arraysWithGaps.length === 0;
    return { index, rawString: t.event.rawString, passed, failures, outputEvents };
  });
  const passedCount = results.filter((r) => r.passed).length;
  return {
    passed: passedCount === results.length,
    diagnostics: [],
    testCases: results,
    summary: { testCases: results.length, passed: passedCount, failed: results.length - passedCount },
  };
}
