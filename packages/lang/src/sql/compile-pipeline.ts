/**
 * A search pipeline → ONE parameterised SELECT for its longest SQL-able prefix. The relation is
 * built as layers: a layer is `FROM … WHERE … ORDER BY … LIMIT …`; a stage that must come after a
 * LIMIT (a filter after head, a sort after sort) wraps the layer as a subquery. Field-changing stages
 * only update the SqlScope; aggregates and table() project named columns and switch the scope to
 * rows. The current order is carried as ORDER BY terms, so sort() is stable (ties keep the incoming
 * order, as in the evaluator) and tail() reverses it. timeChart/bucket's series limit wraps the
 * aggregate in two window layers (score per series, then rank). The first stage SQL cannot run stops
 * the prefix: `consumed` tells the caller where the evaluator takes over.
 *
 * Column names: the fields of a rows relation live in columns the compiler names (`f0`, …; see
 * RowColumn), so its own columns (`__ord`, GROUP_CUT_COLUMN, `__series_rank`, …) and relation aliases
 * (`t0`, …) never meet a name the user picked. From the first groupBy with a limit on, every row
 * carries GROUP_CUT_COLUMN, through every later stage, so that the caller can say that groups were
 * dropped however the rows were reshaped afterwards.
 */
import { assertNever } from '../ir/filter-ir.js';
import type { AggregateFn, SearchPipelineIR, SearchStageIR } from '../ir/search-ir.js';
import { BUCKET_FIELD } from '../ir/search-ir.js';
import { NotSqlable } from './compile-expression.js';
import { compileEventStage } from './compile-event-stage.js';
import type { Dialect, SqlValue } from './dialect.js';
import { duckdbDialect } from './duckdb-dialect.js';
import type { SearchSchema } from './search-schema.js';
import { SqlParams } from './sql-params.js';
import { SqlScope, asNumber, asText } from './sql-scope.js';
import type { RowColumn, SqlContext, SqlType } from './sql-scope.js';

interface OrderTerm {
  readonly expr: string;
  readonly desc: boolean;
  /** Missing values sort last; a reversed order (tail) puts them first. */
  readonly nullsFirst?: boolean;
}

/** How the final row becomes an event or an aggregate row (see search/sql-row.ts). */
export type SqlOutput =
  | { readonly kind: 'events'; readonly only: readonly string[] | null; readonly overrides: readonly (readonly [string, string | null])[] }
  | { readonly kind: 'rows'; readonly columns: readonly (readonly [string, string])[] };

export interface CompiledPipeline {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  /** How many stages the SQL runs; the rest are for the evaluator. */
  readonly consumed: number;
  readonly output: SqlOutput;
  /** True while the stream is still events in time order (no sort, head, tail or aggregate yet). */
  readonly defaultOrder: boolean;
  /** Whether each row carries GROUP_CUT_COLUMN: a groupBy with a limit ran in this SQL. See groupCutOfRows. */
  readonly groupCutColumn: boolean;
}

/**
 * The column of every row after a groupBy with a limit: the limit of a groupBy before it that
 * dropped groups (the largest, when several did), 0 when none did. NULL when an aggregate over no
 * rows (`| _count > 1000 | count()`) could not pass it on: unknown.
 */
export const GROUP_CUT_COLUMN = '__group_cut';

/** Whether a groupBy dropped groups over its limit: the limit, null when none did, or unknown (see groupCutOfRows). */
export type GroupCut = number | null | 'unknown';

export interface PipelineSqlOptions {
  readonly start?: number;
  readonly end?: number;
  /** Most rows of the statement; null for all of them in no particular order (see compilePipeline). */
  readonly limit: number | null;
  /** Events in time order (oldest first) for the evaluator to continue, rather than newest first. */
  readonly asStream: boolean;
}

