/**
 * What each field name means at one point of a SQL pipeline. Stages that change fields (`:=`, eval,
 * rename, drop, select) do not materialise columns; they record an expression over the relation's
 * columns, so later filters and aggregates inline it and the final SELECT projects it. Before an
 * aggregate the relation is the events table (fields fall back to columns and the JSON columns);
 * after one it is rows with named columns, and unknown fields are NULL.
 */
import { RAWSTRING_FIELD } from '../ir/filter-ir.js';
import type { Dialect } from './dialect.js';
import type { SearchSchema } from './search-schema.js';
import type { SqlParams } from './sql-params.js';

export type SqlType = 'text' | 'number' | 'bool';

/** A typed SQL expression; NULL means the field is missing. */
export interface SqlExpr {
  readonly sql: string;
  readonly type: SqlType;
}

export const NULL_TEXT: SqlExpr = Object.freeze({ sql: 'CAST(NULL AS VARCHAR)', type: 'text' });

/**
 * A field of a rows relation (after an aggregate or table()): its type and the column that holds it.
 * The compiler names the columns (`f0`, `f1`, …), never after the field: a name a user picks (`as=`,
 * a field of the events) then cannot meet the compiler's own columns (GROUP_CUT_COLUMN, `__ord`, the
 * inner `__k0`, …) or its relation aliases (`t0`, …), whatever it is spelled.
 */
export interface RowColumn {
  readonly type: SqlType;
  readonly column: string;
}

export interface SqlContext {
  readonly dialect: Dialect;
  readonly schema: SearchSchema;
  readonly params: SqlParams;
}

export class SqlScope {
  /** Fields changed by stages: an expression, or null for removed. */
  readonly overrides = new Map<string, SqlExpr | null>();
  /** After select(): only these fields exist (besides overrides). */
  only: ReadonlySet<string> | null = null;

  constructor(
    private readonly ctx: SqlContext,
    /** null: the events table; else the row fields, in order, and their columns. */
    readonly columns: ReadonlyMap<string, RowColumn> | null,
  ) {}

  resolve(name: string): SqlExpr {
    const override = this.overrides.get(name);
    if (override !== undefined) return override ?? NULL_TEXT;
    if (this.only !== null && !this.only.has(name)) return NULL_TEXT;
    if (this.columns !== null) {
      const column = this.columns.get(name);
      return column === undefined ? NULL_TEXT : { sql: this.ctx.dialect.quoteIdentifier(column.column), type: column.type };
    }
    return baseField(name, this.ctx);
  }

  select(fields: readonly string[]): void {
    const keep = new Set(fields);
    for (const key of this.overrides.keys()) if (!keep.has(key)) this.overrides.set(key, null);
    this.only = this.only === null ? keep : new Set([...this.only].filter((f) => keep.has(f)));
  }

  /** The output fields of a rows relation, in order (columns, then fields added by stages). */
  rowFields(): string[] {
    const names = [...(this.columns?.keys() ?? []), ...this.overrides.keys()];
    return [...new Set(names)].filter((n) => this.overrides.get(n) !== null && (this.only === null || this.only.has(n) || this.overrides.has(n)));
  }
}

/** A field of the events table: its own column, else the tags JSON (`#name`) or the fields JSON. */
export function baseField(name: string, ctx: SqlContext): SqlExpr {
  const { dialect, schema, params } = ctx;
  // Object.hasOwn: a field named "constructor" or "__proto__" must not hit Object.prototype.
  const column = Object.hasOwn(schema.columns, name) ? schema.columns[name] : name === RAWSTRING_FIELD ? schema.rawColumn : undefined;
  if (column !== undefined) {
    const quoted = dialect.quoteIdentifier(column);
    return schema.numericColumns?.includes(column) === true ? { sql: quoted, type: 'number' } : { sql: quoted, type: 'text' };
  }
  const jsonColumn = dialect.quoteIdentifier(name.startsWith('#') ? schema.tagsJsonColumn : schema.fieldsJsonColumn);
  return { sql: dialect.jsonText(jsonColumn, params.add(dialect.jsonPathFor(name))), type: 'text' };
}

/** The expression as text (numbers formatted as the evaluator formats them, booleans as true/false). */
export function asText(expr: SqlExpr, dialect: Dialect): string {
  switch (expr.type) {
    case 'text':
      return expr.sql;
    case 'number':
      return dialect.numberToText(expr.sql);
    case 'bool':
      return `(CASE WHEN ${expr.sql} THEN 'true' ELSE 'false' END)`;
  }
}

/** The expression as a number; NULL when missing or not numeric. */
export function asNumber(expr: SqlExpr, dialect: Dialect): string {
  return expr.type === 'number' ? expr.sql : dialect.toNumber(asText(expr, dialect));
}

/** Truth of a value (the evaluator's isTruthy): present, not empty and not "false". */
export function asBool(expr: SqlExpr, dialect: Dialect): string {
  if (expr.type === 'bool') return expr.sql;
  const text = asText(expr, dialect);
  return `COALESCE(${text} <> '' AND ${text} <> 'false', FALSE)`;
}
