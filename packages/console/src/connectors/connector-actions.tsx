import { useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import type { Connector, KeyRotation } from '../api/types.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/location.js';
import { ErrorAlert } from '../ui/alert.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';

type Dialog = 'regenerate' | 'delete' | undefined;

/** Grace periods offered when regenerating a key (docs/connectors.md: rotating a key without an outage). */
const GRACE_PERIODS: ReadonlyArray<{ seconds: number; label: string }> = [
  { seconds: 0, label: 'None: the old key stops now' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '24 hours' },
  { seconds: 604800, label: '7 days' },
];

export interface ConnectorActionsProps {
  connector: Connector;
  onChanged(): void;
  onKeyRotated(rotation: KeyRotation): void;
}

/** Edit, pause or resume, regenerate the key, delete. */
export function ConnectorActions({ connector, onChanged, onKeyRotated }: ConnectorActionsProps) {
  const [dialog, setDialog] = useState<Dialog>(undefined);
  const [grace, setGrace] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const path = `/connectors/${encodeURIComponent(connector.id)}`;

  const toggle = (): void => {
    setBusy(true);
    setError(undefined);
    api('PATCH', path, { enabled: !connector.enabled }).then(
      () => {
        setBusy(false);
        onChanged();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };

  return (
    <>
      <Link href={`${path}/edit`} class="button">
        Edit
      </Link>
      <button type="button" class="button" onClick={toggle} disabled={busy}>
        {connector.enabled ? 'Pause' : 'Resume'}
      </button>
      <button type="button" class="button" onClick={() => setDialog('regenerate')}>
        Regenerate key
      </button>
      <button type="button" class="button danger" onClick={() => setDialog('delete')}>
        Delete
      </button>
      <ErrorAlert error={error} />
      {dialog === 'regenerate' && (
        <ConfirmDialog
          title={`Regenerate the API key of ${connector.name}?`}
          confirmLabel="Regenerate key"
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            const rotation = await api<KeyRotation>('POST', `${path}/api-key`, { gracePeriodSeconds: grace });
            onKeyRotated(rotation);
          }}
        >
          <p>
            A new key is created and shown once. Shippers using the current key (fingerprint <code>{connector.keyFingerprint}</code>)
            must be given the new one.
          </p>
          <div class="field">
            <label for="grace-period">The current key keeps working for</label>
            <select id="grace-period" value={String(grace)} onChange={(e) => setGrace(Number(e.currentTarget.value))}>
              {GRACE_PERIODS.map((g) => (
                <option key={g.seconds} value={String(g.seconds)}>
                  {g.label}
                </option>
              ))}
            </select>
          </div>
        </ConfirmDialog>
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={`Delete ${connector.name}?`}
          confirmLabel="Delete connector"
          danger
          typeToConfirm={connector.name}
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            await api('DELETE', path);
            navigate('/connectors', { replace: true });
          }}
        >
          <p>
            Its key stops working at once. Events it already stored stay searchable with <code>#connector={connector.name}</code>.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
