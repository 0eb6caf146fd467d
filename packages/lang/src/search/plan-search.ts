/**
 * The public entry for pipeline searches: query → checked search IR → one SQL statement for the
 * SQL-able prefix, and the stages left for the evaluator. `finishSearch` turns the engine's rows into
 * the result, running the rest in the evaluator over at most `rowCap` streamed rows (the cap is
 * reported, never silent).
 */
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import { isAggregatePipeline } from '../ir/search-ir.js';
import type { SearchPipelineIR, SearchStageIR } from '../ir/search-ir.js';
import { compilePipelineSql, groupCutOfRows } from '../sql/compile-pipeline.js';
import type { CompiledPipeline, GroupCut } from '../sql/compile-pipeline.js';
import type { Dialect } from '../sql/dialect.js';
import { duckdbDialect } from '../sql/duckdb-dialect.js';
import type { SearchSchema } from '../sql/search-schema.js';
import { SqlParams } from '../sql/sql-params.js';
import { checkSearch } from './check-search.js';
import { runSearchStages } from './run-search-stages.js';
import type { SearchStreamOutput } from './run-search-stages.js';
import { resultFromRow } from './sql-row.js';
import type { ResultRow } from './sql-row.js';

/** Rows streamed from the engine into the evaluator at most, by default. */
export const DEFAULT_ROW_CAP = 100_000;

export interface SearchPlanOptions {
  /** Inclusive lower and exclusive upper time bound, epoch ms. */
  readonly start?: number;
  readonly end?: number;
  /** Most results returned; one more is fetched to tell whether the answer was cut. */
  readonly limit: number;
  readonly rowCap?: number;
  readonly dialect?: Dialect;
}

export interface SearchPlan {
  readonly ir: SearchPipelineIR;
  readonly compiled: CompiledPipeline;
  /** Stages the evaluator runs after the SQL. */
  readonly rest: readonly SearchStageIR[];
  readonly isAggregate: boolean;
  readonly limit: number;
  readonly rowCap: number;
  /**
   * For groupCutOf, when the answer's rows cannot tell whether a groupBy dropped groups: one
   * statement per groupBy with a limit in the SQL, the pipeline up to it, whose rows (if any) say.
   */
  readonly groupChecks: readonly CompiledPipeline[];
}

export interface SearchOutcome {
  readonly results: ResultRow[];
  /** More results than `limit`. */
  readonly truncated: boolean;
  /** The evaluator saw only the first `rowCap` rows of the engine's answer. */
  readonly rowCapReached: boolean;
  /** Field names in column order (aggregates); for events, every field seen. */
  readonly fieldNames: string[];
  /**
   * The limit of a groupBy that dropped groups over it, so that later stages saw only some; null when
   * none did; 'unknown' when the SQL's rows could not tell (groupCutOf asks the engine).
   */
  readonly groupCut: GroupCut;
}

/** Throws QuerySyntaxError (the first diagnostic, with its position) for a bad query. */
export function planSearch(query: string, schema: SearchSchema, options: SearchPlanOptions): SearchPlan {
  const checked = checkSearch(query, bounds(options));
  if (!checked.ok) {
    const [first] = checked.diagnostics;
    if (first === undefined) throw new Error('a failed check has diagnostics');
    throw new QuerySyntaxError(first.code, first.message, query, first.start, first.end);
  }
  return planSearchIr(checked.ir, schema, options);
}

export function planSearchIr(ir: SearchPipelineIR, schema: SearchSchema, options: SearchPlanOptions): SearchPlan {
  const dialect = options.dialect ?? duckdbDialect;
  const rowCap = options.rowCap ?? DEFAULT_ROW_CAP;
  const params = new SqlParams(dialect);
  // Compile once to learn where SQL stops; then the statement's LIMIT is the result limit (all in
  // SQL) or the row cap (the evaluator continues on a stream in time order).
  const probe = compilePipelineSql(ir, { dialect, schema, params }, { ...bounds(options), limit: options.limit + 1, asStream: false });
  const compiled =
    probe.consumed === ir.length
      ? probe
      : compilePipelineSql(ir, { dialect, schema, params: new SqlParams(dialect) }, { ...bounds(options), limit: rowCap + 1, asStream: true });
  const groupChecks = ir.slice(0, compiled.consumed).flatMap((stage, i) =>
    stage.kind === 'aggregate' && stage.limit !== null && !stage.byCountDesc
      ? [compilePipelineSql(ir.slice(0, i + 1), { dialect, schema, params: new SqlParams(dialect) }, { ...bounds(options), limit: 1, asStream: false })]
      : [],
  );
  return Object.freeze({ ir, compiled, rest: ir.slice(compiled.consumed), isAggregate: isAggregatePipeline(ir), limit: options.limit, rowCap, groupChecks });
}

