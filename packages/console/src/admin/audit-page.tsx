import { useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import type { AuditEntry } from '../api/types.js';
import type { PageProps } from '../page-props.js';
import { Link } from '../router/link.js';
import { navigate, withQuery } from '../router/location.js';
import { ErrorAlert } from '../ui/alert.js';
import { formatDateTime } from '../ui/format.js';
import { Loading } from '../ui/loading.js';
import { PageHeader } from '../ui/page-header.js';
import { useResource } from '../ui/use-resource.js';

const PAGE = 50;

interface AuditPage {
  entries: AuditEntry[];
  next: number | null;
}

/**
 * The audit log (`GET /api/v1/audit`), newest first. Filters and the page cursor are in the URL
 * (`?user=&action=&before=`), so a filtered view is a link.
 */
export default function AuditPage({ location }: PageProps) {
  const user = location.query.get('user') ?? '';
  const action = location.query.get('action') ?? '';
  const before = location.query.get('before') ?? '';
  const [draftUser, setDraftUser] = useState(user);
  const [draftAction, setDraftAction] = useState(action);
  const audit = useResource(
    (signal) => api<AuditPage>('GET', withQuery('/audit', { limit: String(PAGE), user, action, before }), undefined, { signal }),
    [user, action, before],
  );

  const apply = (event: Event): void => {
    event.preventDefault();
    navigate(withQuery('/admin/audit', { user: draftUser.trim(), action: draftAction.trim() }));
  };
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every change made through the management API and every sign-in, successful or not." />
      <form class="toolbar" role="search" aria-label="Filter the audit log" onSubmit={apply}>
        <div class="field inline">
          <label for="audit-user">User</label>
          <input id="audit-user" type="text" value={draftUser} placeholder="any" onInput={(e) => setDraftUser(e.currentTarget.value)} />
        </div>
        <div class="field inline">
          <label for="audit-action">Action</label>
          <input id="audit-action" type="text" value={draftAction} placeholder="connector.delete" list="audit-actions" onInput={(e) => setDraftAction(e.currentTarget.value)} />
          <datalist id="audit-actions">
            {['auth.login', 'auth.logout', 'connector.create', 'connector.update', 'connector.delete', 'connector.api-key', 'auth.password', 'user.create', 'user.update', 'user.delete', 'token.create', 'token.delete'].map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <button type="submit" class="button">
          Apply
        </button>
        {(user !== '' || action !== '' || before !== '') && (
          <Link href="/admin/audit" class="button ghost">
            Clear
          </Link>
        )}
      </form>
      <ErrorAlert error={audit.error} />
      {audit.loading && <Loading what="the audit log" />}
      {audit.data !== undefined && audit.data.entries.length === 0 && <p class="muted">No audit records match.</p>}
      {audit.data !== undefined && audit.data.entries.length > 0 && (
        <div class="table-wrap">
          <table class="table compact">
            <caption class="visually-hidden">Audit records, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Outcome</th>
                <th scope="col">Client</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.entries.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td class="nowrap">{formatDateTime(e.at)}</td>
                  <td>
                    {e.actor}
                    {e.actorType === 'api_token' && <span class="muted small"> (API token)</span>}
                  </td>
                  <td class="mono">{e.action}</td>
                  <td>{e.targetName ?? e.targetId ?? '—'}</td>
                  <td>
                    <span class={`badge ${e.status < 400 ? 'status-active' : 'status-error'}`}>{e.status}</span>
                    {e.errorCode !== undefined && <span class="muted small"> {e.errorCode}</span>}
                  </td>
                  <td class="mono small">{e.clientIp ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Audit log pages">
        {before !== '' && (
          <Link href={withQuery('/admin/audit', { user, action })} class="button">
            Newest
          </Link>
        )}
        {audit.data?.next !== null && audit.data?.next !== undefined && (
          <Link href={withQuery('/admin/audit', { user, action, before: String(audit.data.next) })} class="button">
            Older
          </Link>
        )}
      </nav>
    </>
  );
}
