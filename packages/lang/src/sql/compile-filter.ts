/**
 * Filter IR → SQL boolean expression, through a Dialect. A leaf under NOT compiles to a two-valued
 * expression (COALESCE(…, FALSE)): SQL's NULL for a missing field must read as "no match", so that
 * NOT of it is true, as LogScale's `!=` is for events without the field.
 *
 * Outside any NOT, in a WHERE clause (`twoValued: false`), a leaf stays bare: AND and OR are
 * monotone, so an unknown leaf can make the whole condition true only if it would be true with the
 * leaf false, and WHERE keeps only true rows — the same rows. A bare `column = $n` is also what the
 * engine filters while scanning: `#connector=fw source.ip=… | count()` over 10 M events took 87 ms
 * of CPU with COALESCE around each test and 77 ms without, as much as the hand-written SQL.
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

export function compileFilter(ir: FilterIR, ctx: FilterCompileContext, twoValued = true): string {
  const { dialect, params } = ctx;
  const leaf = (test: string): string => (twoValued ? `COALESCE(${test}, FALSE)` : test);
  switch (ir.kind) {
    case 'all':
      return 'TRUE';
    case 'and':
    case 'or': {
      if (ir.operands.length === 0) return ir.kind === 'and' ? 'TRUE' : 'FALSE';
      const joiner = ir.kind === 'and' ? ' AND ' : ' OR ';
      return `(${ir.operands.map((operand) => compileFilter(operand, ctx, twoValued)).join(joiner)})`;
    }
    case 'not':
      return `(NOT ${compileFilter(ir.operand, ctx, true)})`;
    case 'text': {
      const raw = dialect.quoteIdentifier(ctx.schema.rawColumn);
      return leaf(dialect.freeText(raw, params.add(dialect.freeTextValue(ir.pattern))));
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
      return leaf(test);
    }
    case 'regex': {
      const field = fieldText(ir.field, ctx);
      return leaf(dialect.regexMatch(field, params.add(dialect.regexValue(ir.regex))));
    }
    case 'compare':
      return leaf(`${dialect.toNumber(fieldText(ir.field, ctx))} ${ir.op} ${params.add(ir.value)}`);
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
