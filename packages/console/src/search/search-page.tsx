/**
 * PLACEHOLDER for the search view (part 2 of the console replaces this file). It honours the URL
 * contract the rest of the console links with — `/search?query=<query>&start=<24h|…>` — and lists
 * the newest events of a plain `POST /api/v1/search`.
 */
import { useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import type { PageProps } from '../page-props.js';
import { navigate, withQuery } from '../router/location.js';
import { ErrorAlert } from '../ui/alert.js';
import { formatDateTime } from '../ui/format.js';
import { Loading } from '../ui/loading.js';
import { PageHeader } from '../ui/page-header.js';
import { useResource } from '../ui/use-resource.js';

type SearchEvent = Record<string, unknown> & { '@timestamp'?: number | string; '@rawstring'?: string; '@id'?: string };

interface SearchReply {
  events?: SearchEvent[];
  rows?: Record<string, string>[];
  meta: { eventCount: number; truncated?: boolean; timeMillis: number; fieldNames?: string[] };
}

const RANGES = ['15m', '1h', '24h', '7d', '30d'] as const;

export default function SearchPage({ location }: PageProps) {
  const query = location.query.get('query') ?? '';
  const start = location.query.get('start') ?? '24h';
  const [draft, setDraft] = useState(query);
  const [range, setRange] = useState(start);
  const result = useResource((signal) => api<SearchReply>('POST', '/search', { query, start, limit: 100 }, { signal }), [query, start]);

  const submit = (event: Event): void => {
    event.preventDefault();
    navigate(withQuery('/search', { query: draft, start: range }));
  };
  const events = result.data?.events ?? [];
  return (
    <>
      <PageHeader title="Search" subtitle="The newest events that match the query." />
      <form class="toolbar search-bar" role="search" onSubmit={submit}>
        <div class="field grow">
          <label for="search-query">Query</label>
          <input id="search-query" class="mono" type="search" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} placeholder="#connector=fw action=deny" />
        </div>
        <div class="field">
          <label for="search-start">Time range</label>
          <select id="search-start" value={range} onChange={(e) => setRange(e.currentTarget.value)}>
            {(RANGES as readonly string[]).includes(range) ? null : <option value={range}>{range}</option>}
            {RANGES.map((r) => (
              <option key={r} value={r}>
                Last {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button primary">
          Search
        </button>
      </form>
      <ErrorAlert error={result.error} />
      {result.loading && <Loading what="events" />}
      {result.data !== undefined && (
        <p class="muted small" role="status">
          {result.data.meta.eventCount} {result.data.rows !== undefined ? 'rows' : 'events'}
          {result.data.meta.truncated === true ? ' (the newest 100)' : ''} in {result.data.meta.timeMillis} ms
        </p>
      )}
      {events.length > 0 && (
        <ol class="event-list">
          {events.map((e, i) => (
            <li key={String(e['@id'] ?? i)} class="event">
              <span class="event-time mono">{formatDateTime(typeof e['@timestamp'] === 'string' ? Number(e['@timestamp']) : e['@timestamp'])}</span>
              <code class="event-raw">{e['@rawstring'] ?? JSON.stringify(e)}</code>
            </li>
          ))}
        </ol>
      )}
      {result.data?.rows !== undefined && (
        <div class="table-wrap">
          <table class="table compact">
            <thead>
              <tr>
                {(result.data.meta.fieldNames ?? []).map((f) => (
                  <th key={f} scope="col">
                    {f}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.data.rows.map((row, i) => (
                <tr key={i}>
                  {(result.data?.meta.fieldNames ?? []).map((f) => (
                    <td key={f}>{row[f]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
