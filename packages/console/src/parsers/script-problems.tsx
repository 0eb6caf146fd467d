import type { Diagnostic } from '@hecate/lang/browser';

/** The script's problems under the editor, each with its line:column; announced as they change. */
export function ScriptProblems({ id, diagnostics, checking }: { id: string; diagnostics: readonly Diagnostic[]; checking: boolean }) {
  return (
    <div id={id} class="script-problems" aria-live="polite">
      {diagnostics.length === 0 ? (
        <p class={`hint${checking ? '' : ' script-ok'}`}>{checking ? 'Checking…' : 'The script compiles.'}</p>
      ) : (
        <ul class="diagnostics">
          {diagnostics.map((d) => (
            <li key={`${d.start}-${d.code}`} data-code={d.code}>
              <span class="mono diagnostic-at">
                {d.line}:{d.column}
              </span>{' '}
              {d.message.replace(/(\s*\(line \d+, column \d+\))+$/, '')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
