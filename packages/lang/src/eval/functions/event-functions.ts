/** split (one event per array element) and createEvents (one event per raw string). */
import { fanout } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';
import type { ParserEvent } from '../parser-event.js';

export function splitFn(a: Args): CompiledCall {
  const field = a.string('field');
  const strip = a.boolean('strip');
  const head = `${field}[`;
  return fanout((event) => {
    if (!event.fields.has(`${field}[0]`) && !hasElementPrefix(event, `${field}[0]`)) return [event];
    const common = new Map<string, string>();
    for (const [k, v] of event.fields) if (!k.startsWith(head)) common.set(k, v);
    const out: ParserEvent[] = [];
    for (let i = 0; event.fields.has(`${field}[${i}]`) || hasElementPrefix(event, `${field}[${i}]`); i++) {
      const element = `${field}[${i}]`;
      const copy = new Map(common);
      for (const [k, v] of event.fields) {
        if (k === element) copy.set(strip ? field : field, v);
        else if (k.startsWith(`${element}.`) || k.startsWith(`${element}[`)) {
          const rest = k.slice(element.length);
          copy.set(strip ? rest.replace(/^\./, '') : field + rest, v);
        }
      }
      copy.set('_index', String(i));
      out.push({ fields: copy });
      a.tools.context.check();
    }
    return out;
  });
}

function hasElementPrefix(event: ParserEvent, element: string): boolean {
  for (const k of event.fields.keys()) if (k.startsWith(`${element}.`) || k.startsWith(`${element}[`)) return true;
  return false;
}

export function createEventsFn(a: Args): CompiledCall {
  const raws = a.strings('rawstring');
  return fanout(() => raws.map((raw) => ({ fields: new Map([['@rawstring', raw]]) })));
}
