/**
 * HEC `time` (protocol reference §4.4): epoch seconds as a number or numeric string, fraction allowed,
 * converted to Unix milliseconds plus a sub-millisecond remainder in nanoseconds.
 */

/** Written by `convertTime`; one instance is reused for a whole body. */
export interface TimeParts {
  ms: number;
  nanos: number;
}

export const TIME_OK = 0;
export const TIME_ABSENT = 1;
export const TIME_INVALID = 2;
export type TimeOutcome = typeof TIME_OK | typeof TIME_ABSENT | typeof TIME_INVALID;

const plainDecimal = /^(\d+)(?:\.(\d*))?$/;
const jsonLikeNumber = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** null, booleans, objects and arrays count as absent (receive time is used), as peers do. */
export function convertTime(value: unknown, out: TimeParts): TimeOutcome {
  if (typeof value === 'number') return fromSeconds(value, out);
  if (typeof value !== 'string') return TIME_ABSENT;
  const text = value.trim();
  const plain = plainDecimal.exec(text);
  if (plain !== null) {
    // Exact decimal path: a string keeps every digit, so nanoseconds are not subject to float error.
    const seconds = Number(plain[1]);
    const fraction = (plain[2] ?? '').slice(0, 9).padEnd(9, '0');
    const fractionNs = Number(fraction);
    if (!Number.isFinite(seconds)) return TIME_INVALID;
    out.ms = seconds * 1000 + Math.floor(fractionNs / 1e6);
    out.nanos = fractionNs % 1e6;
    return TIME_OK;
  }
  if (!jsonLikeNumber.test(text)) return TIME_INVALID;
  return fromSeconds(Number(text), out);
}

function fromSeconds(value: number, out: TimeParts): TimeOutcome {
  // Negative times are rejected like non-numeric ones (§4.4 leaves the code open; 15 is the choice).
  if (!Number.isFinite(value) || value < 0) return TIME_INVALID;
  let seconds = Math.floor(value);
  // A double near today's epoch carries ~0.24 µs of precision, so the fraction is rounded to whole
  // microseconds: 1700000000.123 must give .123 ms, not .122999907.
  let fractionUs = Math.round((value - seconds) * 1e6);
  if (fractionUs >= 1e6) {
    seconds += 1;
    fractionUs -= 1e6;
  }
  out.ms = seconds * 1000 + Math.floor(fractionUs / 1000);
  out.nanos = (fractionUs % 1000) * 1000;
  return TIME_OK;
}
