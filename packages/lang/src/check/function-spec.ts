/** How a function is declared: once, as data, for the checker, the evaluator and generated docs. */

export type ParamType =
  | 'field' // a field name: bare word or "quoted"
  | 'string'
  | 'regex' // a pattern: "quoted" or /literal/ (its flags go to the `flags` parameter)
  | 'number'
  | 'boolean'
  | 'enum' // one of `values`
  | 'fields' // a field name or [list] of them
  | 'strings' // a string or [list] of them
  | 'value' // any expression
  | 'values' // an expression or [list] of them
  | 'condition' // a boolean expression
  | 'assignments'; // eval(a = expr, b = expr)

export type ParamDefault = string | number | boolean | readonly string[];

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly description: string;
  readonly required?: boolean;
  readonly default?: ParamDefault;
  /** May be given without its name; unnamed arguments fill these in declaration order. */
  readonly positional?: boolean;
  readonly values?: readonly string[];
}

/**
 * What a call does as a pipeline stage:
 * - filter: keeps or drops the event (may also set fields, like regex()); a boolean in expressions
 * - transform: changes the event, never drops it
 * - value: computes one value; as a stage it is stored in its `as` parameter
 * - fanout: turns the event into zero or more events (split, createEvents, regex(repeat=true))
 * - aggregate: needs many events; refused in parsers
 */
export type FunctionOutput = 'filter' | 'transform' | 'value' | 'fanout' | 'aggregate';

export interface FunctionSpec {
  readonly name: string;
  readonly summary: string;
  readonly output: FunctionOutput;
  /** Allowed in a parser script (aggregates and query-only functions are not). */
  readonly parserSafe: boolean;
  readonly params: readonly ParamSpec[];
  readonly example: string;
}
