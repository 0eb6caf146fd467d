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
export { duckdbDialect } from './sql/duckdb-dialect.js';
export type { Dialect, DialectCapabilities, SqlValue } from './sql/dialect.js';
export type { SearchSchema } from './sql/search-schema.js';

export { parseTime } from './time/parse-time.js';

export { ERROR_CODES } from './errors/error-codes.js';
export type { ErrorCode } from './errors/error-codes.js';
export { QueryError } from './errors/query-error.js';
export { QuerySyntaxError } from './errors/query-syntax-error.js';
export { QueryOptionError } from './errors/query-option-error.js';
