import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  /** True until the first answer for the current `deps` (a refresh keeps showing the current data). */
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload(): void;
}

interface Loaded<T> {
  key: string;
  data?: T;
  error?: unknown;
}

/**
 * Loads data for a view, again whenever `deps` (primitives) change, and on the refreshes `options`
 * asks for (connector status changes as events arrive). An answer that arrives after a newer request
 * started is ignored, and data loaded for other `deps` is never shown.
 */
export interface ResourceOptions {
  /** Loads again every this many ms while the tab is visible. */
  refreshMs?: number;
  /** Loads again (keeping the current data on screen) whenever this value changes. */
  refreshOn?: unknown;
}

export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], options: ResourceOptions = {}): Resource<T> {
  const { refreshMs, refreshOn } = options;
  const key = JSON.stringify(deps);
  const [loaded, setLoaded] = useState<Loaded<T>>({ key: '' });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (mine === generation.current) setLoaded({ key, data });
      },
      (error: unknown) => {
        if (mine !== generation.current || (error as Error).name === 'AbortError') return;
        setLoaded((previous) => (previous.key === key ? { ...previous, error } : { key, error }));
      },
    );
    return () => controller.abort();
  }, [key, tick]);

  useEffect(() => {
    if (refreshMs === undefined) return undefined;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, refreshMs);
    return () => window.clearInterval(timer);
  }, [refreshMs, key]);

  const firstRefreshOn = useRef(true);
  useEffect(() => {
    if (firstRefreshOn.current) firstRefreshOn.current = false;
    else setTick((t) => t + 1);
  }, [refreshOn]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = loaded.key === key;
  return {
    data: current ? loaded.data : undefined,
    error: current ? loaded.error : undefined,
    loading: !current || (loaded.data === undefined && loaded.error === undefined),
    reload,
  };
}
