/**
 * HEC `fields` validation (protocol reference §4.5): an object whose values are scalars or flat arrays
 * of scalars. Null values (and nulls inside arrays) are dropped; the input is copied only when it has some.
 */
import type { HecFieldValue } from './envelope.js';

/** The validated fields, or undefined when they are not flat (code 15). */
export function validateIndexedFields(value: object): Record<string, HecFieldValue> | undefined {
  if (Array.isArray(value)) return undefined;
  const fields = value as Record<string, unknown>;
  let hasNull = false;
  for (const key in fields) {
    const v = fields[key];
    if (v === null) {
      hasNull = true;
    } else if (typeof v === 'object') {
      if (!Array.isArray(v)) return undefined;
      for (const item of v as unknown[]) {
        if (item === null) hasNull = true;
        else if (typeof item === 'object') return undefined;
      }
    }
  }
  return hasNull ? withoutNulls(fields) : (fields as Record<string, HecFieldValue>);
}

function withoutNulls(fields: Record<string, unknown>): Record<string, HecFieldValue> {
  const out: Record<string, HecFieldValue> = {};
  for (const key in fields) {
    const v = fields[key];
    if (v === null) continue;
    out[key] = Array.isArray(v) ? (v as unknown[]).filter((item) => item !== null) as HecFieldValue : (v as HecFieldValue);
  }
  return out;
}

/** True when `fields` names a metric (`metric_name:<name>` keys, Splunk multi-metric format, §9). */
export function hasMetricNameField(fields: unknown): boolean {
  if (fields === null || typeof fields !== 'object') return false;
  for (const key in fields) if (key.startsWith('metric_name:')) return true;
  return false;
}
