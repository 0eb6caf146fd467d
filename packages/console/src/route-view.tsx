import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PageProps } from './page-props.js';
import type { RouteDef } from './routes.js';
import { ErrorAlert } from './ui/alert.js';
import { Loading } from './ui/loading.js';

/** Pages already loaded, so coming back to a view renders at once. */
const loaded = new Map<RouteDef, ComponentType<PageProps>>();

/** Renders a route's page, loading its chunk first when needed. */
export function RouteView({ route, props }: { route: RouteDef; props: PageProps }) {
  const [page, setPage] = useState<{ route: RouteDef; component: ComponentType<PageProps> } | undefined>(() => {
    const component = loaded.get(route);
    return component === undefined ? undefined : { route, component };
  });
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    const known = loaded.get(route);
    if (known !== undefined) {
      setPage({ route, component: known });
      return undefined;
    }
    let cancelled = false;
    route.load().then(
      (component) => {
        loaded.set(route, component);
        if (!cancelled) setPage({ route, component });
      },
      (err: unknown) => {
        if (!cancelled) setError(err);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [route]);

  if (error !== undefined) return <ErrorAlert>This view could not be loaded (a new version of Hecate may have been installed): reload the page.</ErrorAlert>;
  if (page === undefined || page.route !== route) return <Loading what="the page" />;
  const Page = page.component;
  return <Page {...props} />;
}
