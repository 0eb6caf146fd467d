/**
 * Checks a query regex (written in JavaScript syntax, as LogScale users write it) and rewrites it into
 * the RE2 syntax that DuckDB and ClickHouse run. RE2 guarantees linear-time matching, so it lacks
 * lookaround and back-references: those are refused with UNSUPPORTED_REGEX rather than silently
 * changed. The few spellings that differ but mean the same are translated:
 *   (?<name>…) → (?P<name>…)   \uXXXX, \u{X…} → \x{…}   \0 → \x00   [\b] → \x08   [^] → [\s\S]
 * A leading `(?i)`-style group becomes flags (the dialect writes them back in front), exactly as the
 * evaluator reads it (splitInlineFlags), so both engines accept and refuse the same patterns.
 */
import type { PortableRegex } from './filter-ir.js';
import { splitInlineFlags } from './js-regex.js';

export interface RegexProblem {
  readonly code: 'INVALID_REGEX' | 'UNSUPPORTED_REGEX';
  readonly message: string;
  /** Offset of the offending construct within the pattern. */
  readonly offset: number;
  readonly length: number;
}

export type RegexResult = { readonly ok: true; readonly regex: PortableRegex } | { readonly ok: false; readonly problem: RegexProblem };

/** Letter escapes that mean the same in JS (without the u flag) and RE2; others are identity escapes in JS. */
const RE2_LETTER_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B', 'n', 'r', 't', 'f', 'v', 'x']);
/** RE2's limit on {n,m} counts. */
const MAX_REPEAT = 1000;

function problem(code: RegexProblem['code'], message: string, offset: number, length: number): RegexResult {
  return { ok: false, problem: { code, message, offset, length } };
}

export function toPortableRegex(pattern: string, patternFlags: string): RegexResult {
  const inline = splitInlineFlags(pattern);
  if (!inline.ok) return problem('INVALID_REGEX', inline.message, inline.offset, inline.length);
  const flags = patternFlags + inline.flags;
  try {
    // Validate with the JS engine first: it gives the syntax verdict users expect from /…/ literals.
    new RegExp(inline.source, [...new Set(flags.replace(/[gdF]/g, ''))].join(''));
  } catch (error) {
    return problem('INVALID_REGEX', `Invalid regular expression: ${(error as Error).message}`, 0, pattern.length);
  }
  let out = '';
  let inClass = false;
  // Offsets stay those of the whole pattern: the scan starts after the removed flag group.
  let i = inline.skipped;
  while (i < pattern.length) {
    const ch = pattern.charAt(i);
    const next = pattern.charAt(i + 1);
    if (ch === '\\') {
      if (/[1-9]/.test(next) || (next === 'k' && pattern.charAt(i + 2) === '<')) {
        return problem('UNSUPPORTED_REGEX', 'Back-references are not supported by the search engine (RE2)', i, 2);
      }
      if (next === 'c') return problem('UNSUPPORTED_REGEX', 'Control escapes (\\c) are not supported; use \\x{..}', i, 2);
      if (next === 'u') {
        const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(pattern.slice(i + 2));
        const plain = /^[0-9A-Fa-f]{4}/.exec(pattern.slice(i + 2));
        if (braced?.[1] !== undefined) {
          out += `\\x{${braced[1]}}`;
          i += 2 + braced[0].length;
          continue;
        }
        if (plain !== null) {
          out += `\\x{${plain[0]}}`;
          i += 6;
          continue;
        }
        return problem('UNSUPPORTED_REGEX', 'Use \\uXXXX with four hex digits', i, 2);
      }
      if (next === '0' && !/[0-9]/.test(pattern.charAt(i + 2))) {
        out += '\\x00';
        i += 2;
        continue;
      }
      if (next === 'b' && inClass) {
        out += '\\x08';
        i += 2;
        continue;
      }
      if (next === 'x' && !/^[0-9A-Fa-f]{2}/.test(pattern.slice(i + 2, i + 4))) {
        out += 'x'; // JS reads an incomplete \x as the letter x; RE2 would reject it
        i += 2;
        continue;
      }
      if (/[A-Za-z]/.test(next) && !RE2_LETTER_ESCAPES.has(next)) {
        out += next; // JS identity escape (\q is q); RE2 rejects unknown letter escapes
        i += 2;
        continue;
      }
      if (next.charCodeAt(0) > 0x7f) {
        out += next; // identity escape of a non-ASCII character
        i += 2;
        continue;
      }
      out += ch + next;
      i += 2;
      continue;
    }
    if (ch === '{' && !inClass) {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat !== null && Math.max(Number(repeat[1]), Number(repeat[2] ?? 0)) > MAX_REPEAT) {
        return problem('UNSUPPORTED_REGEX', `Repetition counts above ${MAX_REPEAT} are not supported by the search engine (RE2)`, i, repeat[0].length);
      }
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      i++;
      continue;
    }
    if (ch === '[') {
      if (pattern.startsWith('[^]', i)) {
        out += '[\\s\\S]';
        i += 3;
        continue;
      }
      if (next === ']') return problem('UNSUPPORTED_REGEX', 'The empty class [] never matches; remove it', i, 2);
      inClass = true;
      // Copy a leading ^ with the bracket, so a ] after it is seen as closing (as JS reads it).
      out += next === '^' ? '[^' : '[';
      i += next === '^' ? 2 : 1;
      continue;
    }
    if (ch === '(' && next === '?') {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith('=') || rest.startsWith('!') || rest === '<=' || rest === '<!') {
        return problem('UNSUPPORTED_REGEX', 'Lookahead and lookbehind are not supported by the search engine (RE2)', i, rest.startsWith('<') ? 4 : 3);
      }
      if (rest.startsWith('<')) {
        out += '(?P<';
        i += 3;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return {
    ok: true,
    regex: Object.freeze({
      source: out,
      caseInsensitive: flags.includes('i'),
      multiline: flags.includes('m'),
      dotAll: flags.includes('s') || flags.includes('d'), // LogScale's d is dot-matches-newline, as in toJsRegex
    }),
  };
}
