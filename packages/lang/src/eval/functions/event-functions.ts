/** split (one event per array element) and createEvents (one event per raw string). */
import { fanout } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';
import type { ParserEvent } from '../parser-event.js';

/**
 * One pass over the fields groups them by element: `f[i]`, `f[i].x` and `f[i][j]…` belong to element
 * i (its name written as String(i), so `f[01]` belongs to none); other fields are copied to every
 * output. Elements run from 0 up to the first missing index; `f[…]` fields outside them are dropped.
 * Linear in the number of fields, so a 2,000-element array splits within the event budget.
 */
export function splitFn(a: Args): CompiledCall {
  const field = a.string('field');
  const strip = a.boolean('strip');
  const head = `${field}[`;
  const context = a.tools.context;
  // Element fields repeat the same suffixes (`.id`, `.user.name`): one output name string per suffix
  // keeps the thousands of copies from concatenating and hashing it again.
  const names = new Map<string, string>();
  const outputName = (rest: string): string => {
    let name = names.get(rest);
    if (name === undefined) {
      // The element itself becomes `field`; `.x` becomes `field.x` (`x` with strip); `[j]…` stays nested.
      name = rest === '' ? field : strip ? rest.replace(/^\./, '') : field + rest;
      if (names.size < MAX_CACHED_NAMES) names.set(rest, name);
    }
    return name;
  };
  return fanout((event) => {
    const common: [string, string][] = [];
    // Per element index, its fields as a flat [name, value, name, value, …] list.
    const elements = new Map<number, string[]>();
    event.fields.forEach((v, k) => {
      if (!k.startsWith(head)) {
        common.push([k, v]);
        return;
      }
      const close = k.indexOf(']', head.length);
      const index = close < 0 ? undefined : elementIndex(k, head.length, close);
      const after = k.charCodeAt(close + 1);
      if (index === undefined || (close + 1 < k.length && after !== DOT && after !== OPEN)) return;
      let list = elements.get(index);
      if (list === undefined) elements.set(index, (list = []));
      list.push(outputName(k.slice(close + 1)), v);
    });
    if (!elements.has(0)) return [event];
    const out: ParserEvent[] = [];
    for (let i = 0, list = elements.get(0); list !== undefined; list = elements.get(++i)) {
      const copy = new Map(common);
      for (let j = 0; j < list.length; j += 2) copy.set(list[j] as string, list[j + 1] as string);
      copy.set('_index', String(i));
      out.push({ fields: copy });
      context.check();
    }
    return out;
  });
}

const DOT = 46;
const OPEN = 91;
const MAX_CACHED_NAMES = 10_000;

/** The index in `key[start, end)` when written as String(i) would write it (no sign, no leading 0). */
function elementIndex(key: string, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < 1 || length > 9 || (length > 1 && key.charCodeAt(start) === 48)) return undefined;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = key.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}

export function createEventsFn(a: Args): CompiledCall {
  const raws = a.strings('rawstring');
  return fanout(() => raws.map((raw) => ({ fields: new Map([['@rawstring', raw]]) })));
}
