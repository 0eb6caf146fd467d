/** Expression functions and simple filters: if, lower, upper, length, concat, coalesce, format, test, eval, default, in, wildcard, cidr, dropEvent. */
import { toWildcardPattern } from '../../ir/filter-ir.js';
import { step, value } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';
import { fieldReader, isTruthy, toNumber } from '../parser-event.js';
import { wildcardMatcher } from '../wildcard-matcher.js';
import { ipInSubnets, parseSubnet } from './cidr-match.js';

export function ifFn(a: Args): CompiledCall {
  const cond = a.value('condition');
  const then = a.value('then');
  const otherwise = a.value('else');
  return value((e) => (isTruthy(cond(e)) ? then(e) : otherwise(e)));
}

function caseFn(a: Args, upper: boolean): CompiledCall {
  const input = a.value('field');
  const locale = a.optString('locale')?.replace('_', '-');
  if (locale !== undefined) return value((e) => (upper ? input(e)?.toLocaleUpperCase(locale) : input(e)?.toLocaleLowerCase(locale)));
  return value((e) => (upper ? input(e)?.toUpperCase() : input(e)?.toLowerCase()));
}
export const lowerFn = (a: Args): CompiledCall => caseFn(a, false);
export const upperFn = (a: Args): CompiledCall => caseFn(a, true);

export function lengthFn(a: Args): CompiledCall {
  const input = a.value('field');
  return value((e) => {
    const v = input(e);
    return v === undefined ? undefined : String(v.length);
  });
}

export function concatFn(a: Args): CompiledCall {
  const parts = a.values('field');
  return value((e) => {
    let out = '';
    for (const p of parts) out += p(e) ?? '';
    return out;
  });
}

export function coalesceFn(a: Args): CompiledCall {
  const parts = a.values('expressions');
  const ignoreEmpty = a.boolean('ignoreEmpty');
  return value((e) => {
    for (const p of parts) {
      const v = p(e);
      if (v !== undefined && !(ignoreEmpty && v === '')) return v;
    }
    return undefined;
  });
}

/** printf subset: %s %d %i %f %e %x %X %o %%, with flags (- 0 +), width and precision. */
export function formatFn(a: Args): CompiledCall {
  const format = a.string('format');
  const inputs = a.values('field');
  const spec = /%([-0+ ,]*)(\d+)?(?:\.(\d+))?([sdifeExXo%])/g;
  return value((e) => {
    let i = 0;
    return format.replace(spec, (_m, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      const raw = inputs[i++]?.(e) ?? '';
      const n = toNumber(raw);
      let out: string;
      switch (conv) {
        case 'd':
        case 'i':
          out = n === undefined ? raw : Math.trunc(n).toString();
          if (flags.includes(',') && n !== undefined) out = Math.trunc(n).toLocaleString('en-US');
          break;
        case 'f':
          out = n === undefined ? raw : n.toFixed(precision === undefined ? 6 : Number(precision));
          break;
        case 'e':
        case 'E':
          out = n === undefined ? raw : n.toExponential(precision === undefined ? 6 : Number(precision));
          if (conv === 'E') out = out.toUpperCase();
          break;
        case 'x':
        case 'X':
        case 'o':
          out = n === undefined ? raw : Math.trunc(n).toString(conv === 'o' ? 8 : 16);
          if (conv === 'X') out = out.toUpperCase();
          break;
        default:
          out = precision === undefined ? raw : raw.slice(0, Number(precision));
      }
      if (flags.includes('+') && n !== undefined && n >= 0 && conv !== 's') out = `+${out}`;
      const w = width === undefined ? 0 : Number(width);
      if (out.length < w) out = flags.includes('-') ? out.padEnd(w) : flags.includes('0') && conv !== 's' ? out.padStart(w, '0') : out.padStart(w);
      return out;
    });
  });
}

export function testFn(a: Args): CompiledCall {
  const cond = a.value('expression');
  return step((e) => isTruthy(cond(e)));
}

export function evalFn(a: Args): CompiledCall {
  const items = a.assignments();
  return step((e) => {
    for (const { field, value: v } of items) {
      const r = v(e);
      if (r === undefined) e.fields.delete(field);
      else e.fields.set(field, r);
    }
    return true;
  });
}

export function defaultFn(a: Args): CompiledCall {
  const fields = a.strings('field');
  const fallback = a.string('value');
  const replaceEmpty = a.boolean('replaceEmpty');
  return step((e) => {
    for (const f of fields) {
      const v = e.fields.get(f);
      if (v === undefined || (replaceEmpty && v === '')) e.fields.set(f, fallback);
    }
    return true;
  });
}

export function inFn(a: Args): CompiledCall {
  const read = fieldReader(a.string('field'));
  const ignoreCase = a.boolean('ignoreCase');
  const exact = new Set<string>();
  const patterns: ((v: string) => boolean)[] = [];
  for (const v of a.strings('values')) {
    if (v.includes('*')) patterns.push(wildcardMatcher(toWildcardPattern(v), ignoreCase));
    else exact.add(ignoreCase ? v.toLowerCase() : v);
  }
  return step((e) => {
    const v = read(e);
    if (v === undefined) return false;
    if (exact.has(ignoreCase ? v.toLowerCase() : v)) return true;
    return patterns.some((p) => p(v));
  });
}

export function wildcardFn(a: Args): CompiledCall {
  const read = fieldReader(a.string('field'));
  const match = wildcardMatcher(toWildcardPattern(a.string('pattern')), a.boolean('ignoreCase'));
  return step((e) => {
    const v = read(e);
    return v !== undefined && match(v);
  });
}

export function cidrFn(a: Args): CompiledCall {
  const read = fieldReader(a.string('field'));
  const subnets = a.strings('subnet').map(parseSubnet).filter((s) => s !== undefined);
  const negate = a.boolean('negate');
  return step((e) => {
    const v = read(e);
    if (v === undefined) return false;
    return ipInSubnets(v, subnets) !== negate;
  });
}

export const dropEventFn = (): CompiledCall => step(() => false);
