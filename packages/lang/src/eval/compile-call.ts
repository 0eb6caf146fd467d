import type { BoundArgs } from '../ir/script-ir.js';
import { findFunction } from '../check/function-registry.js';
import { Args } from './function-impl.js';
import type { CompileTools, CompiledCall } from './function-impl.js';
import { IMPLEMENTATIONS } from './functions/implementations.js';
import { InvalidArgument } from './invalid-argument.js';
import type { Fanout, Step, ValueFn } from './parser-event.js';

type CallUse = 'stage' | 'condition' | 'value';
type Result = { readonly kind: 'step'; readonly run: Step } | { readonly kind: 'fanout'; readonly run: Fanout };

/**
 * Compiles a checked call. A value function used as a stage stores its value in `as`; a filter
 * function used as a value yields "true"/"false".
 */
export function compileCall(fn: string, args: BoundArgs, tools: CompileTools, use: 'stage' | 'condition'): Result;
export function compileCall(fn: string, args: BoundArgs, tools: CompileTools, use: 'value'): { readonly kind: 'value'; readonly run: ValueFn };
export function compileCall(fn: string, args: BoundArgs, tools: CompileTools, use: CallUse): Result | { readonly kind: 'value'; readonly run: ValueFn } {
  const spec = findFunction(fn);
  const impl = spec === undefined ? undefined : (IMPLEMENTATIONS as Readonly<Record<string, (typeof IMPLEMENTATIONS)[keyof typeof IMPLEMENTATIONS]>>)[spec.name];
  if (impl === undefined) throw new Error(`no implementation for ${fn}()`);
  const reader = new Args(args, tools);
  let compiled: CompiledCall;
  try {
    compiled = impl(reader);
  } catch (error) {
    // The IR has no source ranges, so the function's name is what points the user at the call.
    if (error instanceof InvalidArgument) throw new InvalidArgument(`${spec?.name ?? fn}(): ${error.message}`, error.code);
    throw error;
  }
  if (use === 'value') {
    if (compiled.kind === 'value') return compiled;
    if (compiled.kind === 'step') {
      const test = compiled.run;
      return { kind: 'value', run: (event) => (test(event) ? 'true' : 'false') };
    }
    throw new Error(`${fn}() cannot be a value`);
  }
  if (compiled.kind === 'value') {
    const as = reader.string('as');
    const compute = compiled.run;
    return {
      kind: 'step',
      run: (event) => {
        const v = compute(event);
        if (v !== undefined) event.fields.set(as, v);
        return true;
      },
    };
  }
  return compiled;
}
