import { assertNever } from '../ir/filter-ir.js';
import { toJsRegex } from '../ir/js-regex.js';
import type { ConditionIR } from '../ir/script-ir.js';
import { compileCall } from './compile-call.js';
import type { CompileTools } from './function-impl.js';
import { fieldReader, toNumber } from './parser-event.js';
import type { ParserEvent, Step } from './parser-event.js';
import { containsMatcher, wildcardMatcher } from './wildcard-matcher.js';

/** A filter as a Step: true keeps the event. Every leaf is false when its field is missing. */
export function compileCondition(condition: ConditionIR, tools: CompileTools): Step {
  switch (condition.kind) {
    case 'all':
      return () => true;
    case 'and': {
      const parts = condition.operands.map((o) => compileCondition(o, tools));
      return (event) => parts.every((p) => p(event));
    }
    case 'or': {
      const parts = condition.operands.map((o) => compileCondition(o, tools));
      return (event) => parts.some((p) => p(event));
    }
    case 'not': {
      const inner = compileCondition(condition.operand, tools);
      return (event) => !inner(event);
    }
    case 'text': {
      const match = containsMatcher(condition.pattern);
      return (event) => {
        const raw = event.fields.get('@rawstring');
        return raw !== undefined && match(raw);
      };
    }
    case 'exists': {
      const read = fieldReader(condition.field);
      return (event) => read(event) !== undefined;
    }
    case 'equals': {
      const read = fieldReader(condition.field);
      const match = wildcardMatcher(condition.pattern, false);
      return (event) => {
        const v = read(event);
        return v !== undefined && match(v);
      };
    }
    case 'regex':
      return compileRegexFilter(condition.field, condition.source, condition.flags);
    case 'compare': {
      const read = fieldReader(condition.field);
      const { op, value } = condition;
      return (event) => {
        const n = toNumber(read(event));
        if (n === undefined) return false;
        return op === '<' ? n < value : op === '<=' ? n <= value : op === '>' ? n > value : n >= value;
      };
    }
    case 'call':
      return compileCall(condition.fn, condition.args, tools, 'condition').run as Step;
    default:
      return assertNever(condition);
  }
}

/** `field=/re/`: an unanchored search; named groups become fields (the `g` flag: field[0], …). */
export function compileRegexFilter(field: string, source: string, flags: string): (event: ParserEvent) => boolean {
  const compiled = toJsRegex(source, flags, flags.includes('g'));
  if (!compiled.ok) throw new Error(compiled.message);
  const { regex, groups } = compiled.value;
  const read = fieldReader(field);
  if (groups.length === 0) {
    return (event) => {
      const v = read(event);
      regex.lastIndex = 0;
      return v !== undefined && regex.test(v);
    };
  }
  if (!regex.global) return (event) => extractOnce(regex, groups, read(event), event);
  return (event) => {
    const v = read(event);
    if (v === undefined) return false;
    regex.lastIndex = 0;
    let index = 0;
    for (let m = regex.exec(v); m !== null && index < 1000; m = regex.exec(v), index++) {
      for (const [js, name] of groups) {
        const g = m.groups?.[js];
        if (g !== undefined) event.fields.set(`${name}[${index}]`, g);
      }
      if (m[0] === '') regex.lastIndex++;
    }
    return index > 0;
  };
}

/** Runs a regex once; sets a field per named group that took part in the match. */
export function extractOnce(regex: RegExp, groups: readonly (readonly [string, string])[], v: string | undefined, event: ParserEvent): boolean {
  if (v === undefined) return false;
  regex.lastIndex = 0;
  const m = regex.exec(v);
  if (m === null) return false;
  const found = m.groups;
  if (found !== undefined) {
    for (const [js, name] of groups) {
      const g = found[js];
      if (g !== undefined) event.fields.set(name, g);
    }
  }
  return true;
}
