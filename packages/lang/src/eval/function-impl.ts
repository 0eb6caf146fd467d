import type { ArgIR, BoundArgs, ValueIR } from '../ir/script-ir.js';
import type { EvalContext } from './eval-context.js';
import type { Fanout, Step, ValueFn } from './parser-event.js';

/** What an implementation compiles a call into; the kind matches the spec's `output`. */
export type CompiledCall =
  | { readonly kind: 'step'; readonly run: Step }
  | { readonly kind: 'fanout'; readonly run: Fanout }
  | { readonly kind: 'value'; readonly run: ValueFn };

export interface CompileTools {
  readonly context: EvalContext;
  compileValue(value: ValueIR): ValueFn;
}

/** Typed access to bound arguments (the checker guarantees kinds, so a mismatch is a bug). */
export class Args {
  constructor(
    private readonly args: BoundArgs,
    readonly tools: CompileTools,
  ) {}

  private get(name: string): ArgIR | undefined {
    return this.args[name];
  }

  string(name: string): string {
    const a = this.get(name);
    if (a?.kind !== 'string') throw new Error(`argument ${name} is not a string`);
    return a.value;
  }

  optString(name: string): string | undefined {
    const a = this.get(name);
    return a?.kind === 'string' ? a.value : undefined;
  }

  number(name: string): number {
    const a = this.get(name);
    if (a?.kind !== 'number') throw new Error(`argument ${name} is not a number`);
    return a.value;
  }

  optNumber(name: string): number | undefined {
    const a = this.get(name);
    return a?.kind === 'number' ? a.value : undefined;
  }

  boolean(name: string): boolean {
    const a = this.get(name);
    if (a?.kind !== 'boolean') throw new Error(`argument ${name} is not a boolean`);
    return a.value;
  }

  strings(name: string): readonly string[] {
    const a = this.get(name);
    return a?.kind === 'strings' ? a.values : [];
  }

  value(name: string): ValueFn {
    const a = this.get(name);
    if (a?.kind !== 'value') throw new Error(`argument ${name} is not an expression`);
    return this.tools.compileValue(a.value);
  }

  values(name: string): ValueFn[] {
    const a = this.get(name);
    return a?.kind === 'values' ? a.values.map((v) => this.tools.compileValue(v)) : [];
  }

  assignments(): readonly { readonly field: string; readonly value: ValueFn }[] {
    const a = this.get('assignments');
    return a?.kind === 'assignments' ? a.items.map((i) => ({ field: i.field, value: this.tools.compileValue(i.value) })) : [];
  }
}

export type FunctionImpl = (args: Args) => CompiledCall;

export const step = (run: Step): CompiledCall => ({ kind: 'step', run });
export const value = (run: ValueFn): CompiledCall => ({ kind: 'value', run });
export const fanout = (run: Fanout): CompiledCall => ({ kind: 'fanout', run });
