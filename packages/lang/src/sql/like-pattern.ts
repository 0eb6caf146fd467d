import type { WildcardPattern } from '../ir/filter-ir.js';

/**
 * Builds a LIKE pattern from a wildcard pattern: each literal part has `%`, `_` and the escape
 * character escaped, and parts are joined by `%`. `contains` wraps it in `%…%` for substring search.
 */
export function toLikePattern(pattern: WildcardPattern, escape: string, contains = false): string {
  const escaped = pattern.map((part) => escapeLikeLiteral(part, escape)).join('%');
  return contains ? `%${escaped}%` : escaped;
}

export function escapeLikeLiteral(text: string, escape: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '%' || ch === '_' || ch === escape) out += escape;
    out += ch;
  }
  return out;
}
