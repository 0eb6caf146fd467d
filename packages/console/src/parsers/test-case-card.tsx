/** One test case: its raw event, its status, its failures by category, its assertions and its output fields. */
import { useState } from 'preact/hooks';
import type { ParserTestCase, ParserTestReport } from '../api/parser-types.js';
import { withAssertion, withoutAssertion } from './parser-draft.js';
import { FAILURE_CATEGORIES } from './failure-categories.js';

type CaseResult = ParserTestReport['testCases'][number];

export interface TestCaseCardProps {
  index: number;
  testCase: ParserTestCase;
  /** This case's result in the current report, when there is one. */
  result: CaseResult | undefined;
  running: boolean;
  readOnly: boolean;
  testCases: readonly ParserTestCase[];
  onChange(testCases: ParserTestCase[]): void;
}

const short = (value: string): string => (value.length > 60 ? `${value.slice(0, 57)}...` : value);

export function TestCaseCard({ index, testCase, result, running, readOnly, testCases, onChange }: TestCaseCardProps) {
  const status = result === undefined ? (running ? 'running' : 'not-run') : result.passed ? 'passed' : 'failed';
  const label = { running: 'Running…', 'not-run': 'Not run', passed: 'Passed', failed: 'Failed' }[status];
  const n = index + 1;
  const asserted = (event: number, field: string): string | undefined => testCase.assertions.find((a) => a.outputEventIndex === event)?.fieldsHaveValues[field];
  const replace = (next: ParserTestCase): void => onChange(testCases.map((t, i) => (i === index ? next : t)));
  const hasAssertions = testCase.assertions.some((a) => Object.keys(a.fieldsHaveValues).length + a.fieldsNotPresent.length > 0);
  // The output starts open while the case has nothing to check yet (that is when its values become
  // assertions) and then stays as the user leaves it: asserting a field must not fold it away.
  const [outputOpen] = useState(!hasAssertions);
  return (
    <article class="test-case" data-test-case={index} data-status={status} aria-labelledby={`tc-${index}-title`}>
      <div class="test-case-head">
        <h3 id={`tc-${index}-title`}>Test case {n}</h3>
        <span class={`badge test-${status}`}>{label}</span>
        {!readOnly && (
          <button type="button" class="button small ghost" aria-label={`Remove test case ${n}`} onClick={() => onChange(testCases.filter((_, i) => i !== index))}>
            Remove
          </button>
        )}
      </div>
      <div class="field">
        <label for={`tc-${index}-raw`}>Raw event</label>
        <textarea
          id={`tc-${index}-raw`}
          class="mono"
          rows={Math.min(6, Math.max(1, Math.ceil(testCase.event.rawString.length / 110)))}
          spellcheck={false}
          readOnly={readOnly}
          value={testCase.event.rawString}
          onInput={(e) => replace({ ...testCase, event: { rawString: e.currentTarget.value } })}
        />
      </div>
      {result !== undefined && !result.passed && (
        <div class="failures">
          {FAILURE_CATEGORIES.map(({ key, label: heading }) => {
            const items = result.failures[key];
            if (items.length === 0) return null;
            return (
              <div key={key} class="failure-category" data-category={key}>
                <h4>{heading}</h4>
                <ul>
                  {items.map((f, i) => (
                    <li key={i}>
                      {'message' in f ? f.message : 'array' in f ? `${f.array} misses index ${f.missingIndexes.join(', ')}` : `${f.field} is not a tag field`}
                      {result.outputEvents.length > 1 ? ` (output event ${f.outputEventIndex})` : ''}
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
      )}
      {hasAssertions && (
        <div class="assertions">
          <h4>Assertions</h4>
          <ul>
            {testCase.assertions.flatMap((a) => [
              ...Object.entries(a.fieldsHaveValues).map(([field, value]) => (
                <li key={`${a.outputEventIndex} ${field}`}>
                  <code>
                    {field} = "{value}"
                  </code>
                  {a.outputEventIndex > 0 && <span class="muted small"> (output event {a.outputEventIndex})</span>}{' '}
                  {!readOnly && (
                    <button type="button" class="button small ghost" aria-label={`Remove the assertion on ${field} from test case ${n}`} onClick={() => onChange(withoutAssertion(testCases, index, a.outputEventIndex, field))}>
                      Remove
                    </button>
                  )}
                </li>
              )),
              ...a.fieldsNotPresent.map((field) => (
                <li key={`${a.outputEventIndex} not ${field}`}>
                  <code>{field}</code> is not present
                  {!readOnly && (
                    <>
                      {' '}
                      <button type="button" class="button small ghost" aria-label={`Remove the assertion on ${field} from test case ${n}`} onClick={() => onChange(withoutAssertion(testCases, index, a.outputEventIndex, field))}>
                        Remove
                      </button>
                    </>
                  )}
                </li>
              )),
            ])}
          </ul>
        </div>
      )}
      {result !== undefined && (
        <details class="output" open={outputOpen || !result.passed}>
          <summary>
            Output: {result.outputEvents.length === 0 ? 'no event (the parser dropped it)' : `${result.outputEvents.length} event${result.outputEvents.length === 1 ? '' : 's'}`}
          </summary>
          {result.outputEvents.map((event, e) => (
            <table key={e} class="table compact output-fields" data-output-event={e}>
              <caption>
                Output event {e} of test case {n}
              </caption>
              <tbody>
                {Object.entries(event).map(([field, value]) => {
                  const expected = asserted(e, field);
                  return (
                    <tr key={field} data-field={field}>
                      <th scope="row" class="mono">
                        {field}
                      </th>
                      <td class="mono output-value">{value}</td>
                      <td class="output-action">
                        {expected === value ? (
                          <span class="muted small">asserted</span>
                        ) : (
                          !readOnly && (
                            <button type="button" class="button small ghost" aria-label={`Assert ${field} is "${short(value)}" in test case ${n}`} onClick={() => onChange(withAssertion(testCases, index, e, field, value))}>
                              Assert
                            </button>
                          )
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ))}
        </details>
      )}
    </article>
  );
}
