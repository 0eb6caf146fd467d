/**
 * The browser location as app state: every view has a URL (shareable links), and navigation goes
 * through the History API without reloading. One module-level value, many subscribers.
 */
import { useEffect, useState } from 'preact/hooks';

export interface AppLocation {
  /** `/connectors/abc` */
  readonly path: string;
  /** The query string as parameters (read-only by convention). */
  readonly query: URLSearchParams;
  /** path + query, as typed in the address bar. */
  readonly href: string;
}

type Listener = (location: AppLocation) => void;

const listeners = new Set<Listener>();
let current = read();

function read(): AppLocation {
  const { pathname, search } = window.location;
  return { path: pathname, query: new URLSearchParams(search), href: pathname + search };
}

function publish(): void {
  current = read();
  for (const listener of listeners) listener(current);
}

window.addEventListener('popstate', publish);

export function currentLocation(): AppLocation {
  return current;
}

/** Goes to an in-app URL (`/connectors?sort=name`). `replace` does not add a history entry (filters, redirects). */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === current.href) return;
  if (options.replace === true) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  publish();
  if (options.replace !== true) window.scrollTo(0, 0);
}

/** Re-renders the component whenever the location changes. */
export function useLocation(): AppLocation {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    listeners.add(setLocation);
    // The location may have changed between render and effect.
    if (location !== current) setLocation(current);
    return () => {
      listeners.delete(setLocation);
    };
  }, []);
  return location;
}

/** `href` with its query parameters set (empty or undefined values are removed). */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, value);
  }
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}
