/**
 * Validation of connector create/update bodies. Closed shapes: an unknown key is an error naming it.
 */
import { ApiError } from '../api/api-error.js';

export interface HecSettings {
  useAck: boolean;
  allowQueryStringAuth: boolean;
  indexes: string[];
  defaultIndex: string;
  defaultSourcetype?: string;
}

export interface ConnectorCreate {
  name: string;
  description: string;
  parser: string;
  enabled: boolean;
  hec: HecSettings;
}

export type ConnectorPatch = Partial<Omit<ConnectorCreate, 'hec'>> & { hec?: Partial<HecSettings> };

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/;
const INDEX = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$/;

export const DEFAULT_HEC: Readonly<HecSettings> = Object.freeze({
  useAck: false,
  allowQueryStringAuth: false,
  indexes: [],
  defaultIndex: 'main',
});

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function closed(body: Record<string, unknown>, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      throw new ApiError('UNKNOWN_FIELD', `unknown field "${prefix}${key}"; allowed: ${allowed.join(', ')}`, prefix + key);
    }
  }
}

function str(body: Record<string, unknown>, key: string, field: string): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ApiError('INVALID_FIELD', `${field} must be a string`, field);
  return v;
}

function bool(body: Record<string, unknown>, key: string, field: string): boolean | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ApiError('INVALID_FIELD', `${field} must be true or false`, field);
  return v;
}

function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw new ApiError(
      'INVALID_FIELD',
      'name must be 1–100 characters: letters, digits, spaces, "_", "-" and ".", starting with a letter or digit',
      'name',
    );
  }
  return name;
}

function checkIndex(value: string, field: string): string {
  if (!INDEX.test(value)) {
    throw new ApiError('INVALID_FIELD', `${field} "${value}" is not a valid index name (letters, digits, "_", "-", ".")`, field);
  }
  return value;
}

function parseHec(raw: unknown): Partial<HecSettings> {
  if (!isObject(raw)) throw new ApiError('INVALID_FIELD', 'hec must be an object', 'hec');
  closed(raw, ['useAck', 'allowQueryStringAuth', 'indexes', 'defaultIndex', 'defaultSourcetype'], 'hec.');
  const out: Partial<HecSettings> = {};
  const useAck = bool(raw, 'useAck', 'hec.useAck');
  if (useAck !== undefined) out.useAck = useAck;
  const qs = bool(raw, 'allowQueryStringAuth', 'hec.allowQueryStringAuth');
  if (qs !== undefined) out.allowQueryStringAuth = qs;
  if (raw.indexes !== undefined) {
    if (!Array.isArray(raw.indexes) || raw.indexes.some((i) => typeof i !== 'string')) {
      throw new ApiError('INVALID_FIELD', 'hec.indexes must be an array of index names', 'hec.indexes');
    }
    out.indexes = [...new Set((raw.indexes as string[]).map((i) => checkIndex(i, 'hec.indexes')))];
  }
  const defaultIndex = str(raw, 'defaultIndex', 'hec.defaultIndex');
  if (defaultIndex !== undefined) out.defaultIndex = checkIndex(defaultIndex, 'hec.defaultIndex');
  const sourcetype = str(raw, 'defaultSourcetype', 'hec.defaultSourcetype');
  if (sourcetype !== undefined) {
    if (sourcetype.length === 0 || sourcetype.length > 200) {
      throw new ApiError('INVALID_FIELD', 'hec.defaultSourcetype must be 1–200 characters', 'hec.defaultSourcetype');
    }
    out.defaultSourcetype = sourcetype;
  }
  return out;
}

/** Checks that a connector's final HEC settings are consistent. */
export function checkHecSettings(hec: HecSettings): HecSettings {
  if (hec.indexes.length > 0 && !hec.indexes.includes(hec.defaultIndex)) {
    throw new ApiError(
      'INVALID_FIELD',
      `hec.defaultIndex "${hec.defaultIndex}" must be one of hec.indexes (${hec.indexes.join(', ')})`,
      'hec.defaultIndex',
    );
  }
  return hec;
}

function checkParser(parser: string, knownParsers: readonly string[]): string {
  if (!knownParsers.includes(parser)) {
    throw new ApiError('UNKNOWN_PARSER', `parser "${parser}" does not exist; available: ${knownParsers.join(', ')}`, 'parser');
  }
  return parser;
}

function checkDescription(description: string): string {
  if (description.length > 2000) throw new ApiError('INVALID_FIELD', 'description must be at most 2000 characters', 'description');
  return description;
}

export function parseConnectorCreate(body: unknown, knownParsers: readonly string[]): ConnectorCreate {
  if (!isObject(body)) throw new ApiError('BAD_JSON', 'the request body must be a JSON object');
  closed(body, ['name', 'description', 'parser', 'enabled', 'hec'], '');
  const name = str(body, 'name', 'name');
  if (name === undefined) throw new ApiError('INVALID_FIELD', 'name is required', 'name');
  const parser = str(body, 'parser', 'parser');
  if (parser === undefined) throw new ApiError('INVALID_FIELD', `parser is required; available: ${knownParsers.join(', ')}`, 'parser');
  const hec = checkHecSettings({ ...DEFAULT_HEC, indexes: [], ...(body.hec === undefined ? {} : parseHec(body.hec)) });
  return {
    name: checkName(name),
    description: checkDescription(str(body, 'description', 'description') ?? ''),
    parser: checkParser(parser, knownParsers),
    enabled: bool(body, 'enabled', 'enabled') ?? true,
    hec,
  };
}

export function parseConnectorPatch(body: unknown, knownParsers: readonly string[]): ConnectorPatch {
  if (!isObject(body)) throw new ApiError('BAD_JSON', 'the request body must be a JSON object');
  closed(body, ['name', 'description', 'parser', 'enabled', 'hec'], '');
  const patch: ConnectorPatch = {};
  const name = str(body, 'name', 'name');
  if (name !== undefined) patch.name = checkName(name);
  const description = str(body, 'description', 'description');
  if (description !== undefined) patch.description = checkDescription(description);
  const parser = str(body, 'parser', 'parser');
  if (parser !== undefined) patch.parser = checkParser(parser, knownParsers);
  const enabled = bool(body, 'enabled', 'enabled');
  if (enabled !== undefined) patch.enabled = enabled;
  if (body.hec !== undefined) patch.hec = parseHec(body.hec);
  return patch;
}
