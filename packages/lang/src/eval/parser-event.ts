/**
 * The event a parser works on: a mutable map of field name → string value (LogScale fields are
 * strings; arrays are fields named `a[0]`, `a[1]`, …). Tags are fields whose name starts with `#`.
 */
export interface ParserEvent {
  readonly fields: Map<string, string>;
}

/** A compiled stage: changes the event in place; false drops it. */
export type Step = (event: ParserEvent) => boolean;
/** A compiled stage that replaces the event by zero or more events. */
export type Fanout = (event: ParserEvent) => ParserEvent[];
/** A compiled expression: a string, or undefined when missing. */
export type ValueFn = (event: ParserEvent) => string | undefined;

export function createEvent(fields: Iterable<readonly [string, string]> | Readonly<Record<string, string>>): ParserEvent {
  const entries = Symbol.iterator in fields ? (fields as Iterable<readonly [string, string]>) : Object.entries(fields);
  return { fields: new Map(entries) };
}

/** Reads a field; `#name` falls back to `name`, since tags are only made from fields after parsing. */
export function fieldReader(name: string): ValueFn {
  if (name.startsWith('#') && name.length > 1) {
    const plain = name.slice(1);
    return (event) => event.fields.get(name) ?? event.fields.get(plain);
  }
  return (event) => event.fields.get(name);
}

/** Records a per-event problem as LogScale does: @error=true and @error_msg (then @error_msg[1], …). */
export function addError(event: ParserEvent, message: string): void {
  const fields = event.fields;
  fields.set('@error', 'true');
  if (!fields.has('@error_msg')) {
    fields.set('@error_msg', message);
    return;
  }
  let i = 1;
  while (fields.has(`@error_msg[${i}]`)) i++;
  fields.set(`@error_msg[${i}]`, message);
}

/** Formats a computed number the way fields hold numbers: integers without a decimal point. */
export function formatNumber(n: number): string | undefined {
  return Number.isFinite(n) ? String(n) : undefined;
}

/** Parses a field value as a number; undefined for missing or non-numeric values. */
export function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

/** Truth of a value in a condition: present, not empty and not "false". */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== 'false';
}
