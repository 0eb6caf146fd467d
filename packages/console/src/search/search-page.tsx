/**
 * Event search. The URL holds the query and the range (search-url.ts); each URL runs: the search as a
 * query job (progress, partial results, Cancel), the histogram and the field statistics. Events show
 * as a virtualized list beside the fields; aggregates as a table, and timeChart()/bucket() as a chart
 * too. The query is coloured, completed (function names from @hecate/lang's registry, field names and
 * values from the field statistics) and checked as it is typed with the same checker the server runs.
 */
import { FUNCTION_REGISTRY, checkSearch } from '@hecate/lang/browser';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import type { FieldStats } from '../api/search-types.js';
import type { Histogram as HistogramAnswer } from '../api/types.js';
import { CodeEditor, type EditorMark } from '../editor/code-editor.js';
import type { Vocabulary } from '../editor/completion.js';
import type { PageProps } from '../page-props.js';
import { navigate } from '../router/location.js';
import { ErrorAlert } from '../ui/alert.js';
import { PageHeader } from '../ui/page-header.js';
import { useDebounced } from '../ui/use-debounced.js';
import { useResource } from '../ui/use-resource.js';
import { addFilter } from './add-filter.js';
import { isTimeChart } from './chart-series.js';
import { EventList } from './event-list.js';
import { FieldsSidebar } from './fields-sidebar.js';
import { Histogram } from './histogram.js';
import { problemFromError, withoutPosition, type QueryProblem } from './query-problem.js';
import { QueryProblemView } from './query-problem-view.js';
import { ResultTable } from './result-table.js';
import { SearchStatus } from './search-status.js';
import { absoluteRange, apiRange, readSearchUrl, searchUrl, type SearchUrlState } from './search-url.js';
import { TimeChart } from './time-chart.js';
import { TimePicker } from './time-picker.js';
import { useQueryJob } from './use-query-job.js';
import './search.css';

/** Events (or rows) a search keeps: what the virtualized list is built for. */
const RESULT_LIMIT = 1_000;
const HISTOGRAM_BUCKETS = 80;
const CHECK_DELAY_MS = 200;
const FUNCTIONS = FUNCTION_REGISTRY.map((f) => ({ name: f.name, summary: f.summary, params: f.params }));

export default function SearchPage({ location }: PageProps) {
  const url = readSearchUrl(location.query);
  const [draft, setDraft] = useState(url.query);
  // Searching again with the same URL (the data changed) bumps this.
  const [rerun, setRerun] = useState(0);
  // Back and forward bring their own query (not on mount: what was typed meanwhile stays).
  const shownQuery = useRef(url.query);
  useEffect(() => {
    if (shownQuery.current === url.query) return;
    shownQuery.current = url.query;
    setDraft(url.query);
  }, [url.query]);

  const range = apiRange(url);
  const runKey = JSON.stringify([url.query, url.start, url.end ?? '', rerun]);
  const job = useQueryJob({ queryString: url.query, ...range, limit: RESULT_LIMIT }, runKey);
  const histogram = useResource((signal) => api<HistogramAnswer>('POST', '/search/histogram', { query: url.query, ...range, buckets: HISTOGRAM_BUCKETS }, { signal }), [runKey]);
  const fields = useResource((signal) => api<FieldStats>('POST', '/search/fields', { query: url.query, ...range }, { signal }), [runKey]);

  const go = (next: SearchUrlState): void => {
    const same = next.query === url.query && next.start === url.start && next.end === url.end;
    if (same) setRerun((n) => n + 1);
    else navigate(searchUrl(next));
  };
  const search = (): void => go({ ...url, query: draft });
  const filter = (field: string, value: string): void => {
    const query = addFilter(draft, field, value);
    setDraft(query);
    go({ ...url, query });
  };

  const vocabulary = useMemo<Vocabulary>(
    () => ({
      functions: FUNCTIONS,
      fields: fields.data?.fields.map((f) => f.name) ?? [],
      values: new Map(fields.data?.fields.map((f) => [f.name, f.topValues.map((v) => v.value)]) ?? []),
    }),
    [fields.data],
  );

  const checkedText = useDebounced(draft, CHECK_DELAY_MS);
  const liveProblem = useMemo((): QueryProblem | undefined => {
    const checked = checkSearch(checkedText);
    const first = checked.ok ? undefined : checked.diagnostics[0];
    return first === undefined ? undefined : { start: first.start, end: first.end, line: first.line, column: first.column, code: first.code, message: withoutPosition(first.message) };
  }, [checkedText]);
  const serverProblem = draft === url.query ? problemFromError(job.error) : undefined;
  const problem = serverProblem ?? (checkedText === draft ? liveProblem : undefined);
  const marks: EditorMark[] = problem === undefined ? [] : [{ start: problem.start, end: problem.end, message: problem.message }];

  const poll = job.poll;
  const aggregate = poll?.metaData.isAggregate === true;
  const shown = histogram.data?.meta ?? (poll === undefined ? undefined : { start: poll.metaData.queryStart, end: poll.metaData.queryEnd });
  return (
    <>
      <PageHeader title="Search" subtitle="Events that match the query, newest first; aggregate queries answer a table." />
      <form
        class="search-form"
        role="search"
        aria-label="Search events"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <div class="field">
          <label for="search-query">Query</label>
          <CodeEditor
            id="search-query"
            value={draft}
            onInput={setDraft}
            onSubmit={search}
            submitOnEnter
            marks={marks}
            vocabulary={vocabulary}
            placeholder="#connector=fw action=deny | groupBy(user)"
            describedBy={problem === undefined ? 'search-query-hint' : 'search-problem search-query-hint'}
          />
          <p id="search-query-hint" class="hint">
            Enter searches, Shift+Enter adds a line, Ctrl+Space suggests functions and fields.
          </p>
        </div>
        {problem !== undefined && <QueryProblemView id="search-problem" text={draft} problem={problem} live={serverProblem === undefined} />}
        <div class="search-controls">
          <TimePicker state={url} shown={shown} onRange={(start, end) => go({ query: draft, start, ...(end === undefined ? {} : { end }) })} />
          <button type="submit" class="button primary">
            Search
          </button>
        </div>
      </form>
      {job.error !== undefined && serverProblem === undefined && problemFromError(job.error) === undefined && <ErrorAlert error={job.error} />}
      <SearchStatus job={job} onCancel={job.cancel} />
      {job.phase === 'failed' ? null : aggregate && poll !== undefined ? (
        <section class="aggregate-results" aria-labelledby="results-heading">
          <h2 id="results-heading">Results</h2>
          {isTimeChart(poll.metaData.fieldNames) && <TimeChart rows={poll.events} fieldNames={poll.metaData.fieldNames} />}
          {poll.events.length === 0 ? <p class="empty">No rows.</p> : <ResultTable rows={poll.events} fieldNames={poll.metaData.fieldNames} />}
        </section>
      ) : (
        <>
          <Histogram histogram={histogram} onZoom={(start, end) => go(absoluteRange(url.query, start, end))} />
          <div class="search-results">
            <FieldsSidebar fields={fields} onFilter={filter} />
            <section class="event-results" aria-labelledby="events-heading">
              <h2 id="events-heading">Events</h2>
              {poll !== undefined && poll.events.length === 0 && job.phase === 'done' ? (
                <p class="empty">No events match this query in this time range.</p>
              ) : (
                <EventList events={poll?.events ?? []} onFilter={filter} />
              )}
            </section>
          </div>
        </>
      )}
    </>
  );
}
