/** FalconPy's `TimeUnit` (ngsiem.md §1.4): the unit of an event's `timestamp`. */
export type TimeUnit = 'seconds' | 'milliseconds' | 'nanoseconds';

const PER_SECOND: Readonly<Record<TimeUnit, number>> = { seconds: 1, milliseconds: 1_000, nanoseconds: 1_000_000_000 };

export function isTimeUnit(value: unknown): value is TimeUnit {
  return value === 'seconds' || value === 'milliseconds' || value === 'nanoseconds';
}

/** Now in `unit`, as an integer (FalconPy: `int(now.timestamp() * multiplier)`). */
export function nowIn(unit: TimeUnit, nowMs = Date.now()): number {
  // ms × 1e6 exceeds 2^53, but the shortest round-trip decimal of the product still prints the exact digits.
  return unit === 'seconds' ? Math.floor(nowMs / 1000) : unit === 'milliseconds' ? nowMs : nowMs * 1_000_000;
}

/** A timestamp in `unit` as HEC `time`: epoch seconds, millisecond fraction. */
export function toHecSeconds(value: number | bigint, unit: TimeUnit): number {
  const seconds = Number(value) / PER_SECOND[unit];
  return Math.round(seconds * 1000) / 1000;
}
