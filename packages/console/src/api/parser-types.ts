/** Parsers as the management API shows them (docs/parsers.md). */
import type { ParserSummary } from './types.js';

export interface ParserAssertion {
  outputEventIndex: number;
  /** Field name (`#Vendor`, `event.category[0]`, `@timestamp`) → expected value. */
  fieldsHaveValues: Record<string, string>;
  fieldsNotPresent: string[];
}

export interface ParserTestCase {
  event: { rawString: string };
  assertions: ParserAssertion[];
}

/** What a user writes: the body of `POST /parsers`, `PUT /parsers/:name` and the unsaved test and lint. */
export interface ParserSpec {
  name?: string;
  description: string;
  script: string;
  tagFields: string[];
  fieldsToBeRemovedBeforeParsing: string[];
  testCases: ParserTestCase[];
}

/** `GET /parsers/:name`. */
export interface ParserDetail extends Omit<ParserSummary, 'testCases'> {
  script: string;
  fieldsToBeRemovedBeforeParsing: string[];
  testCases: ParserTestCase[];
  createdAt: string | null;
}

/** A script problem as the API reports it. */
export interface ApiDiagnostic {
  code: string;
  message: string;
  range: { start: number; end: number };
  line: number;
  column: number;
}

export interface TestCaseFailures {
  parsingErrors: Array<{ outputEventIndex: number; message: string }>;
  assertionFailuresOnFields: Array<{ outputEventIndex: number; field: string; expected: string | null; actual: string | null; message: string }>;
  falselyTaggedFields: Array<{ outputEventIndex: number; field: string }>;
  arraysWithGaps: Array<{ outputEventIndex: number; array: string; missingIndexes: number[] }>;
}

/** `POST /parsers/test` and `/parsers/:name/test`. */
export interface ParserTestReport {
  passed: boolean;
  diagnostics: ApiDiagnostic[];
  summary: { testCases: number; passed: number; failed: number };
  testCases: Array<{
    index: number;
    rawString: string;
    passed: boolean;
    failures: TestCaseFailures;
    /** The events as they would be stored: fields and `#tags` in one flat object. */
    outputEvents: Array<Record<string, string>>;
  }>;
}

export interface LintFinding {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  fix: string;
  field?: string;
  line?: number;
  column?: number;
  at?: Array<{ testCase: number; outputEvent: number }>;
}

/** `POST /parsers/lint`. */
export interface LintReport {
  findings: LintFinding[];
  summary: { errors: number; warnings: number; cps: boolean };
}
