/**
 * A search query → search IR: parse with the script parser, check in search mode (aggregates
 * allowed, unknown functions are coded errors with positions), lower. Never throws for bad input.
 * The time range, when known, lets lowering resolve `span=auto` (see ir/lower-search.ts).
 */
import { checkScript } from '../check/check-script.js';
import { diagnostic } from '../check/diagnostic.js';
import type { Diagnostic } from '../check/diagnostic.js';
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import { LowerError, lowerSearchStage } from '../ir/lower-search.js';
import type { LowerContext } from '../ir/lower-search.js';
import type { SearchPipelineIR, SearchStageIR } from '../ir/search-ir.js';
import { MAX_QUERY_LENGTH } from '../syntax/parse-query.js';
import { parseScript } from '../syntax/parse-script.js';

export type CheckedSearch =
  | { readonly ok: true; readonly ir: SearchPipelineIR }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function checkSearch(text: string, range: LowerContext = {}): CheckedSearch {
  if (text.length > MAX_QUERY_LENGTH) {
    return { ok: false, diagnostics: [diagnostic('QUERY_TOO_LONG', `The query is ${text.length} characters long; the limit is ${MAX_QUERY_LENGTH}`, text, MAX_QUERY_LENGTH, text.length)] };
  }
  try {
    const syntax = parseScript(text);
    const checked = checkScript(syntax, text, 'search');
    if (checked.diagnostics.length > 0) return { ok: false, diagnostics: checked.diagnostics };
    const stages: SearchStageIR[] = [];
    const diagnostics: Diagnostic[] = [];
    checked.ir.forEach((stage, i) => {
      try {
        stages.push(lowerSearchStage(stage, range));
      } catch (error) {
        if (!(error instanceof LowerError)) throw error;
        // Without check diagnostics the checked stages align one to one with the syntax stages.
        const node = syntax.stages[i];
        diagnostics.push(diagnostic('INVALID_ARGUMENT', error.message, text, node?.start ?? 0, node?.end ?? text.length));
      }
    });
    return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, ir: Object.freeze(stages) };
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { ok: false, diagnostics: [diagnostic(error.code, error.message, text, error.start, error.end)] };
    throw error;
  }
}
