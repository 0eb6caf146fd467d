/**
 * Checks a parsed config against the declared schema and fills in defaults. Closed: an unknown key
 * is an error. Every message names the key path, the bad value and what is allowed, and every
 * problem is reported at once so a user fixes a file in one pass.
 */
import { quote } from './config-error.js';
import type { ConfigIssue } from './config-error.js';
import type { ObjectSchema, Schema } from './schema-types.js';

export function validateValue(schema: Schema, value: unknown, path: string, issues: ConfigIssue[]): unknown {
  const bad = (allowed: string): undefined => {
    issues.push({ path, message: `${quote(value)} is not allowed: expected ${allowed}` });
    return undefined;
  };
  switch (schema.kind) {
    case 'string': {
      // YAML reads `bind: 0` or `token: 1234` as numbers; a number where text is wanted is meant as text.
      const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
      if (text === undefined) return bad('a string');
      return checked(schema.check, text, path, issues);
    }
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < schema.min || n > schema.max) {
        return bad(`an integer from ${schema.min} to ${schema.max}`);
      }
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return bad('true or false');
    case 'enum':
      if (typeof value === 'string' && schema.values.includes(value)) return value;
      if (typeof value === 'string' && schema.unsupported?.includes(value)) {
        issues.push({ path, message: `${quote(value)} is not supported yet: use one of ${schema.values.join(', ')}` });
        return undefined;
      }
      return bad(`one of ${schema.values.join(', ')}`);
    case 'stringList': {
      const items = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((item) => typeof item === 'string') ? [...value] : undefined;
      if (items === undefined) return bad('a string or a list of strings');
      const ok = items.map((item, i) => checked(schema.check, item, `${path}[${i}]`, issues));
      return ok.every((item) => item !== undefined) ? ok : undefined;
    }
    case 'stringMap': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad('a map of names to values');
      const out: Record<string, string> = {};
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') out[key] = String(item);
        else issues.push({ path: `${path}.${key}`, message: `${quote(item)} is not allowed: expected a string, number or boolean` });
      }
      return out;
    }
    case 'object':
      return validateObject(schema, value, path, issues);
    case 'namedUnion': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad('a map of names to entries');
      const out: Record<string, unknown> = {};
      for (const [name, entry] of Object.entries(value)) {
        const checked = validateVariant(schema.variants, entry, `${path}.${name}`, issues);
        if (checked !== undefined) out[name] = checked;
      }
      return out;
    }
    case 'unionList': {
      if (!Array.isArray(value)) return bad('a list');
      return value.map((entry, i) => validateVariant(schema.variants, entry, `${path}[${i}]`, issues)).filter((entry) => entry !== undefined);
    }
  }
}

function checked(check: ((value: string) => string | undefined) | undefined, value: string, path: string, issues: ConfigIssue[]): string | undefined {
  const problem = check?.(value);
  if (problem === undefined) return value;
  issues.push({ path, message: problem });
  return undefined;
}

function validateVariant(variants: Readonly<Record<string, ObjectSchema>>, entry: unknown, path: string, issues: ConfigIssue[]): unknown {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    issues.push({ path, message: `${quote(entry)} is not allowed: expected an object with a type` });
    return undefined;
  }
  const { type, ...rest } = entry as Record<string, unknown>;
  const allowed = Object.keys(variants);
  const variant = typeof type === 'string' ? variants[type] : undefined;
  if (variant === undefined) {
    const message = type === undefined ? `type is required: one of ${allowed.join(', ')}` : `${quote(type)} is not allowed: expected one of ${allowed.join(', ')}`;
    issues.push({ path: `${path}.type`, message });
    return undefined;
  }
  const checked = validateObject(variant, rest, path, issues);
  return checked === undefined ? undefined : { type, ...checked };
}

export function validateObject(schema: ObjectSchema, value: unknown, path: string, issues: ConfigIssue[]): Record<string, unknown> | undefined {
  // An empty YAML mapping (`tls:`) parses as null; treat it as "all defaults".
  const input = value === null || value === undefined ? {} : value;
  if (typeof input !== 'object' || Array.isArray(input)) {
    issues.push({ path: path || '(root)', message: `${quote(value)} is not allowed: expected an object` });
    return undefined;
  }
  const record = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (!(key in schema.keys)) {
      issues.push({ path: join(path, key), message: `unknown key: allowed keys are ${Object.keys(schema.keys).join(', ')}` });
    }
  }
  for (const [key, keySchema] of Object.entries(schema.keys)) {
    const keyPath = join(path, key);
    const given = record[key];
    if (given === undefined || given === null) {
      if (keySchema.required) issues.push({ path: keyPath, message: 'is required' });
      else if (keySchema.kind === 'object') out[key] = validateObject(keySchema, {}, keyPath, issues);
      else if (keySchema.kind === 'unionList') out[key] = [];
      else if ('default' in keySchema && keySchema.default !== undefined) out[key] = keySchema.default;
      continue;
    }
    const checked = validateValue(keySchema, given, keyPath, issues);
    if (checked !== undefined) out[key] = checked;
  }
  return out;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
