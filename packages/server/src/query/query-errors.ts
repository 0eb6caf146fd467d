/** Language errors as the API answers them, shared by every search endpoint. */
import { QueryOptionError, QuerySyntaxError } from '@hecate/lang';
import { ApiError } from '../api/api-error.js';

/** The filter-only compiler refuses these; the query is then a pipeline for planSearch. */
const PIPELINE_CODES: ReadonlySet<string> = new Set(['PIPE_NOT_SUPPORTED', 'FUNCTION_NOT_SUPPORTED', 'UNSUPPORTED_OPERATOR']);

/** True for the errors that mean "this is a pipeline" to the filter-only compiler. */
export function isPipelineError(err: unknown): boolean {
  return err instanceof QuerySyntaxError && PIPELINE_CODES.has(err.code);
}

/** A language error → 400 with the error code and its position in the query; anything else unchanged. */
export function queryErrorToApi(err: unknown): unknown {
  if (err instanceof QuerySyntaxError) {
    return new ApiError('QUERY_SYNTAX', err.message, 'query', {
      errorCode: err.code,
      position: { start: err.start, end: err.end, line: err.line, column: err.column },
    });
  }
  if (err instanceof QueryOptionError) return new ApiError('INVALID_FIELD', err.message, 'query', { errorCode: err.code });
  return err;
}
