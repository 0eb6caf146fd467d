/**
 * The check phase: syntax tree → IR, collecting diagnostics. It resolves every function against the
 * registry (unknown names and arguments get a "did you mean"), binds arguments to parameters with
 * their defaults, checks types and enum values, compiles regexes, refuses aggregates in parsers, and
 * desugars `x := fn(…)` (fn's `as=x`) and `f =~ fn(…)` (fn's `field=f`).
 */
import type { ErrorCode } from '../errors/error-codes.js';
import { toWildcardPattern } from '../ir/filter-ir.js';
import { toJsRegex } from '../ir/js-regex.js';
import type { ArgIR, BoundArgs, ConditionIR, MatchTestIR, PipelineIR, StageIR, ValueIR } from '../ir/script-ir.js';
import type { ArgumentNode, CallNode, ExprNode, MatchPatternNode, PipelineNode, ScriptFilterNode, StageNode } from '../syntax/script-ast.js';
import { diagnostic } from './diagnostic.js';
import type { Diagnostic } from './diagnostic.js';
import { didYouMean } from './did-you-mean.js';
import { FUNCTION_SPECS, findFunction } from './function-registry.js';
import type { FunctionSpec, ParamSpec } from './function-spec.js';

export interface CheckResult {
  readonly ir: PipelineIR;
  readonly diagnostics: readonly Diagnostic[];
}

/** Thrown inside the checker to abandon one stage; the stage's diagnostic is already recorded. */
class StageFailed extends Error {}

type CallContext = 'stage' | 'filter' | 'expression';

/**
 * `parser` (the default) refuses aggregates: a parser sees one event at a time. `search` allows them
 * as stages and inside other calls' arguments (groupBy(function=count())); where an aggregate may
 * stand is then the search lowering's concern (ir/lower-search.ts).
 */
export type CheckMode = 'parser' | 'search';

