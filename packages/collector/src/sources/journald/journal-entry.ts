/**
 * One line of `journalctl --output=json` → what the journald source needs from it. In that format a
 * field is a string, an array of byte values (binary or invalid UTF-8), an array of those (a field
 * present several times), or null (too large without `--all`). The message text is MESSAGE; the
 * event time is the entry's own __REALTIME_TIMESTAMP (microseconds), so a backlog read after a
 * restart keeps the times the entries were logged at.
 */
export interface JournalEntry {
  cursor: string;
  /** Unix milliseconds. */
  time: number;
  /** Undefined when the entry has no usable MESSAGE. */
  message: string | undefined;
  unit: string | undefined;
  /** A few identifying journal fields, sent as event fields under their journal names. */
  fields: Record<string, string>;
}

/** Journal fields carried on every event: who logged it, where, and how severe it is. */
const KEPT_FIELDS = ['PRIORITY', 'SYSLOG_FACILITY', 'SYSLOG_IDENTIFIER', '_PID', '_COMM', '_HOSTNAME', '_TRANSPORT'] as const;

/** Undefined when the line is not a journal entry (not JSON, or no cursor). */
export function parseJournalLine(line: string): JournalEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const cursor = fieldText(record.__CURSOR);
  if (cursor === undefined) return undefined;
  const micros = Number(fieldText(record.__REALTIME_TIMESTAMP));
  const fields: Record<string, string> = {};
  for (const name of KEPT_FIELDS) {
    const text = fieldText(record[name]);
    if (text !== undefined) fields[name] = text;
  }
  return {
    cursor,
    time: Number.isFinite(micros) && micros > 0 ? Math.floor(micros / 1000) : Date.now(),
    message: fieldText(record.MESSAGE),
    unit: fieldText(record._SYSTEMD_UNIT),
    fields,
  };
}

function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'number')) return Buffer.from(value as number[]).toString('utf8');
    // A field logged several times: the first value (what `journalctl -o cat` prints).
    return fieldText(value[0]);
  }
  return undefined;
}

const UNIT_SUFFIX = /\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope)$/;

/** `sshd` → `sshd.service`, as journalctl --unit reads a unit name without a type. */
export function unitName(name: string): string {
  return UNIT_SUFFIX.test(name) || /[*?[]/.test(name) ? name : `${name}.service`;
}

/** A matcher for excludeUnits: names (with journalctl's `.service` default) and `*`/`?` globs. */
export function unitMatcher(units: readonly string[]): (unit: string | undefined) => boolean {
  const patterns = units.map((unit) => new RegExp(`^${unitName(unit).replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  return (unit) => unit !== undefined && patterns.some((pattern) => pattern.test(unit));
}
