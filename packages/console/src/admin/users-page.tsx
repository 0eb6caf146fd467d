import { useState } from 'preact/hooks';
import { ApiFailure, api } from '../api/api-client.js';
import { ROLE_NAMES } from '../api/role-names.js';
import type { Role, User } from '../api/types.js';
import type { PageProps } from '../page-props.js';
import { ErrorAlert } from '../ui/alert.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { formatDateTime } from '../ui/format.js';
import { Loading } from '../ui/loading.js';
import { PageHeader } from '../ui/page-header.js';
import { useResource } from '../ui/use-resource.js';
import { RoleSelect } from './role-select.js';

/** Users and their roles (Administrators). docs/security.md describes the rules the server enforces. */
export default function UsersPage({ me }: PageProps) {
  const users = useResource((signal) => api<{ users: User[] }>('GET', '/users', undefined, { signal }), []);
  const [error, setError] = useState<unknown>(undefined);
  const [deleting, setDeleting] = useState<User | undefined>(undefined);

  const patch = (user: User, body: Partial<Pick<User, 'role' | 'disabled' | 'canSearch'>>): void => {
    setError(undefined);
    api('PATCH', `/users/${encodeURIComponent(user.id)}`, body).then(users.reload, (err: unknown) => {
      setError(err);
      users.reload();
    });
  };

  return (
    <>
      <PageHeader title="Users" subtitle="People who sign in to the console and the management API, and what their role lets them do." />
      <NewUserForm onCreated={users.reload} />
      <ErrorAlert error={error ?? users.error} />
      {users.loading && <Loading what="users" />}
      {users.data !== undefined && (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Role</th>
                <th scope="col">Search raw data</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.id} data-user={u.username}>
                  <td class="strong">
                    {u.username}
                    {u.id === me.id && <span class="muted small"> (you)</span>}
                  </td>
                  <td>
                    <RoleSelect value={u.role} aria-label={`Role of ${u.username}`} onChange={(role: Role) => patch(u, { role })} />
                  </td>
                  <td>
                    {u.role === 'read_only' ? (
                      <input type="checkbox" checked={u.canSearch} aria-label={`${u.username} may search raw data`} onChange={(e) => patch(u, { canSearch: e.currentTarget.checked })} />
                    ) : (
                      <span class="muted">with the role</span>
                    )}
                  </td>
                  <td>{u.disabled ? <span class="badge status-paused">Disabled</span> : <span class="badge status-active">Enabled</span>}</td>
                  <td>{formatDateTime(u.createdAt)}</td>
                  <td class="row-actions">
                    <button type="button" class="button small" onClick={() => patch(u, { disabled: !u.disabled })} aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.username}`}>
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                    <button type="button" class="button small danger" onClick={() => setDeleting(u)} aria-label={`Delete ${u.username}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section class="card" aria-labelledby="roles-heading">
        <h2 id="roles-heading">Roles</h2>
        <dl class="facts">
          <dt>{ROLE_NAMES.admin}</dt>
          <dd>Everything, including users, API tokens and the audit log.</dd>
          <dt>{ROLE_NAMES.connector_manager}</dt>
          <dd>Data connectors, their keys and parsers; may search to check that data arrives.</dd>
          <dt>{ROLE_NAMES.analyst}</dt>
          <dd>Searches events; reads connectors and parsers.</dd>
          <dt>{ROLE_NAMES.read_only}</dt>
          <dd>Reads connectors and parsers; searches raw data only when allowed per user.</dd>
        </dl>
      </section>
      {deleting !== undefined && (
        <ConfirmDialog
          title={`Delete ${deleting.username}?`}
          confirmLabel="Delete user"
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api('DELETE', `/users/${encodeURIComponent(deleting.id)}`);
            users.reload();
          }}
        >
          <p>Their sessions and API tokens are deleted with them. Their entries in the audit log stay.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function NewUserForm({ onCreated }: { onCreated(): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);

  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    api<User>('POST', '/users', { username, password, role }).then(
      (user) => {
        setBusy(false);
        setDone(`Created ${user.username}.`);
        setUsername('');
        setPassword('');
        onCreated();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  const fieldError = error instanceof ApiFailure ? error.field : undefined;
  return (
    <details class="card">
      <summary>Add a user</summary>
      <form class="form inline-form" onSubmit={submit}>
        <div class="field">
          <label for="new-username">Username</label>
          <input id="new-username" type="text" required autoComplete="off" pattern="[a-z0-9][a-z0-9._\-]{1,63}" value={username} aria-invalid={fieldError === 'username'} onInput={(e) => setUsername(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="new-password">Password</label>
          <input id="new-password" type="password" required minLength={12} autoComplete="new-password" value={password} aria-invalid={fieldError === 'password'} aria-describedby="new-password-hint" onInput={(e) => setPassword(e.currentTarget.value)} />
          <p class="hint" id="new-password-hint">
            At least 12 characters.
          </p>
        </div>
        <div class="field">
          <label for="new-role">Role</label>
          <RoleSelect id="new-role" value={role} onChange={setRole} />
        </div>
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
      <ErrorAlert error={error} />
      {done !== undefined && (
        <p class="alert alert-success" role="status">
          {done}
        </p>
      )}
    </details>
  );
}
