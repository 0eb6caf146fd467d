/** parseJson: objects flatten to a.b, arrays to a[0]; values as strings. */
import { step } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';
import type { ParserEvent } from '../parser-event.js';

const MAX_DEPTH = 64;

export function parseJsonFn(a: Args): CompiledCall {
  const field = a.string('field');
  const prefix = a.string('prefix');
  const include = a.strings('include');
  const exclude = a.strings('exclude');
  const excludeEmpty = a.boolean('excludeEmpty');
  const handleNull = a.string('handleNull');
  const removePrefixes = a.strings('removePrefixes');
  const filtered = include.length > 0 || exclude.length > 0;
  const under = (path: string, roots: readonly string[]): boolean =>
    roots.some((r) => path === r || path.startsWith(`${r}.`) || path.startsWith(`${r}[`));

  const put = (event: ParserEvent, path: string, value: string): void => {
    if (filtered && ((include.length > 0 && !under(path, include)) || under(path, exclude))) return;
    let name = path;
    for (const p of removePrefixes) if (name.startsWith(p)) name = name.slice(p.length);
    event.fields.set(prefix + name, value);
  };

  const walk = (event: ParserEvent, path: string, v: unknown, depth: number): void => {
    if (v === null) {
      if (handleNull === 'keep') put(event, path, 'null');
      else if (handleNull === 'empty' && !excludeEmpty) put(event, path, '');
    } else if (typeof v === 'string') {
      if (!(excludeEmpty && v === '')) put(event, path, v);
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      put(event, path, String(v));
    } else if (Array.isArray(v)) {
      if (v.length === 0 && !excludeEmpty) put(event, path, '[]');
      if (depth >= MAX_DEPTH) return;
      for (let i = 0; i < v.length; i++) walk(event, `${path}[${i}]`, v[i], depth + 1);
    } else if (typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 0 && !excludeEmpty && path !== '') put(event, path, '{}');
      if (depth >= MAX_DEPTH) return;
      for (const k of keys) walk(event, path === '' ? k : `${path}.${k}`, (v as Record<string, unknown>)[k], depth + 1);
    }
  };

  return step((event) => {
    const text = event.fields.get(field);
    if (text === undefined) return true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return true; // not JSON: the event passes unchanged, as in LogScale
    }
    if (typeof parsed !== 'object' || parsed === null) return true;
    walk(event, '', parsed, 0);
    return true;
  });
}
