import { readFileSync } from 'node:fs';
import { CONFIG_SCHEMA, envNameOf, specOf, type ConfigKeyName, type ConfigValue, type HecateConfig } from './schema.js';

/** A configuration problem; the message names the key, the source, the bad value and what is allowed. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export interface ConfigSources {
  /** Path of a JSON config file (`--config` or HECATE_CONFIG). */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags, keyed by schema key, as strings or already typed. */
  flags?: Partial<Record<ConfigKeyName, ConfigValue | undefined>>;
}

const KEYS = Object.keys(CONFIG_SCHEMA) as ConfigKeyName[];

function coerce(key: ConfigKeyName, raw: unknown, source: string): ConfigValue {
  const spec = specOf(key);
  const shown = JSON.stringify(raw);
  if (spec.type === 'integer') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!Number.isSafeInteger(n)) throw new ConfigError(`${key} from ${source}: ${shown} is not an integer`);
    return n;
  }
  if (spec.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new ConfigError(`${key} from ${source}: ${shown} is not a boolean (true or false)`);
  }
  if (typeof raw !== 'string') throw new ConfigError(`${key} from ${source}: ${shown} is not a string`);
  return raw;
}

function readFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`config file ${path} cannot be read: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${path} must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** Merges defaults, file, environment and flags; validates every key; returns a frozen config. */
export function loadConfig(sources: ConfigSources = {}): HecateConfig {
  const env = sources.env ?? {};
  const values: Record<string, ConfigValue> = {};
  const origin: Record<string, string> = {};
  for (const key of KEYS) {
    values[key] = specOf(key).default;
    origin[key] = 'the default';
  }
  const file = sources.file ?? env.HECATE_CONFIG;
  if (file) {
    for (const [key, raw] of Object.entries(readFile(file))) {
      if (!(key in CONFIG_SCHEMA)) {
        throw new ConfigError(`config file ${file}: unknown key "${key}" (known keys: ${KEYS.join(', ')})`);
      }
      values[key] = coerce(key as ConfigKeyName, raw, `config file ${file}`);
      origin[key] = `config file ${file}`;
    }
  }
  const knownEnv = new Set(KEYS.map(envNameOf));
  for (const name of Object.keys(env)) {
    if (name.startsWith('HECATE_') && !knownEnv.has(name) && !NON_CONFIG_ENV.has(name)) {
      throw new ConfigError(`environment variable ${name} is not a Hecate setting (known: ${[...knownEnv].join(', ')})`);
    }
  }
  for (const key of KEYS) {
    const raw = env[envNameOf(key)];
    if (raw !== undefined && raw !== '') {
      values[key] = coerce(key, raw, `environment ${envNameOf(key)}`);
      origin[key] = `environment ${envNameOf(key)}`;
    }
    const flag = sources.flags?.[key];
    if (flag !== undefined) {
      values[key] = coerce(key, flag, `--${specOf(key).flag ?? key}`);
      origin[key] = `--${specOf(key).flag ?? key}`;
    }
  }
  for (const key of KEYS) {
    const check = specOf(key).check as ((v: ConfigValue) => string | undefined) | undefined;
    const problem = check?.(values[key] as ConfigValue);
    if (problem) throw new ConfigError(`${key} = ${JSON.stringify(values[key])} (from ${origin[key]}) ${problem}`);
  }
  return Object.freeze(values) as unknown as HecateConfig;
}

/** HECATE_* variables that are not configuration keys (credentials for the first start and for the CLI). */
const NON_CONFIG_ENV = new Set([
  'HECATE_CONFIG',
  'HECATE_ADMIN_PASSWORD',
  'HECATE_URL',
  'HECATE_TOKEN',
  'HECATE_USERNAME',
  'HECATE_PASSWORD',
  'HECATE_API_KEY',
]);
