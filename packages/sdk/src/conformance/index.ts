/** The HEC conformance checker: the check table, the runner and its report. */
export { CHECKS } from './checks.js';
export { baseUrlOf, runConformance, type ConformanceOptions } from './run.js';
export { resultLines, summaryLine } from './report.js';
export type { Check, CheckContext, CheckResult, ConformanceReport, Expected, Needs, Outcome, WireAnswer, WireRequest } from './types.js';
