import { HEC_STATUSES } from '@hecate/hec';
import type { Last24h } from '../api/types.js';
import { Link } from '../router/link.js';
import { formatCount } from '../ui/format.js';
import { connectionErrorsQuery, parseErrorsQuery, searchHref } from './search-links.js';

/** HTTP statuses the monitor counts by status rather than HEC code. */
const HTTP_ONLY: Readonly<Record<string, string>> = {
  '404': 'No such HEC path',
  '405': 'Wrong HTTP method',
  '413': 'Request too large',
  '415': 'Unsupported Content-Encoding',
};

function meaning(code: string): string {
  return HTTP_ONLY[code] ?? HEC_STATUSES[Number(code)]?.text ?? `HEC code ${code}`;
}

/** Rejected requests by HEC code and parse failures of the last 24 hours, with links to the events. */
export function HecErrors({ connectorName, last24h }: { connectorName: string; last24h: Last24h }) {
  const codes = Object.entries(last24h.hecErrorsByCode).sort((a, b) => b[1] - a[1]);
  return (
    <section class="card" aria-labelledby="errors-heading">
      <h2 id="errors-heading">Errors (last 24 h)</h2>
      {codes.length === 0 && last24h.parseErrors === 0 ? (
        <p class="muted">No rejected requests and no parse errors.</p>
      ) : (
        <table class="table compact">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Meaning</th>
              <th scope="col" class="numeric">
                Count
              </th>
            </tr>
          </thead>
          <tbody>
            {codes.map(([code, count]) => (
              <tr key={code}>
                <td class="mono">{code}</td>
                <td>{meaning(code)}</td>
                <td class="numeric">{formatCount(count)}</td>
              </tr>
            ))}
            {last24h.parseErrors > 0 && (
              <tr>
                <td class="mono">—</td>
                <td>Parse errors (stored with @error)</td>
                <td class="numeric">{formatCount(last24h.parseErrors)}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <p class="links">
        <Link href={searchHref(connectionErrorsQuery(connectorName))}>Search connection errors</Link>
        <Link href={searchHref(parseErrorsQuery(connectorName))}>Search parse errors</Link>
      </p>
    </section>
  );
}
