import { api } from '../api/api-client.js';
import { ErrorAlert } from '../ui/alert.js';
import { formatCount, formatDateTime, formatRelative } from '../ui/format.js';
import { useResource } from '../ui/use-resource.js';

interface Sender {
  host: string | null;
  source: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  events: number;
  usualIntervalSeconds: number | null;
  silent: boolean;
}

/** How many senders the page lists; the API has them all (`GET /connectors/:id/senders`). */
const SHOWN = 20;

/** The hosts and sources that sent through the connector in the last 7 days, and which went quiet. */
export function Senders({ connectorId, events }: { connectorId: string; events: number }) {
  const senders = useResource(
    (signal) => api<{ senders: Sender[]; tracked: number }>('GET', `/connectors/${encodeURIComponent(connectorId)}/senders`, undefined, { signal }),
    // Listed again when the connector's event count moves, and every 15 s.
    [connectorId],
    { refreshMs: 15_000, refreshOn: events },
  );
  const list = senders.data?.senders ?? [];
  const silent = list.filter((s) => s.silent).length;
  return (
    <section class="card" aria-labelledby="senders-heading">
      <h2 id="senders-heading">Senders (last 7 days)</h2>
      <ErrorAlert error={senders.error} />
      {senders.data !== undefined && list.length === 0 && <p class="muted">No sender yet.</p>}
      {list.length > 0 && (
        <>
          <p class="muted small">
            {formatCount(senders.data?.tracked ?? list.length)} host and source pairs{silent > 0 ? `, ${silent} silent` : ''}.
          </p>
          <div class="table-wrap">
            <table class="table compact">
              <thead>
                <tr>
                  <th scope="col">Host</th>
                  <th scope="col">Source</th>
                  <th scope="col">Last seen</th>
                  <th scope="col" class="numeric">
                    Events
                  </th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {list.slice(0, SHOWN).map((s) => (
                  <tr key={`${s.host ?? ''}\u0000${s.source ?? ''}`}>
                    <td class="mono">{s.host ?? '—'}</td>
                    <td class="mono">{s.source ?? '—'}</td>
                    <td title={formatDateTime(s.lastSeenAt)}>{formatRelative(s.lastSeenAt)}</td>
                    <td class="numeric">{formatCount(s.events)}</td>
                    <td>{s.silent ? <span class="badge status-error">Silent</span> : <span class="muted">sending</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
