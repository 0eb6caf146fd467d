import { useState } from 'preact/hooks';
import { ApiFailure, api } from '../api/api-client.js';
import { startSession, useSession } from '../api/session.js';
import type { Me } from '../api/types.js';
import { navigate, useLocation } from '../router/location.js';
import { ThemeToggle } from '../shell/theme-toggle.js';
import { usePageTitle } from '../ui/page-header.js';
import { safeNext } from './safe-next.js';

interface LoginReply {
  token: string;
  expiresAt: string;
}

function signInMessage(err: unknown): string {
  if (err instanceof ApiFailure) {
    if (err.code === 'BAD_CREDENTIALS') return 'Wrong username or password.';
    return err.message.charAt(0).toUpperCase() + err.message.slice(1) + '.';
  }
  return 'Hecate did not answer. Is the server running?';
}

export function SignInPage() {
  usePageTitle('Sign in');
  const location = useLocation();
  const session = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    (async () => {
      const reply = await api<LoginReply>('POST', '/auth/login', { username, password }, { anonymous: true });
      const me = await api<Me>('GET', '/auth/me', undefined, { token: reply.token });
      startSession(reply.token, me);
      navigate(safeNext(location.query.get('next')), { replace: true });
    })().catch((err: unknown) => {
      setBusy(false);
      setError(signInMessage(err));
      setPassword('');
    });
  };

  return (
    <div class="sign-in">
      <main class="sign-in-card" id="main">
        <div class="brand large" aria-hidden="true">
          <span class="brand-mark">H</span> Hecate
        </div>
        <h1>Sign in</h1>
        {session.endedBecause !== undefined && error === undefined && <p class="alert alert-info">{session.endedBecause}</p>}
        <form class="form" onSubmit={submit}>
          <div class="field">
            <label for="username">Username</label>
            <input id="username" name="username" type="text" autoComplete="username" required autoFocus value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </div>
          {error !== undefined && (
            <div class="alert alert-error" role="alert">
              {error}
            </div>
          )}
          <button type="submit" class="button primary wide" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p class="muted small">
          The first start of Hecate creates the user <code>admin</code> and prints its password once.
        </p>
        <ThemeToggle />
      </main>
    </div>
  );
}
