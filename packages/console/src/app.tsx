/**
 * The console: sign-in, then the shell around the view the URL names. The session token decides
 * which: without one every URL shows the sign-in page, which returns to that URL afterwards (so a
 * shared link works after signing in).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api/api-client.js';
import { setMe, useSession } from './api/session.js';
import type { Me } from './api/types.js';
import { RouteView } from './route-view.js';
import { Link } from './router/link.js';
import { navigate, useLocation, withQuery } from './router/location.js';
import { matchPath } from './router/match-path.js';
import { ROUTES } from './routes.js';
import { Shell } from './shell/shell.js';
import { SignInPage } from './sign-in/sign-in-page.js';
import { ErrorAlert } from './ui/alert.js';
import { Loading } from './ui/loading.js';
import { PageHeader } from './ui/page-header.js';

export function App() {
  const location = useLocation();
  const session = useSession();
  const [meError, setMeError] = useState<unknown>(undefined);
  const onSignIn = location.path === '/sign-in';

  // Not signed in: the sign-in page, then back here.
  useEffect(() => {
    if (session.token === undefined && !onSignIn) navigate(withQuery('/sign-in', { next: location.href === '/' ? undefined : location.href }), { replace: true });
  }, [session.token, onSignIn, location.href]);

  // Signed in (a stored token): who is it, with which permissions?
  useEffect(() => {
    if (session.token === undefined || session.me !== undefined) return;
    setMeError(undefined);
    api<Me>('GET', '/auth/me').then(setMe, setMeError);
  }, [session.token, session.me]);

  useEffect(() => {
    if (location.path === '/' && session.token !== undefined) navigate('/connectors', { replace: true });
  }, [location.path, session.token]);

  // After an in-app navigation, focus moves to the new content (screen readers announce it).
  const firstPath = useRef(location.path);
  useEffect(() => {
    if (location.path !== firstPath.current) {
      firstPath.current = '';
      document.getElementById('main')?.focus({ preventScroll: true });
    }
  }, [location.path]);

  if (onSignIn) return <SignInPage />;
  if (session.token === undefined) return null;
  if (session.me === undefined) return meError === undefined ? <Loading what="Hecate" /> : <ErrorAlert error={meError} />;
  const { me } = session;

  let content;
  const route = ROUTES.map((r) => ({ r, params: matchPath(r.pattern, location.path) })).find((m) => m.params !== undefined);
  if (route === undefined || route.params === undefined) {
    content = (
      <>
        <PageHeader title="Page not found" />
        <p>
          Nothing lives at <code>{location.path}</code>. <Link href="/connectors">Go to the data connectors</Link>
        </p>
      </>
    );
  } else if (route.r.permission !== undefined && !me.permissions.includes(route.r.permission)) {
    content = (
      <>
        <PageHeader title="Not allowed" />
        <p>
          Your role does not include <code>{route.r.permission}</code>. An administrator can change it.
        </p>
      </>
    );
  } else {
    content = <RouteView key={route.r.pattern} route={route.r} props={{ params: route.params, location, me }} />;
  }
  return (
    <Shell me={me} path={location.path}>
      {content}
    </Shell>
  );
}
