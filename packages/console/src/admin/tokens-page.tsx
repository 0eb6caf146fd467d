import { useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import { ROLE_NAMES } from '../api/role-names.js';
import type { ApiToken, CreatedApiToken, Role } from '../api/types.js';
import type { PageProps } from '../page-props.js';
import { ErrorAlert } from '../ui/alert.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { formatDateTime, formatRelative } from '../ui/format.js';
import { Loading } from '../ui/loading.js';
import { PageHeader } from '../ui/page-header.js';
import { SecretValue } from '../ui/secret-value.js';
import { useResource } from '../ui/use-resource.js';
import { RoleSelect } from './role-select.js';

/** API tokens for automation (Administrators): created with a role and an expiry, shown once, revoked at once. */
export default function TokensPage(_props: PageProps) {
  const tokens = useResource((signal) => api<{ tokens: ApiToken[] }>('GET', '/tokens', undefined, { signal }), []);
  const [created, setCreated] = useState<CreatedApiToken | undefined>(undefined);
  const [revoking, setRevoking] = useState<ApiToken | undefined>(undefined);

  return (
    <>
      <PageHeader title="API tokens" subtitle="For scripts and CI: send as Authorization: Bearer <token> to the management API. A token acts with its role." />
      {created !== undefined ? (
        <section class="card stack" aria-labelledby="token-created-heading">
          <h2 id="token-created-heading">Token {created.name} created</h2>
          <div class="alert alert-warning" role="alert">
            <strong>Copy the token now: it will not be shown again.</strong> Hecate keeps only a hash of it.
          </div>
          <SecretValue id="created-token" label="API token" value={created.token} />
          <div class="form-actions">
            <button type="button" class="button primary" onClick={() => setCreated(undefined)}>
              Done
            </button>
          </div>
        </section>
      ) : (
        <NewTokenForm
          onCreated={(token) => {
            setCreated(token);
            tokens.reload();
          }}
        />
      )}
      <ErrorAlert error={tokens.error} />
      {tokens.loading && <Loading what="API tokens" />}
      {tokens.data !== undefined && tokens.data.tokens.length === 0 && <p class="muted">No API tokens.</p>}
      {tokens.data !== undefined && tokens.data.tokens.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">Created by</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.tokens.map((t) => (
                <tr key={t.id} data-token={t.name}>
                  <td class="strong">{t.name}</td>
                  <td>{ROLE_NAMES[t.role]}</td>
                  <td class="mono">{t.fingerprint}</td>
                  <td>{t.createdBy ?? '—'}</td>
                  <td>{t.expiresAt === null ? <span class="text-warning">never</span> : formatDateTime(t.expiresAt)}</td>
                  <td title={formatDateTime(t.lastUsedAt)}>{formatRelative(t.lastUsedAt)}</td>
                  <td class="row-actions">
                    <button type="button" class="button small danger" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking !== undefined && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirmLabel="Revoke token"
          danger
          onClose={() => setRevoking(undefined)}
          onConfirm={async () => {
            await api('DELETE', `/tokens/${encodeURIComponent(revoking.id)}`);
            tokens.reload();
          }}
        >
          <p>Everything that uses it is refused from now on (401).</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function NewTokenForm({ onCreated }: { onCreated(token: CreatedApiToken): void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [days, setDays] = useState('90');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const expiresInDays = days === '' ? undefined : Number(days);
    api<CreatedApiToken>('POST', '/tokens', { name, role, ...(expiresInDays === undefined ? {} : { expiresInDays }) }).then(
      (token) => {
        setBusy(false);
        setName('');
        onCreated(token);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  return (
    <details class="card" open>
      <summary>Create an API token</summary>
      <form class="form inline-form" onSubmit={submit}>
        <div class="field">
          <label for="token-name">Name</label>
          <input id="token-name" type="text" required autoComplete="off" value={name} placeholder="ci-deploy" onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="token-role">Role</label>
          <RoleSelect id="token-role" value={role} onChange={setRole} />
        </div>
        <div class="field">
          <label for="token-expiry">Expires after</label>
          <select id="token-expiry" value={days} onChange={(e) => setDays(e.currentTarget.value)}>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">1 year</option>
            <option value="">Never (not recommended)</option>
          </select>
        </div>
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
      <ErrorAlert error={error} />
    </details>
  );
}
