/**
 * The parser's test cases: add some from sample lines, see each one's output fields and failures (by
 * the categories of docs/parsers.md#testing), turn an output value into an assertion with one click.
 * The report comes from the server, which runs the draft with the ingest engine.
 */
import { useState } from 'preact/hooks';
import type { ParserTestCase, ParserTestReport } from '../api/parser-types.js';
import { ErrorAlert } from '../ui/alert.js';
import type { Resource } from '../ui/use-resource.js';
import { FAILURE_CATEGORIES } from './failure-categories.js';
import { testCasesFromSamples } from './parser-draft.js';
import { TestCaseCard } from './test-case-card.js';

export interface TestCasesProps {
  testCases: readonly ParserTestCase[];
  onChange(testCases: ParserTestCase[]): void;
  report: Resource<ParserTestReport>;
  /** The draft changed since the report was asked for: a new one is on its way. */
  stale: boolean;
  readOnly: boolean;
  onRun(): void;
}

export function TestCases({ testCases, onChange, report, stale, readOnly, onRun }: TestCasesProps) {
  const [samples, setSamples] = useState('');
  const data = report.data;
  const running = stale || report.loading;
  const failures = FAILURE_CATEGORIES.map((c) => ({ ...c, count: (data?.testCases ?? []).reduce((n, t) => n + t.failures[c.key].length, 0) })).filter((c) => c.count > 0);
  let summary: string;
  if (data === undefined) summary = report.error === undefined ? 'Running the test cases…' : 'The test cases could not run.';
  else if (data.diagnostics.length > 0) summary = 'The script does not compile: no test case ran.';
  else if (data.summary.testCases === 0) summary = readOnly ? 'This parser has no test cases.' : 'No test cases yet: add some from sample lines.';
  else summary = `${data.summary.passed} of ${data.summary.testCases} test case${data.summary.testCases === 1 ? '' : 's'} pass.`;

  const add = (): void => {
    const added = testCasesFromSamples(samples);
    if (added.length === 0) return;
    onChange([...testCases, ...added]);
    setSamples('');
  };
  return (
    <section class="card test-cases" aria-labelledby="tests-heading">
      <div class="section-head">
        <h2 id="tests-heading">Test cases</h2>
        <button type="button" class="button" onClick={onRun}>
          Run tests
        </button>
      </div>
      <p role="status" class="test-summary" data-running={running ? 'true' : 'false'} data-passed={data?.passed === true && !running ? 'true' : 'false'}>
        {summary}
        {running && data !== undefined ? ' (running again…)' : ''}
        {failures.length > 0 && ` Failures: ${failures.map((f) => `${f.label.toLowerCase()} ${f.count}`).join(', ')}.`}
      </p>
      <ErrorAlert error={report.error} />
      {!readOnly && (
        <div class="add-samples">
          <div class="field">
            <label for="sample-lines">Sample lines</label>
            <textarea id="sample-lines" class="mono" rows={3} spellcheck={false} value={samples} placeholder="One raw event per line" onInput={(e) => setSamples(e.currentTarget.value)} />
          </div>
          <button type="button" class="button" onClick={add} disabled={samples.trim() === ''}>
            Add as test cases
          </button>
        </div>
      )}
      {testCases.map((t, i) => {
        const result = data?.testCases[i];
        return (
          <TestCaseCard
            key={i}
            index={i}
            testCase={t}
            result={result !== undefined && result.rawString === t.event.rawString ? result : undefined}
            running={running}
            readOnly={readOnly}
            testCases={testCases}
            onChange={onChange}
          />
        );
      })}
    </section>
  );
}
