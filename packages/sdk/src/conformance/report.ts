/** Human-readable output of a conformance run: one line per check, the diff under it, a summary. */
import { expectedText } from './compare.js';
import type { CheckResult, ConformanceReport } from './types.js';

const MAX_BODY = 200;

export function resultLines(result: CheckResult): string[] {
  if (result.outcome === 'skip') return [`  skip  ${result.name} (${result.skipReason ?? 'skipped'})`];
  if (result.outcome === 'pass') return [`  pass  ${result.name}`];
  const lines = [`  DIFF  ${result.name}`, `        splunk:   ${expectedText(result.expected)}`];
  if (result.actual !== undefined) {
    const text = result.actual.text.length > MAX_BODY ? `${result.actual.text.slice(0, MAX_BODY)}…` : result.actual.text;
    lines.push(`        answered: ${result.actual.status} ${text === '' ? '(empty body)' : text}`);
  }
  lines.push(`        differs:  ${result.differences.join(', ')}`);
  return lines;
}

export function summaryLine(report: ConformanceReport): string {
  const { pass, diff, skip, total } = report.summary;
  return `${total} checks: ${pass} pass, ${diff} differ from Splunk, ${skip} skipped`;
}

