/** Field management: drop, rename, select, array:append, splitString, replace. */
import { toJsRegex } from '../../ir/js-regex.js';
import { step } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';

export function dropFn(a: Args): CompiledCall {
  const fields = a.strings('fields');
  return step((e) => {
    for (const f of fields) e.fields.delete(f);
    return true;
  });
}

export function renameFn(a: Args): CompiledCall {
  const from = a.string('field');
  const to = a.optString('as') ?? from;
  return step((e) => {
    const v = e.fields.get(from);
    if (v !== undefined && from !== to) {
      e.fields.delete(from);
      e.fields.set(to, v);
    }
    return true;
  });
}

export function selectFn(a: Args): CompiledCall {
  const keep = new Set(a.strings('fields'));
  return step((e) => {
    for (const k of e.fields.keys()) if (!keep.has(k)) e.fields.delete(k);
    return true;
  });
}

/** Appends after the last index in use, so arrays never have gaps (CPS rule). */
export function arrayAppendFn(a: Args): CompiledCall {
  const name = a.string('array').replace(/\[\]$/, '');
  const values = a.values('values');
  return step((e) => {
    let i = 0;
    while (e.fields.has(`${name}[${i}]`)) i++;
    for (const v of values) {
      const r = v(e);
      if (r !== undefined) e.fields.set(`${name}[${i++}]`, r);
    }
    return true;
  });
}

export function splitStringFn(a: Args): CompiledCall {
  const field = a.string('field');
  const as = a.string('as');
  const index = a.optNumber('index');
  const compiled = toJsRegex(a.string('by'), '');
  if (!compiled.ok) throw new Error(compiled.message);
  const by = compiled.value.regex;
  return step((e) => {
    const v = e.fields.get(field);
    if (v === undefined) return true;
    const parts = v.split(by);
    if (index !== undefined) {
      const part = parts[index < 0 ? parts.length + index : index];
      if (part !== undefined) e.fields.set(as, part);
      return true;
    }
    for (let i = 0; i < parts.length; i++) e.fields.set(`${as}[${i}]`, parts[i] ?? '');
    return true;
  });
}

export function replaceFn(a: Args): CompiledCall {
  const field = a.string('field');
  const as = a.optString('as') ?? field;
  const replacement = a.optString('replacement') ?? a.string('with');
  const compiled = toJsRegex(a.string('regex'), a.string('flags'), true);
  if (!compiled.ok) throw new Error(compiled.message);
  const { regex, groups } = compiled.value;
  // ${name} and $<name> refer to named groups, which js-regex renamed.
  let withJs = replacement;
  for (const [js, name] of groups) withJs = withJs.split(`\${${name}}`).join(`$<${js}>`).split(`$<${name}>`).join(`$<${js}>`);
  return step((e) => {
    const v = e.fields.get(field);
    if (v !== undefined) e.fields.set(as, v.replace(regex, withJs));
    return true;
  });
}
