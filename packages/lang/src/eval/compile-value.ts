import { assertNever } from '../ir/filter-ir.js';
import type { ValueIR } from '../ir/script-ir.js';
import { compileCall } from './compile-call.js';
import type { CompileTools } from './function-impl.js';
import { fieldReader, formatNumber, isTruthy, toNumber } from './parser-event.js';
import type { ValueFn } from './parser-event.js';

/**
 * An expression as a closure. Arithmetic needs numbers (a missing or non-numeric operand gives a
 * missing result, as does division by zero); comparisons are numeric when both sides are numbers,
 * otherwise they compare strings; a missing operand makes a comparison false.
 */
export function compileValue(value: ValueIR, tools: CompileTools): ValueFn {
  switch (value.kind) {
    case 'literal': {
      const v = value.value;
      return () => v;
    }
    case 'field':
      return fieldReader(value.name);
    case 'call':
      return compileCall(value.fn, value.args, tools, 'value').run;
    case 'arithmetic': {
      const left = compileValue(value.left, tools);
      const right = compileValue(value.right, tools);
      const op = value.op;
      return (event) => {
        const a = toNumber(left(event));
        const b = toNumber(right(event));
        if (a === undefined || b === undefined) return undefined;
        switch (op) {
          case '+':
            return formatNumber(a + b);
          case '-':
            return formatNumber(a - b);
          case '*':
            return formatNumber(a * b);
          case '/':
            return b === 0 ? undefined : formatNumber(a / b);
          default:
            return b === 0 ? undefined : formatNumber(a % b);
        }
      };
    }
    case 'compare': {
      const left = compileValue(value.left, tools);
      const right = compileValue(value.right, tools);
      const op = value.op;
      return (event) => {
        const a = left(event);
        const b = right(event);
        if (a === undefined || b === undefined) return 'false';
        const x = toNumber(a);
        const y = toNumber(b);
        const c = x !== undefined && y !== undefined ? Math.sign(x - y) : a < b ? -1 : a > b ? 1 : 0;
        const r = op === '==' ? c === 0 : op === '!=' ? c !== 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
        return r ? 'true' : 'false';
      };
    }
    case 'logical': {
      const left = compileValue(value.left, tools);
      const right = compileValue(value.right, tools);
      return value.op === 'and'
        ? (event) => (isTruthy(left(event)) && isTruthy(right(event)) ? 'true' : 'false')
        : (event) => (isTruthy(left(event)) || isTruthy(right(event)) ? 'true' : 'false');
    }
    case 'not': {
      const inner = compileValue(value.operand, tools);
      return (event) => (isTruthy(inner(event)) ? 'false' : 'true');
    }
    case 'negate': {
      const inner = compileValue(value.operand, tools);
      return (event) => {
        const n = toNumber(inner(event));
        return n === undefined ? undefined : formatNumber(-n);
      };
    }
    default:
      return assertNever(value);
  }
}
