import type { TestCaseFailures } from '../api/parser-types.js';

/** The categories a test case fails in, as the reference product names them (docs/parsers.md#testing). */
export const FAILURE_CATEGORIES: ReadonlyArray<{ key: keyof TestCaseFailures; label: string }> = [
  { key: 'parsingErrors', label: 'Parsing errors' },
  { key: 'assertionFailuresOnFields', label: 'Assertion failures' },
  { key: 'falselyTaggedFields', label: 'Falsely tagged fields' },
  { key: 'arraysWithGaps', label: 'Arrays with gaps' },
];
