/**
 * @hecate/lang — the query language. Phases: syntax (parseQuery) → IR (lowerQuery) → back ends
 * (SQL dialects). search v0 covers filters only; pipelines and functions arrive later.
 */
export { parseQuery, MAX_QUERY_LENGTH } from './syntax/parse-query.js';
export { MAX_NESTING_DEPTH, MAX_TERMS } from './syntax/parser.js';
export type * from './syntax/ast.js';
export type { Token, TokenKind } from './syntax/token.js';

export { lowerQuery } from './ir/lower-filter.js';
export type { FilterIR, FilterKind, WildcardPattern, PortableRegex, ComparisonOp } from './ir/filter-ir.js';

export { compileSearch, MAX_SEARCH_LIMIT } from './sql/compile-search.js';
export type { CompiledQuery, SearchOptions } from './sql/compile-search.js';
export { compileFilter } from './sql/compile-filter.js';
export { compilePipeline, groupCutOfRows, GROUP_CUT_COLUMN } from './sql/compile-pipeline.js';
export type { CompiledPipeline, GroupCut, PipelineOptions, SqlOutput } from './sql/compile-pipeline.js';
export { duckdbDialect } from './sql/duckdb-dialect.js';
export type { Dialect, DialectCapabilities, SqlValue } from './sql/dialect.js';
export type { SearchSchema } from './sql/search-schema.js';

export { parseTime } from './time/parse-time.js';

export { ERROR_CODES } from './errors/error-codes.js';
export type { ErrorCode } from './errors/error-codes.js';
export { QueryError } from './errors/query-error.js';
export { QuerySyntaxError } from './errors/query-syntax-error.js';
export { QueryOptionError } from './errors/query-option-error.js';

// Parser scripts (the full pipeline language, run per event at ingest).
export { compileParser, DEFAULT_EVENT_BUDGET_MS } from './eval/compile-parser.js';
export type { CompiledParser, CompileParserOptions } from './eval/compile-parser.js';
export type { ParserEvent } from './eval/parser-event.js';
export { createEvent } from './eval/parser-event.js';
export { parseScript, MAX_SCRIPT_LENGTH } from './syntax/parse-script.js';
export type * from './syntax/script-ast.js';
export { checkScript } from './check/check-script.js';
export type { Diagnostic } from './check/diagnostic.js';
export { FUNCTION_REGISTRY, findFunction } from './check/function-registry.js';
export type { FunctionSpec, ParamSpec, ParamType, FunctionOutput } from './check/function-spec.js';
export type * from './ir/script-ir.js';

// Search pipelines: query → search IR → one SQL statement for the SQL-able prefix → evaluator for the rest.
export { checkSearch } from './search/check-search.js';
export type { CheckedSearch } from './search/check-search.js';
export { planSearch, planSearchIr, finishSearch, evaluateSearch, groupCutOf, DEFAULT_ROW_CAP } from './search/plan-search.js';
export type { SearchPlan, SearchPlanOptions, SearchOutcome, EngineRows } from './search/plan-search.js';
export type { ResultRow } from './search/sql-row.js';
export type { SearchStageIR, SearchPipelineIR, AggregateFn, SortKey, SortOrder } from './ir/search-ir.js';
export type { CheckMode } from './check/check-script.js';

// docs/query-language.md, rendered from the function registry (npm run docs:query-language).
export { renderQueryLanguageDoc } from './docs/query-language-doc.js';
