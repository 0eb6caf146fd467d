/** Route patterns: `/connectors/:id` matches `/connectors/abc` with `{ id: 'abc' }`. */

export type RouteParams = Readonly<Record<string, string>>;

/** The parameters of `path` under `pattern`, or undefined when it does not match (trailing slashes ignored). */
export function matchPath(pattern: string, path: string): RouteParams | undefined {
  const want = split(pattern);
  const have = split(path);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(h);
      } catch {
        return undefined;
      }
      params[w.slice(1)] = value;
    } else if (w !== h) {
      return undefined;
    }
  }
  return params;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}
