/**
 * Lint findings (`POST /parsers/lint`, docs/parsers.md#linting-a-parser) for the draft as it is: each
 * with its rule, severity, message and fix. Run on request; a change to the draft marks them as stale.
 */
import { useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import type { LintReport, ParserSpec } from '../api/parser-types.js';
import { ErrorAlert } from '../ui/alert.js';

export function LintPanel({ spec }: { spec: ParserSpec }) {
  const [result, setResult] = useState<{ key: string; report: LintReport } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(spec);
  const lint = (): void => {
    setBusy(true);
    setError(undefined);
    api<LintReport>('POST', '/parsers/lint', spec).then(
      (report) => setResult({ key, report }),
      setError,
    ).finally(() => setBusy(false));
  };
  const report = result?.report;
  return (
    <section class="card lint-panel" aria-labelledby="lint-heading">
      <div class="section-head">
        <h2 id="lint-heading">Lint</h2>
        <button type="button" class="button" onClick={lint} disabled={busy}>
          {busy ? 'Linting…' : 'Lint the parser'}
        </button>
      </div>
      <p class="hint">Checks the parser against the parsing standard (CPS), reading the output of every test case.</p>
      <ErrorAlert error={error} />
      {report !== undefined && (
        <div aria-live="polite">
          <p class="lint-summary">
            {report.summary.errors} error{report.summary.errors === 1 ? '' : 's'}, {report.summary.warnings} warning{report.summary.warnings === 1 ? '' : 's'}
            {result?.key !== key && <span class="muted"> — the parser changed since; lint again</span>}
          </p>
          {report.findings.length > 0 && (
            <ul class="findings">
              {report.findings.map((f, i) => (
                <li key={i} data-rule={f.rule} class={`finding finding-${f.severity}`}>
                  <p>
                    <span class={`badge severity-${f.severity}`}>{f.severity}</span> <code>{f.rule}</code>
                    {f.line !== undefined && <span class="mono muted"> {f.line}:{f.column}</span>} {f.message}
                  </p>
                  <p class="finding-fix">
                    <strong>Fix:</strong> {f.fix}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
