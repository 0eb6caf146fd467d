/**
 * Every parser a connector can use — native, built-in and custom — with a filter and the kind in the
 * URL (`/parsers?q=&kind=`). Users who may change parsers create one or import a parser template.
 */
import { api } from '../api/api-client.js';
import type { ParserSummary } from '../api/types.js';
import type { PageProps } from '../page-props.js';
import { Link } from '../router/link.js';
import { navigate, withQuery } from '../router/location.js';
import { ErrorAlert } from '../ui/alert.js';
import { Loading } from '../ui/loading.js';
import { PageHeader } from '../ui/page-header.js';
import { useResource } from '../ui/use-resource.js';
import { ImportParser } from './import-parser.js';
import { KindBadge } from './kind-badge.js';
import { filterParsers, parserKind } from './parser-draft.js';
import './parsers.css';

export default function ParsersPage({ location, me }: PageProps) {
  const q = location.query.get('q') ?? '';
  const kind = location.query.get('kind') ?? '';
  const parsers = useResource((signal) => api<{ parsers: ParserSummary[] }>('GET', '/parsers', undefined, { signal }), []);
  const canWrite = me.permissions.includes('parsers:write');
  const update = (next: { q: string; kind: string }): void => navigate(withQuery('/parsers', next), { replace: true });
  const all = parsers.data?.parsers;
  const rows = all === undefined ? [] : filterParsers(all, q, kind);
  return (
    <>
      <PageHeader
        title="Parsers"
        subtitle="Turn each event into fields and tags before it is stored. Built-in parsers are read-only: clone one to change it."
        actions={
          canWrite && (
            <>
              <ImportParser />
              <Link href="/parsers/new" class="button primary">
                New parser
              </Link>
            </>
          )
        }
      />
      <form class="toolbar" role="search" aria-label="Find parsers" onSubmit={(e) => e.preventDefault()}>
        <div class="field inline">
          <label for="parser-filter">Filter</label>
          <input id="parser-filter" type="search" placeholder="Name or description" value={q} onInput={(e) => update({ q: e.currentTarget.value, kind })} />
        </div>
        <div class="field inline">
          <label for="parser-kind">Kind</label>
          <select id="parser-kind" value={kind} onChange={(e) => update({ q, kind: e.currentTarget.value })}>
            <option value="">Any</option>
            <option value="native">Native</option>
            <option value="built-in">Built-in</option>
            <option value="custom">Custom</option>
          </select>
        </div>
        <p class="toolbar-count" aria-live="polite">
          {all === undefined ? '' : `${rows.length} of ${all.length} parsers`}
        </p>
      </form>
      <ErrorAlert error={parsers.error} />
      {parsers.loading && <Loading what="parsers" />}
      {all !== undefined && (
        <div class="table-wrap">
          <table class="table" aria-describedby="page-heading">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Description</th>
                <th scope="col">Tag fields</th>
                <th scope="col" class="numeric">
                  Test cases
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.name} data-parser={p.name}>
                  <td>
                    <Link href={`/parsers/${encodeURIComponent(p.name)}`} class="mono strong">
                      {p.name}
                    </Link>
                  </td>
                  <td>
                    <KindBadge kind={parserKind(p)} />
                  </td>
                  <td>{p.description}</td>
                  <td class="muted small">{p.tagFields.length === 0 ? '—' : `${p.tagFields.length}`}</td>
                  <td class="numeric">{p.testCases}</td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={5} class="muted">
                    No parser matches the filter.
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
