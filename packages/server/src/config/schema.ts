/**
 * The configuration schema: every key once, with its default, description and validation.
 * Sources, lowest precedence first: defaults → config file (JSON) → HECATE_* environment → command-line flags.
 * Unknown keys are errors. docs/configuration.md is generated from this table (npm run docs:config).
 */

export type ConfigValue = string | number | boolean;

interface KeyOf<Type extends string, T extends ConfigValue> {
  readonly type: Type;
  readonly default: T;
  readonly description: string;
  /** Returns an error message when the value is not allowed. */
  readonly check?: (value: T) => string | undefined;
  /** Command-line flag (without the leading dashes), when the key has one. */
  readonly flag?: string;
}

export type ConfigKey = KeyOf<'string', string> | KeyOf<'integer', number> | KeyOf<'boolean', boolean>;

const range = (min: number, max: number) => (v: number) =>
  v < min || v > max ? `must be between ${min} and ${max}` : undefined;

const MiB = 1024 * 1024;

export const CONFIG_SCHEMA = {
  port: { type: 'integer', default: 8088, flag: 'port', check: range(0, 65535), description: 'TCP port for HEC, the management API and the console (0 picks a free port).' },
  host: { type: 'string', default: '0.0.0.0', flag: 'host', check: (v: string) => (v.length === 0 ? 'must not be empty' : undefined), description: 'Address to listen on.' },
  dataDir: { type: 'string', default: './hecate-data', flag: 'data-dir', check: (v: string) => (v.length === 0 ? 'must not be empty' : undefined), description: 'Directory holding the event store, the write-ahead log and the metadata database.' },
  publicUrl: { type: 'string', default: '', flag: 'public-url', check: (v: string) => (v === '' || /^https?:\/\/[^/]+/.test(v) ? undefined : 'must be an http:// or https:// URL'), description: 'Base URL shown to users in ingest URLs (default: derived from host and port).' },
  logLevel: { type: 'string', default: 'info', flag: 'log-level', check: (v: string) => (['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v) ? undefined : 'must be one of fatal, error, warn, info, debug, trace, silent'), description: 'Log level of the structured (JSON) log on standard output.' },
  maxContentLength: { type: 'integer', default: 100 * MiB, check: range(1024, 2 ** 31), description: 'Largest HEC request body on the wire, in bytes (413 above).' },
  maxDecodedLength: { type: 'integer', default: 256 * MiB, check: range(1024, 2 ** 31), description: 'Largest HEC request body after gunzip, in bytes (413 above; guards against decompression bombs).' },
  maxEventSize: { type: 'integer', default: 5 * MiB, check: range(256, 2 ** 30), description: 'Largest single event, in bytes (400 code 6 with invalid-event-number above).' },
  dedupWindowSeconds: { type: 'integer', default: 600, check: range(0, 86400), description: 'How long a committed X-Request-Id is remembered for idempotent retries.' },
  maxDedupEntries: { type: 'integer', default: 500_000, check: range(1000, 100_000_000), description: 'Most X-Request-Ids remembered for idempotent retries (about 200 bytes each); beyond it the oldest are forgotten before their window ends.' },
  maxAckChannels: { type: 'integer', default: 1_000_000, check: range(1, 100_000_000), description: 'Most indexer-acknowledgement channels held at once (503 code 9 beyond).' },
  maxPendingAcksPerChannel: { type: 'integer', default: 1_000_000, check: range(1, 100_000_000), description: 'Most pending ack ids per channel (the oldest is evicted beyond).' },
  ackChannelIdleSeconds: { type: 'integer', default: 600, check: range(1, 86400), description: 'An ack channel unused this long is forgotten.' },
  engineMemoryMB: { type: 'integer', default: 512, check: range(64, 1_048_576), description: 'Memory the embedded event engine (DuckDB) may use for indexing and searches, in MiB.' },
  maxPendingMB: { type: 'integer', default: 128, check: range(8, 65536), description: 'Memory for events accepted but not yet searchable, in MiB; above it HEC answers 503 code 9.' },
  headersTimeoutSeconds: { type: 'integer', default: 30, check: range(1, 3600), description: 'A client must send its request headers within this time.' },
  requestTimeoutSeconds: { type: 'integer', default: 300, check: range(1, 86400), description: 'A client must send its whole request within this time.' },
  keepAliveTimeoutSeconds: { type: 'integer', default: 65, check: range(1, 3600), description: 'Idle keep-alive connections are closed after this time.' },
  sessionTtlHours: { type: 'integer', default: 12, check: range(1, 24 * 365), description: 'How long a management API session token stays valid.' },
  shutdownTimeoutSeconds: { type: 'integer', default: 30, check: range(1, 3600), description: 'On SIGTERM/SIGINT, how long to wait for in-flight requests before closing connections.' },
} as const satisfies Record<string, ConfigKey>;

export type ConfigKeyName = keyof typeof CONFIG_SCHEMA;

/** The schema entry of a key, as the general shape (every entry has the optional members). */
export const specOf = (key: ConfigKeyName): ConfigKey => CONFIG_SCHEMA[key] as ConfigKey;

type ValueOf<K extends ConfigKeyName> = (typeof CONFIG_SCHEMA)[K]['type'] extends 'string'
  ? string
  : (typeof CONFIG_SCHEMA)[K]['type'] extends 'integer'
    ? number
    : boolean;

export type HecateConfig = { readonly [K in ConfigKeyName]: ValueOf<K> };

/** `dataDir` → `HECATE_DATA_DIR`. */
export function envNameOf(key: string): string {
  return 'HECATE_' + key.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
}