function bounds(options: SearchPlanOptions): { start?: number; end?: number } {
  return { ...(options.start === undefined ? {} : { start: options.start }), ...(options.end === undefined ? {} : { end: options.end }) };
}

export function finishSearch(plan: SearchPlan, rows: readonly Readonly<Record<string, unknown>>[], schema: SearchSchema): SearchOutcome {
  const converted = rows.map((row) => resultFromRow(row, plan.compiled.output, schema));
  const sqlCut = groupCutOfRows(plan.compiled, rows);
  if (plan.rest.length === 0) return finish(converted, plan, false, sqlCut);
  const rowCapReached = converted.length > plan.rowCap;
  const events = converted.slice(0, plan.rowCap).map((r) => ({ fields: new Map(Object.entries(r)) }));
  const out = runSearchStages(plan.rest, { events, defaultOrder: plan.compiled.defaultOrder });
  // A cut the evaluator saw is enough to say so; the SQL's, if unknown, is for groupCutOf to settle.
  const cut = out.groupCut === null ? sqlCut : sqlCut === 'unknown' || sqlCut === null ? out.groupCut : Math.max(sqlCut, out.groupCut);
  return finish(ordered(out), plan, rowCapReached, cut);
}

/** The rows of one statement, as the caller runs it (maxRows: most rows wanted). */
export type EngineRows = (sql: string, params: readonly unknown[], maxRows: number) => Promise<readonly Readonly<Record<string, unknown>>[]>;

/**
 * The outcome's groupCut, settled: when the answer's rows could not tell (a filter after the groupBy
 * left none, `groupBy(x, limit=10) | _count > 100`), the plan's groupChecks ask the engine. That runs
 * the groupBys a second time, only for answers without rows.
 */
export async function groupCutOf(plan: SearchPlan, outcome: SearchOutcome, run: EngineRows): Promise<number | null> {
  if (outcome.groupCut !== 'unknown') return outcome.groupCut;
  let cut: number | null = null;
  for (const check of plan.groupChecks) {
    const found = groupCutOfRows(check, await run(check.sql, check.params, 1));
    if (typeof found === 'number') cut = Math.max(cut ?? 0, found);
  }
  return cut;
}

/** The evaluator alone over events in time order (the reference for conformance tests). */
export function evaluateSearch(ir: SearchPipelineIR, events: readonly ResultRow[], limit: number): SearchOutcome {
  const stream = runSearchStages(ir, { events: events.map((r) => ({ fields: new Map(Object.entries(r)) })), defaultOrder: true });
  return finish(ordered(stream), { isAggregate: isAggregatePipeline(ir), limit }, false, stream.groupCut);
}

/** Unordered events are shown newest first, as filter-only searches always were. */
function ordered(stream: SearchStreamOutput): ResultRow[] {
  const rows = stream.events.map((e) => Object.fromEntries(e.fields));
  return stream.defaultOrder ? rows.reverse() : rows;
}

function finish(results: ResultRow[], plan: { readonly isAggregate: boolean; readonly limit: number }, rowCapReached: boolean, groupCut: GroupCut): SearchOutcome {
  const truncated = results.length > plan.limit;
  const kept = truncated ? results.slice(0, plan.limit) : results;
  const names = new Set<string>();
  for (const row of kept) for (const key of Object.keys(row)) names.add(key);
  return { results: kept, truncated, rowCapReached, fieldNames: [...names], groupCut };
}
