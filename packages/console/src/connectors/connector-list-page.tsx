import { api } from '../api/api-client.js';
import type { Connector } from '../api/types.js';
import type { PageProps } from '../page-props.js';
import { Link } from '../router/link.js';
import { navigate, withQuery } from '../router/location.js';
import { ErrorAlert } from '../ui/alert.js';
import { formatBytes, formatCount, formatDateTime, formatRelative } from '../ui/format.js';
import { Loading } from '../ui/loading.js';
import { PageHeader } from '../ui/page-header.js';
import { useResource } from '../ui/use-resource.js';
import { STATUSES, errorCount, readTableState, tableQuery, toggleSort, visibleConnectors, type SortKey, type TableState } from './connector-table.js';
import { StatusBadge } from './status-badge.js';

/** Status changes as events arrive: refresh while the list is open. */
const REFRESH_MS = 5_000;

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; numeric?: boolean }> = [
  { key: 'name', label: 'Name' },
  { key: 'parser', label: 'Parser' },
  { key: 'status', label: 'Status' },
  { key: 'lastIngested', label: 'Last ingested' },
  { key: 'volume', label: 'Volume (24 h)', numeric: true },
  { key: 'errors', label: 'Errors (24 h)', numeric: true },
];

export default function ConnectorListPage({ location, me }: PageProps) {
  const state = readTableState(location.query);
  const connectors = useResource((signal) => api<{ connectors: Connector[] }>('GET', '/connectors', undefined, { signal }), [], { refreshMs: REFRESH_MS });
  const update = (next: TableState): void => navigate(withQuery('/connectors', tableQuery(next)), { replace: true });
  const canWrite = me.permissions.includes('connectors:write');
  const all = connectors.data?.connectors;
  const rows = all === undefined ? [] : visibleConnectors(all, state);

  return (
    <>
      <PageHeader
        title="Data connectors"
        subtitle="Where data enters Hecate: each connector has an API key that HEC shippers send with."
        actions={
          canWrite && (
            <Link href="/connectors/new" class="button primary">
              Add data connector
            </Link>
          )
        }
      />
      <form class="toolbar" role="search" aria-label="Find data connectors" onSubmit={(e) => e.preventDefault()}>
        <div class="field inline">
          <label for="connector-filter">Filter</label>
          <input id="connector-filter" type="search" placeholder="Name, description or parser" value={state.q} onInput={(e) => update({ ...state, q: e.currentTarget.value })} />
        </div>
        <div class="field inline">
          <label for="connector-status">Status</label>
          <select id="connector-status" value={state.status} onChange={(e) => update({ ...state, status: e.currentTarget.value as TableState['status'] })}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <p class="toolbar-count" aria-live="polite">
          {all === undefined ? '' : `${rows.length} of ${all.length} connector${all.length === 1 ? '' : 's'}`}
        </p>
      </form>
      <ErrorAlert error={connectors.error} />
      {connectors.loading && <Loading what="data connectors" />}
      {all !== undefined && all.length === 0 && (
        <div class="empty">
          <p>No data connectors yet.</p>
          {canWrite && <p>Add one to get an API key and an ingest URL for your shippers.</p>}
        </div>
      )}
      {all !== undefined && all.length > 0 && (
        <div class="table-wrap">
          <table class="table" aria-describedby="page-heading">
            <thead>
              <tr>
                {COLUMNS.map((col) => (
                  <th
                    key={col.key}
                    scope="col"
                    class={col.numeric === true ? 'numeric' : undefined}
                    aria-sort={state.sort === col.key ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    <button type="button" class="sort" onClick={() => update(toggleSort(state, col.key))}>
                      {col.label}
                      <span aria-hidden="true" class="sort-mark">
                        {state.sort === col.key ? (state.dir === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-connector={c.name}>
                  <td>
                    <Link href={`/connectors/${encodeURIComponent(c.id)}`} class="strong">
                      {c.name}
                    </Link>
                    {c.description !== '' && <div class="muted small">{c.description}</div>}
                  </td>
                  <td class="mono">{c.parser}</td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td title={formatDateTime(c.lastIngestedAt)}>{formatRelative(c.lastIngestedAt)}</td>
                  <td class="numeric">
                    {formatCount(c.health.last24h.events)} events
                    <div class="muted small">{formatBytes(c.health.last24h.bytes)}</div>
                  </td>
                  <td class={`numeric ${errorCount(c) > 0 ? 'text-error' : ''}`}>{formatCount(errorCount(c))}</td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={COLUMNS.length} class="muted">
                    No connector matches the filter.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
