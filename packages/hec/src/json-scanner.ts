/**
 * Finds where one JSON object ends inside a body of concatenated JSON values, without parsing it.
 *
 * Iterative (a depth counter, no recursion), so hostile nesting costs a counter, not the stack.
 * It does not validate: `JSON.parse` on the returned slice does. Strings are skipped with `indexOf`,
 * which is where almost all bytes of an HEC body are, so the per-character loop only sees structure,
 * numbers and whitespace.
 *
 * While scanning it records where the value of the top-level `event` member starts and ends, so a
 * structured event's JSON text can be sliced from the body instead of re-serialised.
 */

export const SCAN_UNTERMINATED = -1;
export const SCAN_TOO_DEEP = -2;

/** Reused across envelopes of one body: the scanner writes, the decoder reads. */
export interface EventSpan {
  /** Text offsets of the last top-level `event` member's value (trimmed), or -1. */
  start: number;
  end: number;
  /** A top-level member name contained an escape, so it might spell `event`: do not trust the span. */
  escapedKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * `start` must point at `{`. Returns the offset just past the matching `}` (or the bracket that closes
 * depth 0, which JSON.parse will then reject), SCAN_UNTERMINATED when the text ends first, or
 * SCAN_TOO_DEEP when nesting exceeds `maxDepth`.
 */
export function scanObject(text: string, start: number, maxDepth: number, span: EventSpan): number {
  const length = text.length;
  let depth = 0;
  let expectKey = false;
  let inEvent = false;
  let valueStart = -1;
  span.start = -1;
  span.end = -1;
  span.escapedKey = false;
  for (let i = start; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let close = text.indexOf('"', i + 1);
      while (close > 0 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
      if (close < 0) return SCAN_UNTERMINATED;
      if (depth === 1 && expectKey) {
        expectKey = false;
        inEvent = close - i === 6 && text.startsWith('event', i + 1);
        if (!inEvent && hasBackslash(text, i + 1, close)) span.escapedKey = true;
      }
      i = close;
      continue;
    }
    switch (c) {
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (++depth > maxDepth) return SCAN_TOO_DEEP;
        if (depth === 1) expectKey = true;
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        if (depth === 1 && inEvent) {
          recordSpan(text, valueStart, i, span);
          inEvent = false;
        }
        if (--depth === 0) return i + 1;
        break;
      case COMMA:
        if (depth === 1) {
          if (inEvent) recordSpan(text, valueStart, i, span);
          inEvent = false;
          expectKey = true;
        }
        break;
      case COLON:
        if (depth === 1 && inEvent) valueStart = i + 1;
        break;
    }
  }
  return SCAN_UNTERMINATED;
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let j = quote - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
  return (backslashes & 1) === 1;
}

function hasBackslash(text: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (text.charCodeAt(j) === BACKSLASH) return true;
  return false;
}

function recordSpan(text: string, from: number, to: number, span: EventSpan): void {
  if (from < 0) return;
  while (from < to && isJsonSpace(text.charCodeAt(from))) from++;
  while (to > from && isJsonSpace(text.charCodeAt(to - 1))) to--;
  span.start = from;
  span.end = to;
}

export function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
