/**
 * A parser being edited, as the form holds it, and the changes the editor makes to its test cases.
 * Pure functions: unit tested in parser-draft.test.ts.
 */
import type { ParserDetail, ParserSpec, ParserTestCase } from '../api/parser-types.js';
import type { ParserSummary } from '../api/types.js';

export interface ParserDraft {
  name: string;
  description: string;
  script: string;
  /** As typed: names separated by commas or spaces. */
  tagFields: string;
  removedFields: string;
  testCases: ParserTestCase[];
}

export type ParserKind = 'native' | 'built-in' | 'custom';

export function parserKind(p: Pick<ParserSummary, 'builtIn' | 'version'>): ParserKind {
  if (p.version === 'native') return 'native';
  return p.builtIn ? 'built-in' : 'custom';
}

export function emptyDraft(): ParserDraft {
  return { name: '', description: '', script: '', tagFields: '', removedFields: '', testCases: [] };
}

export function draftFrom(p: ParserDetail): ParserDraft {
  return {
    name: p.name,
    description: p.description,
    script: p.script,
    tagFields: p.tagFields.join(', '),
    removedFields: p.fieldsToBeRemovedBeforeParsing.join(', '),
    testCases: p.testCases,
  };
}

export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The API body for the draft; `name` only when creating. */
export function specOf(draft: ParserDraft, withName = false): ParserSpec {
  return {
    ...(withName ? { name: draft.name.trim() } : {}),
    description: draft.description,
    script: draft.script,
    tagFields: splitList(draft.tagFields),
    fieldsToBeRemovedBeforeParsing: splitList(draft.removedFields),
    testCases: draft.testCases,
  };
}

/** Whether two drafts save the same parser (list spacing aside). */
export function sameParser(a: ParserDraft, b: ParserDraft): boolean {
  return JSON.stringify(specOf(a)) === JSON.stringify(specOf(b));
}

/** One test case per non-blank line of pasted samples, without assertions yet. */
export function testCasesFromSamples(samples: string): ParserTestCase[] {
  return samples
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((rawString) => ({ event: { rawString }, assertions: [] }));
}

/** Asserts `field` has `value` on output event `outputEventIndex` of test case `index`. */
export function withAssertion(cases: readonly ParserTestCase[], index: number, outputEventIndex: number, field: string, value: string): ParserTestCase[] {
  return cases.map((t, i) => {
    if (i !== index) return t;
    const assertions = [...t.assertions];
    const at = assertions.findIndex((a) => a.outputEventIndex === outputEventIndex);
    const current = assertions[at];
    if (current === undefined) assertions.push({ outputEventIndex, fieldsHaveValues: { [field]: value }, fieldsNotPresent: [] });
    else assertions[at] = { ...current, fieldsHaveValues: { ...current.fieldsHaveValues, [field]: value }, fieldsNotPresent: current.fieldsNotPresent.filter((f) => f !== field) };
    return { ...t, assertions };
  });
}

/** Removes every assertion about `field` on output event `outputEventIndex` of test case `index`. */
export function withoutAssertion(cases: readonly ParserTestCase[], index: number, outputEventIndex: number, field: string): ParserTestCase[] {
  return cases.map((t, i) => {
    if (i !== index) return t;
    const assertions = t.assertions
      .map((a) => {
        if (a.outputEventIndex !== outputEventIndex) return a;
        const fieldsHaveValues = Object.fromEntries(Object.entries(a.fieldsHaveValues).filter(([name]) => name !== field));
        return { ...a, fieldsHaveValues, fieldsNotPresent: a.fieldsNotPresent.filter((f) => f !== field) };
      })
      .filter((a) => Object.keys(a.fieldsHaveValues).length + a.fieldsNotPresent.length > 0);
    return { ...t, assertions };
  });
}

export function filterParsers(parsers: readonly ParserSummary[], q: string, kind: string): ParserSummary[] {
  const needle = q.trim().toLowerCase();
  return parsers.filter(
    (p) => (kind === '' || parserKind(p) === kind) && (needle === '' || p.name.toLowerCase().includes(needle) || p.description.toLowerCase().includes(needle)),
  );
}
