/** Aggregate rows (groupBy, top, stats, timeChart, table, …) as a table, columns in the order the query gave them. */
import type { ResultRecord } from '../api/search-types.js';
import { formatDateTime } from '../ui/format.js';
import { BUCKET_FIELD } from './chart-series.js';
import { valueText } from './event-view.js';

const NUMERIC = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

export function ResultTable({ rows, fieldNames }: { rows: readonly ResultRecord[]; fieldNames: readonly string[] }) {
  const numeric = new Set(fieldNames.filter((f) => f !== BUCKET_FIELD && rows.length > 0 && rows.every((r) => r[f] === undefined || NUMERIC.test(valueText(r[f])))));
  return (
    <div class="table-wrap result-table">
      <table class="table compact">
        <caption class="visually-hidden">Result rows</caption>
        <thead>
          <tr>
            {fieldNames.map((f) => (
              <th key={f} scope="col" class={numeric.has(f) ? 'numeric' : undefined}>
                {f === BUCKET_FIELD ? 'time (_bucket)' : f}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {fieldNames.map((f) => (
                <td key={f} class={numeric.has(f) ? 'numeric mono' : 'mono'}>
                  {f === BUCKET_FIELD ? formatDateTime(Number(row[f])) : valueText(row[f])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
