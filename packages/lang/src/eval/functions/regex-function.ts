/** regex(): extraction with named groups; a filter unless strict=false; repeat=true fans out. */
import { toJsRegex } from '../../ir/js-regex.js';
import { extractOnce } from '../compile-condition.js';
import { fanout, step } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';
import type { ParserEvent } from '../parser-event.js';

export function regexFn(a: Args): CompiledCall {
  const field = a.string('field');
  const strict = a.boolean('strict');
  const repeat = a.boolean('repeat');
  const limit = a.number('limit');
  const compiled = toJsRegex(a.string('regex'), a.string('flags'), repeat);
  if (!compiled.ok) throw new Error(compiled.message);
  const { regex, groups } = compiled.value;
  const context = a.tools.context;
  if (!repeat) {
    return step((event) => extractOnce(regex, groups, event.fields.get(field), event) || !strict);
  }
  return fanout((event) => {
    const v = event.fields.get(field);
    const out: ParserEvent[] = [];
    if (v !== undefined) {
      regex.lastIndex = 0;
      for (let m = regex.exec(v); m !== null && out.length < limit; m = regex.exec(v)) {
        const copy: ParserEvent = { fields: new Map(event.fields) };
        for (const [js, name] of groups) {
          const g = m.groups?.[js];
          if (g !== undefined) copy.fields.set(name, g);
        }
        out.push(copy);
        if (m[0] === '') regex.lastIndex++;
        context.check();
      }
    }
    return out.length === 0 && !strict ? [event] : out;
  });
}
