/**
 * AST → IR. The one place that decides what each piece of syntax means (see filter-ir.ts for the
 * semantics); it also checks regexes for portability, so every back end receives runnable IR.
 */
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import type { FilterNode, QueryNode, RegexNode } from '../syntax/ast.js';
import { RAWSTRING_FIELD, isMatchAnything, toWildcardPattern } from './filter-ir.js';
import type { FilterIR, PortableRegex } from './filter-ir.js';
import { toPortableRegex } from './portable-regex.js';

const ALL: FilterIR = Object.freeze({ kind: 'all' });

/** Lowers a parsed query; `text` is the query source, for error positions. */
export function lowerQuery(query: QueryNode, text: string): FilterIR {
  return query.filter === null ? ALL : deepFreeze(lower(query.filter, text));
}

function lower(node: FilterNode, text: string): FilterIR {
  switch (node.kind) {
    case 'group':
      return lower(node.inner, text);
    case 'and':
    case 'or': {
      // Flatten a and (b and c) into one list: shallower trees, shorter SQL.
      const operands = node.operands.flatMap((operand) => {
        const lowered = lower(operand, text);
        return lowered.kind === node.kind ? lowered.operands : [lowered];
      });
      return { kind: node.kind, operands };
    }
    case 'not':
      return { kind: 'not', operand: lower(node.operand, text) };
    case 'freeText': {
      const pattern = toWildcardPattern(node.pattern.text);
      return isMatchAnything(pattern) || node.pattern.text === '' ? ALL : { kind: 'text', pattern };
    }
    case 'regexFilter':
      return { kind: 'regex', field: RAWSTRING_FIELD, regex: portable(node.regex, text) };
    case 'comparisonFilter':
      return { kind: 'compare', field: node.field.name, op: node.operator, value: node.value.value };
    case 'equalityFilter': {
      const field = node.field.name;
      let positive: FilterIR;
      if (node.value.kind === 'regex') {
        positive = { kind: 'regex', field, regex: portable(node.value, text) };
      } else {
        const pattern = toWildcardPattern(node.value.text);
        positive = isMatchAnything(pattern) ? { kind: 'exists', field } : { kind: 'equals', field, pattern };
      }
      // LogScale: a != filter is true for events without the field, i.e. exactly not(=).
      return node.operator === '!=' ? { kind: 'not', operand: positive } : positive;
    }
    default:
      return assertNeverNode(node);
  }
}

function portable(regex: RegexNode, text: string): PortableRegex {
  const result = toPortableRegex(regex.pattern, regex.flags);
  if (result.ok) return result.regex;
  // +1 skips the opening slash: offsets in the problem are relative to the pattern.
  const start = regex.start + 1 + result.problem.offset;
  throw new QuerySyntaxError(result.problem.code, result.problem.message, text, start, start + result.problem.length);
}

function assertNeverNode(node: never): never {
  throw new Error(`unhandled syntax node: ${JSON.stringify(node)}`);
}

function deepFreeze(ir: FilterIR): FilterIR {
  if (ir.kind === 'and' || ir.kind === 'or') ir.operands.forEach(deepFreeze);
  if (ir.kind === 'not') deepFreeze(ir.operand);
  Object.freeze(ir);
  if ('operands' in ir) Object.freeze(ir.operands);
  return ir;
}