export function checkScript(pipeline: PipelineNode, text: string, mode: CheckMode = 'parser'): CheckResult {
  const checker = new Checker(text, mode);
  const ir = checker.pipeline(pipeline);
  return { ir: deepFreeze(ir), diagnostics: Object.freeze(checker.diagnostics) };
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly mode: CheckMode = 'parser',
  ) {}

  pipeline(node: PipelineNode): PipelineIR {
    const stages: StageIR[] = [];
    for (const stage of node.stages) {
      try {
        stages.push(this.stage(stage));
      } catch (error) {
        if (!(error instanceof StageFailed)) throw error;
      }
    }
    return stages;
  }

  private stage(node: StageNode): StageIR {
    switch (node.kind) {
      case 'filterStage':
        if (node.filter.kind === 'call') {
          const { spec, args } = this.call(node.filter, 'stage');
          return { kind: 'call', fn: spec.name, args };
        }
        return { kind: 'filter', condition: this.condition(node.filter) };
      case 'assignStage': {
        if (node.value.kind === 'call') {
          const spec = this.spec(node.value);
          // `x := fn(…)` is fn(…, as=x) for functions that write a field rather than return a value.
          if (spec.output !== 'value' && spec.output !== 'filter' && spec.params.some((p) => p.name === 'as')) {
            if (node.value.args.some((a) => a.name === 'as')) this.fail('INVALID_ARGUMENT', `'${node.field} :=' already names the output; remove as=`, node.value.start, node.value.end);
            const { args } = this.call(node.value, 'stage', { as: { kind: 'string', value: node.field } });
            return { kind: 'call', fn: spec.name, args };
          }
        }
        return { kind: 'assign', field: node.field, value: this.value(node.value) };
      }
      case 'fieldCallStage': {
        const spec = this.spec(node.call);
        const fieldParam = spec.params.find((p) => p.name === 'field');
        if (fieldParam === undefined) this.fail('INVALID_ARGUMENT', `${spec.name}() has no field parameter, so it cannot follow =~`, node.call.start, node.call.nameEnd);
        const { args } = this.call(node.call, 'stage', { field: fieldArg(fieldParam, node.field) });
        return { kind: 'call', fn: spec.name, args };
      }
      case 'caseStage':
        return { kind: 'case', branches: node.branches.map((b) => (b.pipeline === null ? null : this.pipeline(b.pipeline))) };
      case 'matchStage':
        return {
          kind: 'match',
          field: node.field,
          arms: node.arms.map((arm) => ({ test: this.matchTest(arm.pattern, node.field), pipeline: arm.pipeline === null ? null : this.pipeline(arm.pipeline) })),
        };
      default:
        return assertNeverNode(node);
    }
  }

  private matchTest(pattern: MatchPatternNode, field: string): MatchTestIR {
    switch (pattern.kind) {
      case 'any':
        return { kind: 'any' };
      case 'string':
        return { kind: 'equals', pattern: toWildcardPattern(pattern.value) };
      case 'regexLiteral':
        this.regex(pattern.pattern, pattern.flags, pattern.start, pattern.end);
        return { kind: 'regex', source: pattern.pattern, flags: pattern.flags };
      case 'call': {
        const spec = this.spec(pattern);
        const fieldParam = spec.params.find((p) => p.name === 'field');
        const preset: Record<string, ArgIR> = fieldParam === undefined ? {} : { field: fieldArg(fieldParam, field) };
        const { args } = this.call(pattern, 'filter', preset);
        return { kind: 'call', fn: spec.name, args };
      }
      default:
        return assertNeverNode(pattern);
    }
  }

  private condition(node: ScriptFilterNode): ConditionIR {
    switch (node.kind) {
      case 'scriptAnd':
      case 'scriptOr':
        return { kind: node.kind === 'scriptAnd' ? 'and' : 'or', operands: node.operands.map((o) => this.condition(o)) };
      case 'scriptNot':
        return { kind: 'not', operand: this.condition(node.operand) };
      case 'freeText': {
        const pattern = toWildcardPattern(node.pattern.text);
        return pattern.every((p) => p === '') ? { kind: 'all' } : { kind: 'text', pattern };
      }
      case 'regexFilter':
        this.regex(node.regex.pattern, node.regex.flags, node.start, node.end);
        return { kind: 'regex', field: '@rawstring', source: node.regex.pattern, flags: node.regex.flags };
      case 'comparisonFilter':
        return { kind: 'compare', field: node.field.name, op: node.operator, value: node.value.value };
      case 'equalityFilter': {
        const field = node.field.name;
        let positive: ConditionIR;
        if (node.value.kind === 'regex') {
          this.regex(node.value.pattern, node.value.flags, node.value.start, node.value.end);
          positive = { kind: 'regex', field, source: node.value.pattern, flags: node.value.flags };
        } else {
          const pattern = toWildcardPattern(node.value.text);
          positive = pattern.length > 1 && pattern.every((p) => p === '') ? { kind: 'exists', field } : { kind: 'equals', field, pattern };
        }
        return node.operator === '!=' ? { kind: 'not', operand: positive } : positive;
      }
      case 'call': {
        const { spec, args } = this.call(node, 'filter');
        return { kind: 'call', fn: spec.name, args };
      }
      default:
        return assertNeverNode(node);
    }
  }

  value(node: ExprNode): ValueIR {
    switch (node.kind) {
      case 'string':
        return { kind: 'literal', value: node.value };
      case 'number':
        return { kind: 'literal', value: node.text };
      case 'field':
        return { kind: 'field', name: node.name };
      case 'regexLiteral':
        return this.fail('INVALID_ARGUMENT', 'A /regex/ is not a value here', node.start, node.end);
      case 'array':
        return this.fail('INVALID_ARGUMENT', 'An [array] is not a value here; it is only allowed as a function argument', node.start, node.end);
      case 'unary':
        return node.operator === '-' ? { kind: 'negate', operand: this.value(node.operand) } : { kind: 'not', operand: this.value(node.operand) };
      case 'binary': {
        const left = this.value(node.left);
        const right = this.value(node.right);
        switch (node.operator) {
          case 'and':
          case 'or':
            return { kind: 'logical', op: node.operator, left, right };
          case '+':
          case '-':
          case '*':
          case '/':
          case '%':
            return { kind: 'arithmetic', op: node.operator, left, right };
          default:
            return { kind: 'compare', op: node.operator, left, right };
        }
      }
      case 'call': {
        const { spec, args } = this.call(node, 'expression');
        return { kind: 'call', fn: spec.name, args };
      }
      default:
        return assertNeverNode(node);
    }
  }

  private spec(call: CallNode): FunctionSpec {
    const spec = findFunction(call.name);
    if (spec === undefined) {
      const hint = didYouMean(call.name, FUNCTION_SPECS.map((s: FunctionSpec) => s.name));
      return this.fail('UNKNOWN_FUNCTION', `Unknown function '${call.name}()'${hint === undefined ? '' : `; did you mean '${hint}()'?`}`, call.start, call.nameEnd);
    }
    if (spec.output === 'aggregate' && this.mode === 'search') return spec;
    if (spec.output === 'aggregate') {
      return this.fail('AGGREGATE_IN_PARSER', `${spec.name}() is an aggregate function; a parser sees one event at a time, so it cannot aggregate`, call.start, call.nameEnd);
    }
    if (!spec.parserSafe) return this.fail('NOT_A_PARSER_FUNCTION', `${spec.name}() cannot run in a parser`, call.start, call.nameEnd);
    return spec;
  }

  private call(call: CallNode, context: CallContext, preset: Record<string, ArgIR> = {}): { spec: FunctionSpec; args: BoundArgs } {
    const spec = this.spec(call);
    if (context === 'expression' && spec.output !== 'value' && spec.output !== 'filter' && spec.output !== 'aggregate') {
      this.fail('NOT_AN_EXPRESSION', `${spec.name}() changes the event and cannot be used inside an expression; call it as a pipeline stage`, call.start, call.nameEnd);
    }
    if (context === 'filter' && spec.output === 'fanout') {
      this.fail('NOT_AN_EXPRESSION', `${spec.name}() produces several events; it must be a pipeline stage of its own`, call.start, call.nameEnd);
    }
    const args: Record<string, ArgIR> = { ...preset };
    if (spec.name === 'eval') return { spec, args: this.evalArgs(call) };
    const positional = spec.params.filter((p) => p.positional === true && !(p.name in preset));
    for (const arg of call.args) {
      let param: ParamSpec | undefined;
      if (arg.name === null) {
        param = positional.shift();
        if (param === undefined) this.fail('TOO_MANY_ARGUMENTS', `${spec.name}() takes no more unnamed arguments; name this one (${spec.params.map((p) => p.name).join(', ')})`, arg.start, arg.end);
      } else {
        param = spec.params.find((p) => p.name.toLowerCase() === arg.name?.toLowerCase());
        if (param === undefined) {
          const hint = didYouMean(arg.name, spec.params.map((p) => p.name));
          this.fail('UNKNOWN_ARGUMENT', `${spec.name}() has no parameter '${arg.name}'${hint === undefined ? '' : `; did you mean '${hint}'?`}`, arg.start, arg.nameEnd);
        }
        const index = positional.indexOf(param);
        if (index >= 0) positional.splice(index, 1);
      }
      if (param.name in args) this.fail('DUPLICATE_ARGUMENT', `${spec.name}() gets '${param.name}' twice`, arg.start, arg.end);
      args[param.name] = this.argument(spec, param, arg);
      if (param.type === 'regex' && arg.value.kind === 'regexLiteral' && arg.value.flags !== '' && call.args.every((a) => a.name !== 'flags')) {
        args.flags = { kind: 'string', value: arg.value.flags };
      }
    }
    for (const param of spec.params) {
      if (param.name in args) continue;
      if (param.default !== undefined) args[param.name] = defaultArg(param);
      else if (param.required === true) this.fail('MISSING_ARGUMENT', `${spec.name}() needs the '${param.name}' argument: ${param.description}`, call.start, call.end);
    }
    for (const param of spec.params) {
      const value = args[param.name];
      if (param.type === 'regex' && value?.kind === 'string') {
        const flags = args.flags;
        this.regex(value.value, flags?.kind === 'string' ? flags.value : '', call.start, call.end);
      }
    }
    return { spec, args };
  }

  private evalArgs(call: CallNode): BoundArgs {
    const items = call.args.map((arg) => {
      if (arg.name === null) return this.fail('INVALID_ARGUMENT', 'eval() takes assignments: eval(field = expression)', arg.start, arg.end);
      return { field: arg.name, value: this.value(arg.value) };
    });
    if (items.length === 0) this.fail('MISSING_ARGUMENT', 'eval() needs at least one assignment: eval(field = expression)', call.start, call.end);
    return { assignments: { kind: 'assignments', items } };
  }

  private argument(spec: FunctionSpec, param: ParamSpec, arg: ArgumentNode): ArgIR {
    const node = arg.value;
    const wrong = (expected: string): never =>
      this.fail('INVALID_ARGUMENT', `${spec.name}(${param.name}=…) expects ${expected}`, node.start, node.end);
    const scalar = (n: ExprNode): string | undefined =>
      n.kind === 'string' ? n.value : n.kind === 'field' ? n.name : n.kind === 'number' ? n.text : n.kind === 'unary' && n.operator === '-' && n.operand.kind === 'number' ? `-${n.operand.text}` : undefined;
    switch (param.type) {
      case 'field':
      case 'string': {
        const value = scalar(node);
        return value === undefined ? wrong(param.type === 'field' ? 'a field name' : 'a string') : { kind: 'string', value };
      }
      case 'regex':
        if (node.kind === 'regexLiteral') return { kind: 'string', value: node.pattern };
        return node.kind === 'string' ? { kind: 'string', value: node.value } : wrong('a "pattern" or /regex/');
      case 'number': {
        const text = scalar(node);
        const value = text === undefined ? Number.NaN : Number(text);
        return Number.isFinite(value) && node.kind !== 'field' ? { kind: 'number', value } : wrong('a number');
      }
      case 'boolean': {
        const value = scalar(node)?.toLowerCase();
        return value === 'true' || value === 'false' ? { kind: 'boolean', value: value === 'true' } : wrong('true or false');
      }
      case 'enum': {
        const value = scalar(node);
        const found = param.values?.find((v) => v.toLowerCase() === value?.toLowerCase());
        return found === undefined ? wrong(`one of ${(param.values ?? []).join(', ')}`) : { kind: 'string', value: found };
      }
      case 'fields':
      case 'strings': {
        const items = node.kind === 'array' ? node.items : [node];
        const values = items.map((item) => scalar(item) ?? wrong(param.type === 'fields' ? 'a field name or [list of field names]' : 'a string or [list of strings]'));
        return { kind: 'strings', values };
      }
      case 'value':
      case 'condition':
        return { kind: 'value', value: this.value(node) };
      case 'values':
        return { kind: 'values', values: (node.kind === 'array' ? node.items : [node]).map((item) => this.value(item)) };
      case 'assignments':
        return wrong('assignments');
      default:
        return assertNeverNode(param.type);
    }
  }

  private regex(source: string, flags: string, start: number, end: number): void {
    const result = toJsRegex(source, flags);
    if (!result.ok) this.fail(result.message.startsWith('Regex flag') ? 'INVALID_REGEX_FLAG' : 'INVALID_REGEX', result.message, start, end);
  }

  private fail(code: ErrorCode, message: string, start: number, end: number): never {
    this.diagnostics.push(diagnostic(code, message, this.text, start, end));
    throw new StageFailed(message);
  }
}

function fieldArg(param: ParamSpec, field: string): ArgIR {
  if (param.type === 'value' || param.type === 'condition') return { kind: 'value', value: { kind: 'field', name: field } };
  if (param.type === 'fields' || param.type === 'strings') return { kind: 'strings', values: [field] };
  if (param.type === 'values') return { kind: 'values', values: [{ kind: 'field', name: field }] };
  return { kind: 'string', value: field };
}

function defaultArg(param: ParamSpec): ArgIR {
  const value = param.default;
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'string') {
    if (param.type === 'value' || param.type === 'condition') return { kind: 'value', value: { kind: 'field', name: value } };
    return { kind: 'string', value };
  }
  return { kind: 'strings', values: value ?? [] };
}

function assertNeverNode(node: never): never {
  throw new Error(`unhandled node: ${JSON.stringify(node)}`);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
