/**
 * The one registry of @hecate/lang error codes. Codes are stable: callers and the console test the
 * code, never the message text. Each entry says what the code means so docs can be generated from it.
 */
export const ERROR_CODES = Object.freeze({
  QUERY_TOO_LONG: 'The query text is longer than the limit (64 KiB); shorten it.',
  UNTERMINATED_STRING: 'A quoted string has no closing double quote.',
  UNTERMINATED_REGEX: 'A /regex/ has no closing slash on the same line.',
  UNTERMINATED_COMMENT: 'A /* comment has no closing */.',
  INVALID_ESCAPE: 'A backslash escape in a quoted string is incomplete.',
  INVALID_REGEX: 'The regular expression does not compile.',
  UNSUPPORTED_REGEX: 'The regular expression uses a construct the search engine (RE2) cannot run, such as lookaround or a back-reference.',
  INVALID_REGEX_FLAG: 'A regex flag other than i, m, s or g was given, or one was repeated.',
  UNEXPECTED_TOKEN: 'A token appears where the grammar does not allow it.',
  UNEXPECTED_END: 'The query ends where more was expected.',
  UNMATCHED_PAREN: 'A closing parenthesis has no opening one.',
  MISSING_CLOSE_PAREN: 'An opening parenthesis is never closed.',
  EXPECTED_VALUE: 'A comparison operator is not followed by a value.',
  EXPECTED_NUMBER: 'A <, <=, > or >= comparison needs a number on its right-hand side.',
  EMPTY_FIELD_NAME: 'A quoted field name is empty.',
  PIPE_NOT_SUPPORTED: 'Pipelines (|) are not supported yet: search v0 only filters.',
  FUNCTION_NOT_SUPPORTED: 'Function calls are not supported yet: search v0 only filters.',
  UNSUPPORTED_OPERATOR: 'The operator is part of the full language but not of search v0.',
  NESTING_TOO_DEEP: 'Parentheses or negations are nested deeper than the limit.',
  TOO_MANY_TERMS: 'The query has more filter terms than the limit.',
  INVALID_TIME: 'A time is not a relative time (e.g. 15m, 24h, 7d), "now", or epoch milliseconds.',
  INVALID_TIME_RANGE: 'The start of the time range is after its end.',
  INVALID_LIMIT: 'The result limit is not a whole number in the allowed range.',
  // Parser scripts (the full pipeline language): check phase.
  EMPTY_STAGE: 'A pipeline stage is empty (two pipes in a row, or a pipe at the end).',
  UNKNOWN_FUNCTION: 'No function has this name; the message suggests the closest one.',
  UNKNOWN_ARGUMENT: 'The function has no parameter with this name; the message suggests the closest one.',
  DUPLICATE_ARGUMENT: 'The same parameter is given twice.',
  MISSING_ARGUMENT: 'A required parameter is missing.',
  TOO_MANY_ARGUMENTS: 'More unnamed arguments are given than the function accepts; name them.',
  INVALID_ARGUMENT: 'An argument has the wrong type or a value outside the allowed ones.',
  AGGREGATE_IN_PARSER: 'Aggregate functions (groupBy, count, sort, …) cannot run in a parser, which sees one event at a time.',
  NOT_A_PARSER_FUNCTION: 'The function exists in the query language but cannot run in a parser.',
  NOT_AN_EXPRESSION: 'The function cannot be used inside an expression; call it as a pipeline stage.',
  FANOUT_IN_BRANCH: 'Functions that produce several events (split, createEvents, regex(repeat=true)) cannot run inside case or match; move them before or after it.',
  INVALID_TIME_FORMAT: 'A time format pattern uses a letter or construct that is not supported.',
  INTERNAL: 'Compiling the script failed in a way Hecate does not expect (a bug); the message has the details. Report it with the script.',
  // Parser scripts: per event at run time (recorded on the event as @error_msg, never thrown).
  EVENT_TIME_BUDGET: 'Parsing one event took longer than its time budget; the event is kept unparsed.',
  EVENT_ERROR: 'A parser function failed on this event; the event is kept with @error set.',
});

export type ErrorCode = keyof typeof ERROR_CODES;
