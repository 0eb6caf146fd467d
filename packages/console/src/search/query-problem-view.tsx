import type { QueryPosition } from '../api/search-types.js';
import { problemLine } from './query-problem.js';

export interface QueryProblemViewProps {
  id: string;
  text: string;
  problem: QueryPosition & { message: string };
  /** Found while typing (announced politely), rather than by a search that was run (an alert). */
  live: boolean;
}

/** A query problem under the query: where it is (line, column, the line with the span marked) and what it is. */
export function QueryProblemView({ id, text, problem, live }: QueryProblemViewProps) {
  const { line, from, width } = problemLine(text, problem);
  return (
    <div id={id} class="query-problem" role={live ? 'status' : 'alert'} data-live={live ? 'true' : 'false'}>
      <p>
        <strong>
          Line {problem.line}, column {problem.column}:
        </strong>{' '}
        {problem.message}
      </p>
      <pre class="problem-line" aria-hidden="true">
        {line}
        {'\n'}
        {' '.repeat(from)}
        {'^'.repeat(width)}
      </pre>
    </div>
  );
}
