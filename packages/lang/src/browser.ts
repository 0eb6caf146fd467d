/**
 * @hecate/lang/browser — the part of the language the web console runs in the browser: the function
 * registry (completion, help), the search checker and the diagnostics of a parser script, as you type.
 *
 * Invariant: nothing reachable from this file imports a Node built-in (browser.test.ts walks the
 * imports). That is why it does not re-export compileParser: compileParser first installs the
 * process-wide V8 regex guard (eval/regex-guard.ts, node:v8), which only matters when a script runs on
 * hostile input. The console never runs a script — the server runs test cases — so diagnoseParser
 * compiles exactly as compileParser does, closures included (a time pattern or a fan-out inside `case`
 * is only judged there), minus the guard. browser.test.ts checks both give the same diagnostics.
 */
import { checkScript } from './check/check-script.js';
import { diagnostic } from './check/diagnostic.js';
import type { Diagnostic } from './check/diagnostic.js';
import { QuerySyntaxError } from './errors/query-syntax-error.js';
import { EvalContext } from './eval/eval-context.js';
import { FanoutInBranch, compilePipeline, makeTools } from './eval/compile-pipeline.js';
import { InvalidArgument } from './eval/invalid-argument.js';
import { parseScript } from './syntax/parse-script.js';

export { FUNCTION_REGISTRY, findFunction } from './check/function-registry.js';
export type { FunctionSpec, ParamSpec, ParamType, FunctionOutput } from './check/function-spec.js';
export type { Diagnostic } from './check/diagnostic.js';
export type { ErrorCode } from './errors/error-codes.js';
export { checkSearch } from './search/check-search.js';
export type { CheckedSearch } from './search/check-search.js';
export { MAX_SCRIPT_LENGTH } from './syntax/parse-script.js';

/** The diagnostics compileParser(script) would give; empty when the script compiles. Never throws. */
export function diagnoseParser(script: string): readonly Diagnostic[] {
  try {
    const checked = checkScript(parseScript(script), script);
    if (checked.diagnostics.length > 0) return checked.diagnostics;
    // Compiled and thrown away: only the failures matter here.
    compilePipeline(checked.ir, () => undefined, makeTools(new EvalContext(0)));
    return [];
  } catch (error) {
    if (error instanceof QuerySyntaxError) return [diagnostic(error.code, error.message, script, error.start, error.end)];
    if (error instanceof FanoutInBranch) {
      return [diagnostic('FANOUT_IN_BRANCH', 'split(), createEvents() and regex(repeat=true) cannot run inside case or match', script, 0, script.length)];
    }
    if (error instanceof InvalidArgument) return [diagnostic(error.code, error.message, script, 0, script.length)];
    const message = `Compiling the script failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
    return [diagnostic('INTERNAL', message, script, 0, script.length)];
  }
}
