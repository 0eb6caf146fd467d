/**
 * The public entry for parsers: script → syntax → check → IR → closures, once per parser.
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
import { addError } from './parser-event.js';
import type { ParserEvent } from './parser-event.js';
import { installRegexGuard } from './regex-guard.js';

export interface CompileParserOptions {
  /** Wall-clock budget per event, in ms (default 50). */
  readonly eventBudgetMs?: number;
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
    throw error;
  }
  const context = new EvalContext(options.eventBudgetMs ?? DEFAULT_EVENT_BUDGET_MS);
  let out: ParserEvent[] = [];
  let entry: (event: ParserEvent) => void;
  try {
    entry = compilePipeline(ir, (event) => out.push(event), makeTools(context));
  } catch (error) {
    if (error instanceof FanoutInBranch) {
      return { ok: false, diagnostics: [diagnostic('FANOUT_IN_BRANCH', 'split(), createEvents() and regex(repeat=true) cannot run inside case or match', script, 0, script.length)] };
    }
    throw error;
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
