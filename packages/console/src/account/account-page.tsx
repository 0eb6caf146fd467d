import { useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import { ROLE_NAMES } from '../api/role-names.js';
import type { SessionInfo } from '../api/types.js';
import type { PageProps } from '../page-props.js';
import { ErrorAlert } from '../ui/alert.js';
import { formatDateTime } from '../ui/format.js';
import { PageHeader } from '../ui/page-header.js';
import { useResource } from '../ui/use-resource.js';

/** One's own account: role, password, sessions. */
export default function AccountPage({ me }: PageProps) {
  const person = me.apiTokenId === undefined;
  return (
    <>
      <PageHeader title="Your account" subtitle={`${me.username} · ${ROLE_NAMES[me.role]}`} />
      {person ? (
        <>
          <PasswordForm />
          <Sessions />
        </>
      ) : (
        <p>This console is signed in with an API token: passwords and sessions belong to people.</p>
      )}
    </>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    api<{ revokedSessions: number }>('POST', '/auth/password', { currentPassword: current, newPassword: next }).then(
      (reply) => {
        setBusy(false);
        setCurrent('');
        setNext('');
        setDone(`Password changed. ${reply.revokedSessions} other session(s) were signed out.`);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  return (
    <section class="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <form class="form narrow" onSubmit={submit}>
        <div class="field">
          <label for="current-password">Current password</label>
          <input id="current-password" type="password" autoComplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="new-account-password">New password</label>
          <input id="new-account-password" type="password" autoComplete="new-password" required minLength={12} value={next} aria-describedby="new-account-password-hint" onInput={(e) => setNext(e.currentTarget.value)} />
          <p class="hint" id="new-account-password-hint">
            At least 12 characters. Your other sessions are signed out.
          </p>
        </div>
        <ErrorAlert error={error} />
        {done !== undefined && (
          <p class="alert alert-success" role="status">
            {done}
          </p>
        )}
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            Change password
          </button>
        </div>
      </form>
    </section>
  );
}

function Sessions() {
  const sessions = useResource((signal) => api<{ sessions: SessionInfo[] }>('GET', '/auth/sessions', undefined, { signal }), []);
  const [error, setError] = useState<unknown>(undefined);
  return (
    <section class="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      <ErrorAlert error={error ?? sessions.error} />
      {sessions.data !== undefined && (
        <table class="table compact">
          <thead>
            <tr>
              <th scope="col">Signed in</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.sessions.map((s) => (
              <tr key={s.id}>
                <td>{formatDateTime(s.createdAt)}</td>
                <td>{formatDateTime(s.expiresAt)}</td>
                <td class="row-actions">
                  {s.current ? (
                    <span class="muted">this browser</span>
                  ) : (
                    <button
                      type="button"
                      class="button small"
                      aria-label={`End the session signed in ${formatDateTime(s.createdAt)}`}
                      onClick={() => api('DELETE', `/auth/sessions/${encodeURIComponent(s.id)}`).then(sessions.reload, setError)}
                    >
                      End
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
