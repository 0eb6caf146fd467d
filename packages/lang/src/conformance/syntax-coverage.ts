/**
 * What a set of queries exercises, read off their syntax trees: every function called (by its
 * registry name) and every operator form (stage forms, filter forms, expression operators, match
 * patterns). The coverage test compares these with the registry and with the operator tables below,
 * which are typed as exhaustive records: a new operator in the syntax is a compile error here until
 * it is listed, and then a test failure until a conformance case uses it.
 */
import { findFunction } from '../check/function-registry.js';
import type { ComparisonOperator, EqualityOperator } from '../syntax/ast.js';
import { parseScript } from '../syntax/parse-script.js';
import type { BinaryOperator, ExprNode, MatchPatternNode, PipelineNode, ScriptFilterNode, StageNode } from '../syntax/script-ast.js';

const keys = <K extends string>(record: Record<K, true>): string[] => Object.keys(record);

const STAGES: Record<StageNode['kind'], true> = { filterStage: true, assignStage: true, fieldCallStage: true, caseStage: true, matchStage: true };
const FILTERS: Record<ScriptFilterNode['kind'], true> = {
  equalityFilter: true, comparisonFilter: true, freeText: true, regexFilter: true, scriptAnd: true, scriptOr: true, scriptNot: true, call: true,
};
const EQUALITY: Record<EqualityOperator, true> = { '=': true, '!=': true };
const COMPARISONS: Record<ComparisonOperator, true> = { '<': true, '<=': true, '>': true, '>=': true };
const EXPRESSIONS: Record<ExprNode['kind'], true> = { string: true, number: true, field: true, regexLiteral: true, array: true, binary: true, unary: true, call: true };
const BINARY: Record<BinaryOperator, true> = {
  '+': true, '-': true, '*': true, '/': true, '%': true, '==': true, '!=': true, '<': true, '<=': true, '>': true, '>=': true, and: true, or: true,
};
const UNARY: Record<'-' | 'not', true> = { '-': true, not: true };
const MATCH_PATTERNS: Record<MatchPatternNode['kind'], true> = { string: true, regexLiteral: true, call: true, any: true };

/** Every operator form a conformance suite must exercise. */
export const OPERATOR_FORMS: readonly string[] = [
  ...keys(STAGES).map((k) => `stage ${k}`),
  ...keys(FILTERS).map((k) => `filter ${k}`),
  // `=`/`!=` with a value, a wildcard, `*` (exists) and a /regex/.
  ...keys(EQUALITY).flatMap((op) => ['value', 'wildcard', 'exists', 'regex'].map((v) => `field ${op} ${v}`)),
  ...keys(COMPARISONS).map((op) => `field ${op} number`),
  ...keys(EXPRESSIONS).map((k) => `expression ${k}`),
  ...keys(BINARY).map((op) => `binary ${op}`),
  ...keys(UNARY).map((op) => `unary ${op}`),
  ...keys(MATCH_PATTERNS).map((k) => `match ${k}`),
  'case *', 'match => *', '[aggregates] stage',
];

export interface Coverage {
  readonly functions: Set<string>;
  readonly operators: Set<string>;
}

export function coverageOf(queries: readonly string[]): Coverage {
  const coverage: Coverage = { functions: new Set(), operators: new Set() };
  for (const query of queries) pipeline(parseScript(query), coverage);
  return coverage;
}

function pipeline(node: PipelineNode, c: Coverage): void {
  for (const stage of node.stages) {
    c.operators.add(`stage ${stage.kind}`);
    switch (stage.kind) {
      case 'filterStage':
        // The `[count(), avg(x)]` shorthand parses to a stats() call spanning the bracket.
        if (stage.filter.kind === 'call' && stage.filter.name === 'stats' && stage.filter.nameEnd === stage.filter.start) c.operators.add('[aggregates] stage');
        filter(stage.filter, c);
        break;
      case 'assignStage':
        expression(stage.value, c);
        break;
      case 'fieldCallStage':
        call(stage.call, c);
        break;
      case 'caseStage':
        for (const branch of stage.branches) {
          if (branch.pipeline === null) c.operators.add('case *');
          else pipeline(branch.pipeline, c);
        }
        break;
      case 'matchStage':
        for (const arm of stage.arms) {
          c.operators.add(`match ${arm.pattern.kind}`);
          if (arm.pattern.kind === 'call') call(arm.pattern, c);
          if (arm.pipeline === null) c.operators.add('match => *');
          else pipeline(arm.pipeline, c);
        }
        break;
    }
  }
}

function filter(node: ScriptFilterNode, c: Coverage): void {
  c.operators.add(`filter ${node.kind}`);
  switch (node.kind) {
    case 'equalityFilter': {
      const value = node.value.kind === 'regex' ? 'regex' : /^\*+$/.test(node.value.text) ? 'exists' : node.value.text.includes('*') ? 'wildcard' : 'value';
      c.operators.add(`field ${node.operator} ${value}`);
      break;
    }
    case 'comparisonFilter':
      c.operators.add(`field ${node.operator} number`);
      break;
    case 'scriptAnd':
    case 'scriptOr':
      for (const operand of node.operands) filter(operand, c);
      break;
    case 'scriptNot':
      filter(node.operand, c);
      break;
    case 'call':
      call(node, c);
      break;
    default:
      break;
  }
}

function expression(node: ExprNode, c: Coverage): void {
  c.operators.add(`expression ${node.kind}`);
  switch (node.kind) {
    case 'binary':
      c.operators.add(`binary ${node.operator}`);
      expression(node.left, c);
      expression(node.right, c);
      break;
    case 'unary':
      c.operators.add(`unary ${node.operator}`);
      expression(node.operand, c);
      break;
    case 'array':
      for (const item of node.items) expression(item, c);
      break;
    case 'call':
      call(node, c);
      break;
    default:
      break;
  }
}

function call(node: Extract<ExprNode, { kind: 'call' }>, c: Coverage): void {
  c.functions.add(findFunction(node.name)?.name ?? node.name);
  for (const arg of node.args) expression(arg.value, c);
}