export function compilePipelineSql(pipeline: SearchPipelineIR, ctx: SqlContext, options: PipelineSqlOptions): CompiledPipeline {
  const { dialect, schema, params } = ctx;
  const time = dialect.quoteIdentifier(schema.timeColumn);
  const id = dialect.quoteIdentifier(schema.idColumn);
  let from = dialect.quoteIdentifier(schema.table);
  let where: string[] = [];
  // Time bounds first: the engine prunes row groups on them. BigInt binds as BIGINT, the column type.
  if (options.start !== undefined) where.push(`${time} >= ${params.add(BigInt(options.start))}`);
  if (options.end !== undefined) where.push(`${time} < ${params.add(BigInt(options.end))}`);
  let order: OrderTerm[] = [{ expr: time, desc: false }, { expr: id, desc: false }];
  let limit: number | null = null;
  let scope = new SqlScope(ctx, null);
  let defaultOrder = true;
  let aliases = 0;
  // Whether the relation has GROUP_CUT_COLUMN: from a groupBy with a limit on, every stage that
  // projects named columns (table, aggregates, the series limit, the final SELECT) keeps it.
  let cutCarried = false;
  const q = (name: string): string => dialect.quoteIdentifier(name);

  const orderSql = (terms: readonly OrderTerm[]): string => terms.map((t) => `${t.expr} ${t.desc ? 'DESC' : 'ASC'} NULLS ${t.nullsFirst === true ? 'FIRST' : 'LAST'}`).join(', ');
  const reversed = (terms: readonly OrderTerm[]): OrderTerm[] => terms.map((t) => ({ expr: t.expr, desc: !t.desc, nullsFirst: t.nullsFirst !== true }));
  const whereSql = (): string => (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`);
  const orderBy = (terms: readonly OrderTerm[]): string => (terms.length === 0 ? '' : ` ORDER BY ${orderSql(terms)}`);
  const layer = (select = '*'): string => `SELECT ${select} FROM ${from}${whereSql()}${limit === null ? '' : `${orderBy(order)} LIMIT ${params.add(limit)}`}`;
  const wrap = (sql: string): void => {
    from = `(${sql}) AS ${dialect.quoteIdentifier(`t${aliases++}`)}`;
    where = [];
    limit = null;
  };
  const wrapIfLimited = (): void => {
    if (limit !== null) wrap(layer());
  };

  const apply = (stage: SearchStageIR): void => {
    switch (stage.kind) {
      case 'event': {
        const condition = compileEventStage(stage.stage, scope, ctx);
        if (condition !== null) {
          wrapIfLimited();
          where.push(condition);
        }
        return;
      }
      case 'sort': {
        wrapIfLimited();
        const terms = stage.keys.flatMap((key): OrderTerm[] => {
          const value = scope.resolve(key.field);
          const desc = key.order === 'desc';
          return value.type === 'number' ? [{ expr: value.sql, desc }] : [{ expr: asNumber(value, dialect), desc }, { expr: asText(value, dialect), desc }];
        });
        order = [...terms, ...order];
        limit = stage.limit;
        defaultOrder = false;
        return;
      }
      case 'head':
        wrapIfLimited();
        limit = stage.limit;
        defaultOrder = false;
        return;
      case 'tail': {
        wrapIfLimited();
        const forward = order;
        order = reversed(forward);
        limit = stage.limit;
        wrap(layer());
        order = forward;
        defaultOrder = false;
        return;
      }
      case 'table': {
        wrapIfLimited();
        if (defaultOrder) order = [{ expr: time, desc: true }, { expr: id, desc: true }];
        const columns = new Map<string, RowColumn>();
        const select = stage.fields.map((field, i) => {
          const value = scope.resolve(field);
          const column: RowColumn = { type: value.type === 'number' ? 'number' : 'text', column: `f${i}` };
          columns.set(field, column);
          return `${column.type === 'number' ? value.sql : asText(value, dialect)} AS ${q(column.column)}`;
        });
        const ordinal = q('__ord');
        const position = order.length === 0 ? 'ROW_NUMBER() OVER ()' : dialect.rowNumber(orderSql(order));
        const carried = cutCarried ? [q(GROUP_CUT_COLUMN)] : [];
        wrap(`SELECT ${[...select, ...carried, `${position} AS ${ordinal}`].join(', ')} FROM ${from}${whereSql()}`);
        where = [`${ordinal} <= ${params.add(stage.limit)}`];
        order = [{ expr: ordinal, desc: false }];
        scope = new SqlScope(ctx, columns);
        defaultOrder = false;
        return;
      }
      case 'aggregate': {
        // Each key and aggregate input is computed once, in a projection under the GROUP BY: written
        // out in SELECT, WHERE and GROUP BY instead, the engine evaluated a JSON field up to three times.
        const inner = new InnerColumns(dialect);
        const keys: { name: string; sql: string; type: SqlType }[] = [];
        if (stage.bucketSpan !== null) {
          const span = params.add(BigInt(stage.bucketSpan));
          const stamp = scope.resolve('@timestamp');
          // The time column itself is a 64-bit integer (search-schema.ts); anything else may be a double.
          const bucket = dialect.timeBucket(asNumber(stamp, dialect), span, stamp.sql === time);
          keys.push({ name: BUCKET_FIELD, sql: inner.key(bucket), type: 'number' });
        }
        for (const field of stage.groupBy) keys.push({ name: field, sql: inner.key(asText(scope.resolve(field), dialect)), type: 'text' });
        const outputs = [...keys, ...stage.functions.map((fn) => ({ name: fn.as, sql: aggregateSql(fn, scope, ctx, inner), type: 'number' as const }))].map((o, i) => ({ ...o, column: `f${i}` }));
        // The cut an earlier groupBy made, passed on: the largest over the rows of each group.
        const cutBefore = cutCarried ? dialect.max(inner.input('cut', () => q(GROUP_CUT_COLUMN))) : null;
        const columns = new Map<string, RowColumn>(outputs.map((o) => [o.name, { type: o.type, column: o.column }]));
        const source = `(${layer(inner.selectList())}) AS ${q(`t${aliases++}`)}`;
        const groupOrder: OrderTerm[] = outputs.slice(0, keys.length).map((k) => ({ expr: q(k.column), desc: false }));
        const count = columns.get('_count');
        const rowOrder = stage.byCountDesc && count !== undefined ? [{ expr: q(count.column), desc: true }, ...groupOrder] : groupOrder;
        const select = outputs.map((o) => `${o.sql} AS ${q(o.column)}`).join(', ');
        const groupBy = keys.length === 0 ? '' : ` GROUP BY ${keys.map((k) => k.sql).join(', ')}`;
        // Groups whose key is missing are dropped. Not with `WHERE key IS NOT NULL`: the engine pushes
        // that below the projection and computes the key a second time (DuckDB 1.5). A group's key is
        // NULL exactly when none of its rows has one, which a filter on COUNT(key) says after grouping.
        const present = keys.length === 0 ? '' : ` HAVING ${keys.map((k) => `${dialect.count(k.sql, false)} > 0`).join(' AND ')}`;
        const groups = `FROM ${source}${groupBy}${present}`;
        const passed = cutBefore === null ? '' : `, ${cutBefore} AS ${q(GROUP_CUT_COLUMN)}`;
        if (stage.limit === null) {
          from = `(SELECT ${select}${passed} ${groups}) AS ${q(`t${aliases++}`)}`;
        } else if (stage.byCountDesc) {
          // top(): its first N by count are the answer it asks for.
          from = `(SELECT ${select}${passed} ${groups}${orderBy(rowOrder)} LIMIT ${params.add(stage.limit)}) AS ${q(`t${aliases++}`)}`;
        } else {
          from = groupLimitCut(select, outputs.map((o) => o.column), cutBefore, groups, stage.limit, rowOrder);
          cutCarried = true;
        }
        if (stage.seriesLimit !== null && stage.groupBy.length > 0) {
          const column = (name: string): string => columns.get(name)?.column ?? name;
          const names = [...outputs.map((o) => o.column), ...(cutCarried ? [GROUP_CUT_COLUMN] : [])];
          from = topSeries(from, names, stage.groupBy.map(column), stage.functions.map((fn) => column(fn.as)), stage.seriesLimit);
        }
        where = [];
        limit = null;
        order = rowOrder;
        scope = new SqlScope(ctx, columns);
        defaultOrder = false;
        return;
      }
      default:
        assertNever(stage);
    }
  };

  /**
   * groupBy's limit: the first `limit` groups by value (LogScale), each row carrying in
   * GROUP_CUT_COLUMN whether groups were dropped here (the limit) or before (`cutBefore`), else 0.
   * The groups are computed once (a CTE read twice, which the engine materialises) and sorted by value
   * only when there are more than `limit` of them: otherwise the branch that sorts reads no rows.
   * Sorting every group regardless cost `groupBy(source.ip) | sort(_count, limit=10)` over 24 h of
   * bench:search 34 ms of CPU against 28 ms.
   */
  const groupLimitCut = (select: string, columns: readonly string[], cutBefore: string | null, grouping: string, limit: number, rowOrder: readonly OrderTerm[]): string => {
    const [groups, total, before, cut, cap] = [q(`t${aliases++}`), q('__group_total'), q('__group_cut_before'), q(GROUP_CUT_COLUMN), params.add(limit)];
    const list = columns.map(q).join(', ');
    const counted = `SELECT ${select}, ${dialect.toInteger(cutBefore ?? '0')} AS ${before}, COUNT(*) OVER () AS ${total} ${grouping}`;
    const fits = `SELECT ${list}, ${before} AS ${cut} FROM ${groups} WHERE ${total} <= ${cap}`;
    const kept = `SELECT * FROM ${groups} WHERE ${total} > ${cap}${orderBy(rowOrder)} LIMIT ${cap}`;
    const dropped = `SELECT ${list}, (CASE WHEN ${before} > ${cap} THEN ${before} ELSE ${dialect.toInteger(cap)} END) AS ${cut} FROM (${kept}) AS ${q(`t${aliases++}`)}`;
    return `(WITH ${groups} AS (${counted}) ${fits} UNION ALL ${dropped}) AS ${q(`t${aliases++}`)}`;
  };

  /**
   * Keeps the rows of the `limit` series that score highest (ir/search-ir.ts): each row learns its
   * series' score (a window over the series), then the series' rank by score and series values.
   */
  const topSeries = (relation: string, names: readonly string[], series: readonly string[], outputs: readonly string[], limit: number): string => {
    const [score, rank] = [q('__series_score'), q('__series_rank')];
    const list = names.map(q).join(', ');
    const partition = series.map(q).join(', ');
    const scored = `SELECT ${list}, ${dialect.maxOver(dialect.greatest(outputs.map(q)), partition)} AS ${score} FROM ${relation}`;
    const ranking = `${score} DESC NULLS LAST, ${series.map((f) => `${q(f)} ASC NULLS LAST`).join(', ')}`;
    const ranked = `SELECT ${list}, ${dialect.denseRank(ranking)} AS ${rank} FROM (${scored}) AS ${q(`t${aliases++}`)}`;
    return `(SELECT ${list} FROM (${ranked}) AS ${q(`t${aliases++}`)} WHERE ${rank} <= ${params.add(limit)}) AS ${q(`t${aliases++}`)}`;
  };

  let consumed = 0;
  for (const stage of pipeline) {
    // A stage that is not SQL-able may have added to the scope before failing; undo by snapshot.
    const snapshot = { overrides: new Map(scope.overrides), only: scope.only, params: params.mark() };
    try {
      apply(stage);
    } catch (error) {
      if (!(error instanceof NotSqlable)) throw error;
      scope.overrides.clear();
      for (const [k, v] of snapshot.overrides) scope.overrides.set(k, v);
      scope.only = snapshot.only;
      params.truncate(snapshot.params);
      break;
    }
    consumed++;
  }

  wrapIfLimited();
  if (defaultOrder && !options.asStream) order = [{ expr: time, desc: true }, { expr: id, desc: true }];
  const tail = options.limit === null ? whereSql() : `${whereSql()}${orderBy(order)} LIMIT ${params.add(options.limit)}`;
  let output: SqlOutput;
  let select: string;
  if (scope.columns === null) {
    const overrides = [...scope.overrides].map(([field, value], i): readonly [string, string | null] => [field, value === null ? null : `__o${i}`]);
    const extra = [...scope.overrides.values()].flatMap((value, i) => (value === null ? [] : [`${value.type === 'number' ? value.sql : asText(value, dialect)} AS ${dialect.quoteIdentifier(`__o${i}`)}`]));
    select = ['*', ...extra].join(', ');
    output = { kind: 'events', only: scope.only === null ? null : [...scope.only], overrides };
  } else {
    const fields = scope.rowFields();
    const columns = fields.map((field, i): readonly [string, string] => [field, `__c${i}`]);
    select = fields.map((field, i) => {
      const value = scope.resolve(field);
      return `${value.type === 'number' ? value.sql : asText(value, dialect)} AS ${dialect.quoteIdentifier(`__c${i}`)}`;
    }).join(', ');
    if (select === '') select = 'NULL AS "__none"';
    if (cutCarried) select += `, ${q(GROUP_CUT_COLUMN)}`;
    output = { kind: 'rows', columns };
  }
  return Object.freeze({ ...params.finish(`SELECT ${select} FROM ${from}${tail}`), consumed, output, defaultOrder, groupCutColumn: scope.columns !== null && cutCarried });
}

/**
 * Whether a groupBy of the SQL dropped groups over its limit, read off the engine's rows: 'unknown'
 * when no row (or only a row of an aggregate over none) came back to tell.
 */
export function groupCutOfRows(compiled: CompiledPipeline, rows: readonly Readonly<Record<string, unknown>>[]): GroupCut {
  if (!compiled.groupCutColumn) return null;
  const cut = rows[0]?.[GROUP_CUT_COLUMN];
  if (cut === undefined || cut === null) return 'unknown';
  return Number(cut) > 0 ? Number(cut) : null;
}

export interface PipelineOptions {
  /** Inclusive lower and exclusive upper time bound, epoch ms. */
  readonly start?: number;
  readonly end?: number;
  /** Most rows, in the pipeline's order (newest first while it has none); null for every row, unordered. */
  readonly limit: number | null;
  readonly dialect?: Dialect;
}

/**
 * A checked pipeline → one statement for its SQL-able prefix, for callers that use what the query
 * lists inside their own SQL (the histogram counts its events per bucket, field statistics unpivot a
 * sample of them). `consumed` < `pipeline.length` means the rest needs the evaluator. With
 * `limit: null` no ORDER BY or LIMIT ends the statement (the stages' own limits still apply).
 */
export function compilePipeline(pipeline: SearchPipelineIR, schema: SearchSchema, options: PipelineOptions): CompiledPipeline {
  const dialect = options.dialect ?? duckdbDialect;
  const bounds = { ...(options.start === undefined ? {} : { start: options.start }), ...(options.end === undefined ? {} : { end: options.end }) };
  return compilePipelineSql(pipeline, { dialect, schema, params: new SqlParams(dialect) }, { ...bounds, limit: options.limit, asStream: false });
}

/**
 * The columns of the projection under a GROUP BY: keys (`__k0`, …) and aggregate inputs (`__a0`, …),
 * an input used twice (avg's sum and count, the same field in two functions) computed once.
 */
class InnerColumns {
  private readonly keys: string[] = [];
  private readonly inputs = new Map<string, { readonly name: string; readonly sql: string }>();

  constructor(private readonly dialect: SqlContext['dialect']) {}

  key(sql: string): string {
    this.keys.push(sql);
    return this.dialect.quoteIdentifier(`__k${this.keys.length - 1}`);
  }

  /** The column of an input, by what it reads (`number:x`, `text:x`): each resolves to new parameters, so SQL text would not match. */
  input(what: string, compile: () => string): string {
    let input = this.inputs.get(what);
    if (input === undefined) {
      input = { name: this.dialect.quoteIdentifier(`__a${this.inputs.size}`), sql: compile() };
      this.inputs.set(what, input);
    }
    return input.name;
  }

  /** The SELECT list; a constant column when the aggregates need none (`count()` alone). */
  selectList(): string {
    const q = (name: string): string => this.dialect.quoteIdentifier(name);
    const list = [...this.keys.map((sql, i) => `${sql} AS ${q(`__k${i}`)}`), ...[...this.inputs.values()].map(({ name, sql }) => `${sql} AS ${name}`)];
    return list.length === 0 ? `TRUE AS ${q('__row')}` : list.join(', ');
  }
}

function aggregateSql(fn: AggregateFn, scope: SqlScope, ctx: SqlContext, inner: InnerColumns): string {
  const { dialect } = ctx;
  const number = (field: string): string => inner.input(`number:${field}`, () => asNumber(scope.resolve(field), dialect));
  const text = (field: string): string => inner.input(`text:${field}`, () => asText(scope.resolve(field), dialect));
  switch (fn.kind) {
    case 'count':
      return fn.field === null ? dialect.countAll() : dialect.count(text(fn.field), fn.distinct);
    case 'sum':
      return dialect.sum(number(fn.field));
    case 'avg': {
      // sum/count rather than AVG: the same arithmetic as the evaluator, so the same digits.
      const n = number(fn.field);
      return `(${dialect.sum(n)} / ${dialect.count(n, false)})`;
    }
    case 'min':
      return dialect.min(number(fn.field));
    case 'max':
      return dialect.max(number(fn.field));
    case 'percentile':
      // p / 100 in JavaScript, bound as a double: the evaluator multiplies the same double.
      return dialect.percentile(number(fn.field), ctx.params.add(fn.percentile / 100));
    default:
      return assertNever(fn);
  }
}
