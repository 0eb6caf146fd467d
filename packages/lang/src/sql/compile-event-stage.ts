/**
 * One per-event stage → changes to the SqlScope (field expressions) or a WHERE condition. Throws
 * NotSqlable for stages only the evaluator runs (parseJson, regex extraction, case, match, a format
 * pattern SQL cannot reproduce, …).
 */
import { assertNever } from '../ir/filter-ir.js';
import type { ArgIR, StageIR } from '../ir/script-ir.js';
import { NotSqlable, compileConditionSql, compileValueSql } from './compile-expression.js';
import { asText } from './sql-scope.js';
import type { SqlContext, SqlExpr, SqlScope } from './sql-scope.js';

/** Returns a condition to add to WHERE, or null when the stage only changed fields. */
export function compileEventStage(stage: StageIR, scope: SqlScope, ctx: SqlContext): string | null {
  switch (stage.kind) {
    case 'filter':
      // The condition goes into WHERE (compile-pipeline.ts), which needs no two-valued leaves outside NOT.
      return compileConditionSql(stage.condition, scope, ctx, false);
    case 'assign':
      scope.overrides.set(stage.field, compileValueSql(stage.value, scope, ctx));
      return null;
    case 'case':
    case 'match':
      throw new NotSqlable();
    case 'call':
      return compileCallStage(stage.fn, stage.args, scope, ctx);
    default:
      return assertNever(stage);
  }
}

function compileCallStage(fn: string, args: Readonly<Record<string, ArgIR>>, scope: SqlScope, ctx: SqlContext): string | null {
  const keepOld = (field: string, value: SqlExpr): SqlExpr => ({ sql: `COALESCE(${asText(value, ctx.dialect)}, ${asText(scope.resolve(field), ctx.dialect)})`, type: 'text' });
  switch (fn) {
    case 'eval': {
      if (args.assignments?.kind !== 'assignments') throw new NotSqlable();
      // Each assignment sees the ones before it, as in the evaluator.
      for (const item of args.assignments.items) scope.overrides.set(item.field, compileValueSql(item.value, scope, ctx));
      return null;
    }
    case 'lower':
    case 'upper':
    case 'length':
    case 'format':
    case 'formatTime': {
      // A value function as a stage writes its `as` field only when the value is present.
      const as = args.as?.kind === 'string' ? args.as.value : undefined;
      if (as === undefined) throw new NotSqlable();
      scope.overrides.set(as, keepOld(as, compileValueSql({ kind: 'call', fn, args }, scope, ctx)));
      return null;
    }
    case 'drop':
      for (const field of args.fields?.kind === 'strings' ? args.fields.values : []) scope.overrides.set(field, null);
      return null;
    case 'select':
      scope.select(args.fields?.kind === 'strings' ? args.fields.values : []);
      return null;
    case 'rename': {
      const from = args.field?.kind === 'string' ? args.field.value : undefined;
      const to = args.as?.kind === 'string' ? args.as.value : from;
      if (from === undefined || to === undefined) throw new NotSqlable();
      if (from === to) return null;
      // A missing source leaves the target as it was (the evaluator's rename).
      scope.overrides.set(to, keepOld(to, scope.resolve(from)));
      scope.overrides.set(from, null);
      return null;
    }
    case 'in':
    case 'wildcard':
    case 'cidr':
    case 'test':
      return compileConditionSql({ kind: 'call', fn, args }, scope, ctx);
    default:
      throw new NotSqlable();
  }
}
