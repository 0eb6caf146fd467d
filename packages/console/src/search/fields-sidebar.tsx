/**
 * The fields of the matching events (`POST /search/fields`: the newest events sampled), most frequent
 * first. Opening a field shows its top values; clicking a value adds `field="value"` to the query and
 * searches again. Values are rendered only for the open field: a closed list costs nothing.
 */
import { useState } from 'preact/hooks';
import type { FieldStat, FieldStats } from '../api/search-types.js';
import { formatCount } from '../ui/format.js';
import type { Resource } from '../ui/use-resource.js';

export interface FieldsSidebarProps {
  fields: Resource<FieldStats>;
  onFilter(field: string, value: string): void;
}

/** Not worth a filter: unique per event or a detail of another field. */
const UNLISTED = new Set(['@id', '@rawstring', '@timestamp.nanos', '@requestId', '@ingesttimestamp']);

/** The events' own fields first, then tags and metadata; each group most frequent first, as the server sent them. */
function sidebarOrder(fields: readonly FieldStat[]): FieldStat[] {
  const listed = fields.filter((f) => !UNLISTED.has(f.name));
  const isMeta = (f: FieldStat): boolean => f.name.startsWith('@') || f.name.startsWith('#');
  return [...listed.filter((f) => !isMeta(f)), ...listed.filter(isMeta)];
}

export function FieldsSidebar({ fields, onFilter }: FieldsSidebarProps) {
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const data = fields.data;
  const shown = data === undefined ? [] : sidebarOrder(data.fields).filter((f) => f.name.toLowerCase().includes(filter.toLowerCase()));
  return (
    <aside class="fields-sidebar" aria-labelledby="fields-heading">
      <h2 id="fields-heading">Fields</h2>
      {fields.error !== undefined && <p class="muted small">No field statistics for this query.</p>}
      {data === undefined && fields.error === undefined && <p class="muted small">Counting fields…</p>}
      {data !== undefined && (
        <>
          <div class="field">
            <label for="fields-filter" class="visually-hidden">
              Filter fields
            </label>
            <input id="fields-filter" type="search" placeholder="Filter fields" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
          </div>
          <p class="muted small">
            {data.meta.sampledEvents === 0 ? 'No events to count.' : `In the newest ${formatCount(data.meta.sampledEvents)} events.`}
          </p>
          <ul class="field-stats">
            {shown.map((f) => {
              const isOpen = open === f.name;
              const share = data.meta.sampledEvents === 0 ? 0 : Math.round((f.count / data.meta.sampledEvents) * 100);
              return (
                <li key={f.name} data-field={f.name}>
                  <button type="button" class="field-name" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? undefined : f.name)}>
                    <span class="mono">{f.name}</span>
                    <span class="muted small">{share}%</span>
                  </button>
                  {isOpen && (
                    <div class="field-values">
                      <p class="muted small">
                        {formatCount(f.distinctValues)} distinct value{f.distinctValues === 1 ? '' : 's'}; top {f.topValues.length}:
                      </p>
                      <ul>
                        {f.topValues.map((v) => (
                          <li key={v.value}>
                            <button type="button" class="field-value" aria-label={`Add ${f.name}="${v.value.length > 60 ? `${v.value.slice(0, 57)}...` : v.value}" to the query`} onClick={() => onFilter(f.name, v.value)}>
                              <span class="mono">{v.value === '' ? '(empty)' : v.value}</span>
                              <span class="muted small">{formatCount(v.count)}</span>
                            </button>
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
          {data.meta.note !== undefined && <p class="muted small">{data.meta.note}</p>}
        </>
      )}
    </aside>
  );
}
