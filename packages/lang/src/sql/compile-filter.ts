/**
 * Filter IR → SQL boolean expression, through a Dialect. Every leaf compiles to a two-valued
 * expression (COALESCE(…, FALSE)): SQL's NULL for a missing field must read as "no match", so that
 * NOT of it is true, as LogScale's `!=` is for events without the field.
 */
import { RAWSTRING_FIELD, assertNever } from '../ir/filter-ir.js';
import type { FilterIR } from '../ir/filter-ir.js';
import type { Dialect } from './dialect.js';
import { toLikePattern } from './like-pattern.js';
import type { SearchSchema } from './search-schema.js';
import type { SqlParams } from './sql-params.js';

export interface FilterCompileContext {
  readonly dialect: Dialect;
  readonly schema: SearchSchema;
  readonly params: SqlParams;
}

export function compileFilter(ir: FilterIR, ctx: FilterCompileContext): string {
  const { dialect, params } = ctx;
  switch (ir.kind) {
    case 'all':
      return 'TRUE';
    case 'and':
    case 'or': {
      if (ir.operands.length === 0) return ir.kind === 'and' ? 'TRUE' : 'FALSE';
      const joiner = ir.kind === 'and' ? ' AND ' : ' OR ';
      return `(${ir.operands.map((operand) => compileFilter(operand, ctx)).join(joiner)})`;
    }
    case 'not':
      return `(NOT ${compileFilter(ir.operand, ctx)})`;
    case 'text': {
      const raw = dialect.quoteIdentifier(ctx.schema.rawColumn);
      return `COALESCE(${dialect.freeText(raw, params.add(dialect.freeTextValue(ir.pattern)))}, FALSE)`;
    }
    case 'exists':
      return `(${fieldText(ir.field, ctx)} IS NOT NULL)`;
    case 'equals': {
      const field = fieldText(ir.field, ctx);
      const [only] = ir.pattern;
      const test =
        ir.pattern.length === 1 && only !== undefined
          ? `${field} = ${params.add(only)}`
          : dialect.like(field, params.add(toLikePattern(ir.pattern, dialect.likeEscape)));
      return `COALESCE(${test}, FALSE)`;
    }
    case 'regex': {
      const field = fieldText(ir.field, ctx);
      return `COALESCE(${dialect.regexMatch(field, params.add(dialect.regexValue(ir.regex)))}, FALSE)`;
    }
    case 'compare':
      return `COALESCE(${dialect.toNumber(fieldText(ir.field, ctx))} ${ir.op} ${params.add(ir.value)}, FALSE)`;
    default:
      return assertNever(ir);
  }
}

/**
 * The SQL text expression for a field: its own column (cast to text when numeric), else the member
 * of the tags JSON (`#name`) or of the fields JSON, read through a bound JSON path.
 */
function fieldText(name: string, ctx: FilterCompileContext): string {
  const { dialect, schema, params } = ctx;
  // Object.hasOwn: a field named "constructor" or "__proto__" must not hit Object.prototype.
  const column = Object.hasOwn(schema.columns, name) ? schema.columns[name] : name === RAWSTRING_FIELD ? schema.rawColumn : undefined;
  if (column !== undefined) {
    const quoted = dialect.quoteIdentifier(column);
    return schema.numericColumns?.includes(column) === true ? dialect.toText(quoted) : quoted;
  }
  const jsonColumn = dialect.quoteIdentifier(name.startsWith('#') ? schema.tagsJsonColumn : schema.fieldsJsonColumn);
  return dialect.jsonText(jsonColumn, params.add(dialect.jsonPathFor(name)));
}
