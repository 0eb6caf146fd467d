/**
 * The public entry for parsers: script → syntax → check → IR → closures, once per parser.
 * compileParser never throws: any script yields a parser or coded diagnostics (an argument only the
 * implementation can judge, such as a time pattern, is reported here; an unexpected failure is INTERNAL).
 *
 *   const compiled = compileParser(script);
 *   if (!compiled.ok) show(compiled.diagnostics);
 *   const events = compiled.run({ fields: new Map([['@rawstring', line]]) });
 *
 * run() never throws: a function failure or an overrun of the per-event time budget keeps the input
 * event with @error=true and @error_msg (LogScale's behaviour); an empty array means the script
 * dropped the event. The input event is changed in place and is usually the one returned.
 */
import { checkScript } from '../check/check-script.js';
import { diagnostic } from '../check/diagnostic.js';
import type { Diagnostic } from '../check/diagnostic.js';
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import type { PipelineIR } from '../ir/script-ir.js';
import { parseScript } from '../syntax/parse-script.js';
import { FanoutInBranch, compilePipeline, makeTools } from './compile-pipeline.js';
import { BudgetExceeded, EvalContext } from './eval-context.js';
import { InvalidArgument } from './invalid-argument.js';
import { addError } from './parser-event.js';
import type { ParserEvent } from './parser-event.js';
import { installRegexGuard } from './regex-guard.js';

export interface CompileParserOptions {
  /** Wall-clock budget per event, in ms (default 50). */
  readonly eventBudgetMs?: number;
  /** The clock time functions read, in epoch ms (default Date.now); tests pass a fixed one. */
  readonly now?: () => number;
}

export type CompiledParser =
  | { readonly ok: true; readonly diagnostics: readonly Diagnostic[]; readonly ir: PipelineIR; run(event: ParserEvent): ParserEvent[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export const DEFAULT_EVENT_BUDGET_MS = 50;

export function compileParser(script: string, options: CompileParserOptions = {}): CompiledParser {
  installRegexGuard();
  let ir: PipelineIR;
  try {
    const checked = checkScript(parseScript(script), script);
    if (checked.diagnostics.length > 0) return { ok: false, diagnostics: checked.diagnostics };
    ir = checked.ir;
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { ok: false, diagnostics: [diagnostic(error.code, error.message, script, error.start, error.end)] };
    return internalFailure(error, script);
  }
  const context = new EvalContext(options.eventBudgetMs ?? DEFAULT_EVENT_BUDGET_MS, options.now);
  let out: ParserEvent[] = [];
  let entry: (event: ParserEvent) => void;
  try {
    entry = compilePipeline(ir, (event) => out.push(event), makeTools(context));
  } catch (error) {
    if (error instanceof FanoutInBranch) {
      return { ok: false, diagnostics: [diagnostic('FANOUT_IN_BRANCH', 'split(), createEvents() and regex(repeat=true) cannot run inside case or match', script, 0, script.length)] };
    }
    // The IR carries no source ranges: the diagnostic covers the whole script and its message names the call.
    if (error instanceof InvalidArgument) return { ok: false, diagnostics: [diagnostic(error.code, error.message, script, 0, script.length)] };
    return internalFailure(error, script);
  }
  return {
    ok: true,
    diagnostics: [],
    ir,
    run(event: ParserEvent): ParserEvent[] {
      out = [];
      context.start();
      try {
        entry(event);
        return out;
      } catch (error) {
        const message = error instanceof BudgetExceeded ? error.message : `Parser failed: ${error instanceof Error ? error.message : String(error)}`;
        addError(event, message);
        return [event];
      }
    },
  };
}

function internalFailure(error: unknown, script: string): CompiledParser {
  const message = `Compiling the script failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
  return { ok: false, diagnostics: [diagnostic('INTERNAL', message, script, 0, script.length)] };
}
