/**
 * Parser-IR values and conditions → SQL, against a SqlScope, matching the evaluator
 * (eval/compile-value.ts, eval/compile-condition.ts, eval/functions/value-functions.ts) value for
 * value. What SQL cannot do the same way throws NotSqlable, and the pipeline compiler hands that stage
 * and everything after it to the evaluator.
 */
import { RAWSTRING_FIELD, assertNever, toWildcardPattern } from '../ir/filter-ir.js';
import { hasNamedGroups } from '../ir/js-regex.js';
import { toPortableRegex } from '../ir/portable-regex.js';
import type { ArgIR, BoundArgs, ConditionIR, ValueIR } from '../ir/script-ir.js';
import { parseSubnet } from '../eval/functions/cidr-match.js';
import { compileFormatSql, compileFormatTimeSql } from './compile-format.js';
import { toLikePattern } from './like-pattern.js';
import { NotSqlable } from './not-sqlable.js';
import { asBool, asNumber, asText } from './sql-scope.js';
import type { SqlContext, SqlExpr, SqlScope } from './sql-scope.js';

export { NotSqlable } from './not-sqlable.js';

const COMPARE_SQL = { '==': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const;

export function compileValueSql(value: ValueIR, scope: SqlScope, ctx: SqlContext): SqlExpr {
  const { dialect, params } = ctx;
  const sub = (v: ValueIR): SqlExpr => compileValueSql(v, scope, ctx);
  switch (value.kind) {
    case 'literal':
      return { sql: params.add(value.value), type: 'text' };
    case 'field':
      return scope.resolve(value.name);
    case 'call':
      return callValue(value.fn, value.args, scope, ctx);
    case 'arithmetic': {
      const a = asNumber(sub(value.left), dialect);
      const b = asNumber(sub(value.right), dialect);
      // The evaluator gives a missing value for x/0 and x%0; SQL engines differ, so say it here.
      if (value.op === '/' || value.op === '%') return { sql: `(CASE WHEN ${b} = 0 THEN NULL ELSE ${a} ${value.op} ${b} END)`, type: 'number' };
      return { sql: `(${a} ${value.op} ${b})`, type: 'number' };
    }
    case 'compare': {
      const left = sub(value.left);
      const right = sub(value.right);
      const op = COMPARE_SQL[value.op];
      const [na, nb] = [asNumber(left, dialect), asNumber(right, dialect)];
      const [ta, tb] = [asText(left, dialect), asText(right, dialect)];
      return { sql: `COALESCE(CASE WHEN ${na} IS NOT NULL AND ${nb} IS NOT NULL THEN ${na} ${op} ${nb} ELSE ${ta} ${op} ${tb} END, FALSE)`, type: 'bool' };
    }
    case 'logical':
      return { sql: `(${asBool(sub(value.left), dialect)} ${value.op === 'and' ? 'AND' : 'OR'} ${asBool(sub(value.right), dialect)})`, type: 'bool' };
    case 'not':
      return { sql: `(NOT ${asBool(sub(value.operand), dialect)})`, type: 'bool' };
    case 'negate':
      return { sql: `(- ${asNumber(sub(value.operand), dialect)})`, type: 'number' };
    default:
      return assertNever(value);
  }
}

function callValue(fn: string, args: BoundArgs, scope: SqlScope, ctx: SqlContext): SqlExpr {
  const { dialect } = ctx;
  const input = (): string => asText(compileValueSql(valueArg(args.field), scope, ctx), dialect);
  switch (fn) {
    case 'lower':
    case 'upper':
      // A locale changes the casing rules (Turkish i); only the evaluator knows them.
      if (args.locale !== undefined) throw new NotSqlable();
      return { sql: fn === 'lower' ? dialect.lower(input()) : dialect.upper(input()), type: 'text' };
    case 'length':
      return { sql: dialect.length(input()), type: 'number' };
    case 'format': {
      // Each placeholder's input is compiled only when the pattern itself is SQL-able.
      const inputs = args.field?.kind === 'values' ? args.field.values : [];
      if (args.timezone !== undefined) throw new NotSqlable();
      return compileFormatSql(stringArg(args.format), () => inputs.map((v) => compileValueSql(v, scope, ctx)), ctx);
    }
    case 'formatTime':
      return compileFormatTimeSql(args, scope, ctx);
    case 'if': {
      const condition = asBool(compileValueSql(valueArg(args.condition), scope, ctx), dialect);
      const then = asText(compileValueSql(valueArg(args.then), scope, ctx), dialect);
      const otherwise = asText(compileValueSql(valueArg(args.else), scope, ctx), dialect);
      return { sql: `(CASE WHEN ${condition} THEN ${then} ELSE ${otherwise} END)`, type: 'text' };
    }
    default:
      return { sql: callCondition(fn, args, scope, ctx), type: 'bool' };
  }
}

/** A two-valued SQL condition: a missing field never makes it NULL. */
export function compileConditionSql(condition: ConditionIR, scope: SqlScope, ctx: SqlContext, twoValued = true): string {
  const { dialect, params } = ctx;
  const text = (field: string): string => asText(scope.resolve(field), dialect);
  // Bare outside NOT in a WHERE clause, two-valued under NOT: see compile-filter.ts.
  const leaf = (test: string): string => (twoValued ? `COALESCE(${test}, FALSE)` : test);
  switch (condition.kind) {
    case 'all':
      return 'TRUE';
    case 'and':
    case 'or': {
      if (condition.operands.length === 0) return condition.kind === 'and' ? 'TRUE' : 'FALSE';
      return `(${condition.operands.map((o) => compileConditionSql(o, scope, ctx, twoValued)).join(condition.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      return `(NOT ${compileConditionSql(condition.operand, scope, ctx, true)})`;
    case 'text':
      return leaf(dialect.freeText(text(RAWSTRING_FIELD), params.add(dialect.freeTextValue(condition.pattern))));
    case 'exists':
      return `(${text(condition.field)} IS NOT NULL)`;
    case 'equals':
      return leaf(wildcardTest(text(condition.field), condition.pattern, false, ctx));
    case 'regex': {
      // Named groups extract fields, and some JS regexes have no RE2 form: the evaluator runs those.
      if (hasNamedGroups(condition.source)) throw new NotSqlable();
      const portable = toPortableRegex(condition.source, condition.flags);
      if (!portable.ok) throw new NotSqlable();
      return leaf(dialect.regexMatch(text(condition.field), params.add(dialect.regexValue(portable.regex))));
    }
    case 'compare':
      return leaf(`${asNumber(scope.resolve(condition.field), dialect)} ${condition.op} ${params.add(condition.value)}`);
    case 'call':
      return callCondition(condition.fn, condition.args, scope, ctx);
    default:
      return assertNever(condition);
  }
}

function callCondition(fn: string, args: BoundArgs, scope: SqlScope, ctx: SqlContext): string {
  const { dialect, params } = ctx;
  const field = (): string => asText(scope.resolve(stringArg(args.field)), dialect);
  const ignoreCase = args.ignoreCase?.kind === 'boolean' && args.ignoreCase.value;
  switch (fn) {
    case 'in': {
      const value = field();
      const values = args.values?.kind === 'strings' ? args.values.values : [];
      if (values.length === 0) return 'FALSE';
      const tests = values.map((v) => wildcardTest(value, toWildcardPattern(v), ignoreCase, ctx));
      return `COALESCE(${tests.join(' OR ')}, FALSE)`;
    }
    case 'wildcard':
      return `COALESCE(${wildcardTest(field(), toWildcardPattern(stringArg(args.pattern)), ignoreCase, ctx)}, FALSE)`;
    case 'cidr': {
      if (!dialect.capabilities.ipv4Arithmetic) throw new NotSqlable();
      // Unparseable subnets match nothing, as in the evaluator.
      const subnets = (args.subnet?.kind === 'strings' ? args.subnet.values : []).map(parseSubnet).filter((s) => s !== undefined);
      if (subnets.some((s) => s.v6)) throw new NotSqlable();
      const value = field();
      const ip = dialect.ipv4ToNumber(value);
      const inAny = subnets.length === 0 ? 'FALSE' : subnets.map((s) => {
        const hostBits = 32n - BigInt(s.mask.toString(2).replace(/0+$/, '').length);
        const divisor = 1n << hostBits;
        return `CAST(floor(${ip} / ${params.add(divisor)}) AS BIGINT) = ${params.add(s.base / divisor)}`;
      }).join(' OR ');
      const negate = args.negate?.kind === 'boolean' && args.negate.value;
      return `(${value} IS NOT NULL AND ${negate ? 'NOT ' : ''}COALESCE(${inAny}, FALSE))`;
    }
    case 'test':
      return asBool(compileValueSql(valueArg(args.expression), scope, ctx), dialect);
    default:
      throw new NotSqlable();
  }
}

/** Whole-value wildcard match (the evaluator's wildcardMatcher); NULL when the value is. */
function wildcardTest(value: string, pattern: readonly string[], ignoreCase: boolean, ctx: SqlContext): string {
  const { dialect, params } = ctx;
  const [only] = pattern;
  if (pattern.length === 1 && only !== undefined) {
    return ignoreCase ? `${dialect.lower(value)} = ${dialect.lower(params.add(only))}` : `${value} = ${params.add(only)}`;
  }
  const like = params.add(toLikePattern(pattern, dialect.likeEscape));
  return ignoreCase ? dialect.likeIgnoreCase(value, like) : dialect.like(value, like);
}

function stringArg(arg: ArgIR | undefined): string {
  if (arg?.kind !== 'string') throw new NotSqlable();
  return arg.value;
}

function valueArg(arg: ArgIR | undefined): ValueIR {
  if (arg?.kind !== 'value') throw new NotSqlable();
  return arg.value;
}
