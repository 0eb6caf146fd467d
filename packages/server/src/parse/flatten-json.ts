/**
 * Flattens a JSON value into field names as the parsing standard writes them:
 * objects join with `.`, arrays index with `[n]` (`a.b[0].c`). Values become strings;
 * `null` becomes "null" (LogScale's parseJson keeps nulls by default).
 * Iterative, so deeply nested input cannot overflow the stack.
 */
export function flattenJson(value: unknown, prefix: string, out: Record<string, string>, maxFields = 10_000): void {
  const stack: Array<[string, unknown]> = [[prefix, value]];
  let count = 0;
  while (stack.length > 0) {
    const [name, v] = stack.pop() as [string, unknown];
    if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([`${name}[${i}]`, v[i]]);
      } else {
        const entries = Object.entries(v as Record<string, unknown>);
        for (let i = entries.length - 1; i >= 0; i--) {
          const [k, child] = entries[i] as [string, unknown];
          stack.push([name === '' ? k : `${name}.${k}`, child]);
        }
      }
      continue;
    }
    if (name === '') continue;
    if (++count > maxFields) return;
    out[name] = typeof v === 'string' ? v : String(v);
  }
}
