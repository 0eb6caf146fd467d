import type { WildcardPattern } from '../ir/filter-ir.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A matcher for a `*` wildcard pattern over a whole value. Patterns without `*` compare directly;
 * others compile once to an anchored regex (lazy `.*?` runs only between literal parts).
 */
export function wildcardMatcher(pattern: WildcardPattern, ignoreCase: boolean): (value: string) => boolean {
  if (pattern.length === 1) {
    const literal = pattern[0] ?? '';
    if (!ignoreCase) return (value) => value === literal;
    const lower = literal.toLowerCase();
    return (value) => value.length === literal.length && value.toLowerCase() === lower;
  }
  const regex = new RegExp(`^${pattern.map(escape).join('[\\s\\S]*?')}$`, ignoreCase ? 'i' : '');
  return (value) => regex.test(value);
}

/** A matcher that finds the pattern anywhere in the value, case-insensitively (free text). */
export function containsMatcher(pattern: WildcardPattern): (value: string) => boolean {
  const regex = new RegExp(pattern.map(escape).join('[\\s\\S]*?'), 'i');
  return (value) => regex.test(value);
}
