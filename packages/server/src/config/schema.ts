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
  publicUrl: { type: 'string', default: '', flag: 'public-url', check: (v: string) => (v === '' || /^https?:\/\/[^/]+/.test(v) ? undefined : 'must be an http:// or https:// URL'), description: 'Base URL shown to users in ingest URLs (default: derived from the request\'s Host header, with https:// when TLS is on).' },
  tlsCert: { type: 'string', default: '', flag: 'tls-cert', description: 'PEM file with the TLS certificate (chain) to serve HEC, the API and the console over HTTPS; needs tlsKey too. Empty: plain HTTP.' },
  tlsKey: { type: 'string', default: '', flag: 'tls-key', description: 'PEM file with the private key of tlsCert (unencrypted); needs tlsCert too.' },
  httpRedirectPort: { type: 'integer', default: 0, flag: 'http-redirect-port', check: range(0, 65535), description: 'With TLS on: a plain-HTTP port whose every request answers 308 to the same path over HTTPS on the main port (0: none).' },
  metricsToken: { type: 'string', default: '', description: 'When set, GET /metrics requires `Authorization: Bearer <metricsToken>` (default: no authentication). Prefer the environment or the config file to a flag: it is a secret.' },
  logLevel: { type: 'string', default: 'info', flag: 'log-level', check: (v: string) => (['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v) ? undefined : 'must be one of fatal, error, warn, info, debug, trace, silent'), description: 'Log level of the structured (JSON) log on standard output.' },
  trustForwardedFor: { type: 'boolean', default: false, description: 'Behind a trusted proxy: take an event\'s default host from the first X-Forwarded-For address instead of the connection\'s.' },
  maxContentLength: { type: 'integer', default: 100 * MiB, check: range(1024, 2 ** 31), description: 'Largest HEC request body on the wire, in bytes (413 above).' },
  maxDecodedLength: { type: 'integer', default: 256 * MiB, check: range(1024, 2 ** 31), description: 'Largest HEC request body after gunzip, in bytes (413 above; guards against decompression bombs).' },
  maxEventSize: { type: 'integer', default: 5 * MiB, check: range(256, 2 ** 30), description: 'Largest single event, in bytes (400 code 6 with invalid-event-number above).' },
  dedupWindowSeconds: { type: 'integer', default: 600, check: range(0, 86400), description: 'How long a committed X-Request-Id is remembered for idempotent retries.' },
  maxDedupEntries: { type: 'integer', default: 500_000, check: range(1000, 100_000_000), description: 'Most X-Request-Ids remembered for idempotent retries (about 200 bytes each); beyond it the oldest are forgotten before their window ends.' },
  maxAckChannels: { type: 'integer', default: 1_000_000, check: range(1, 100_000_000), description: 'Most indexer-acknowledgement channels held at once (503 code 9 beyond).' },
  maxPendingAcksPerChannel: { type: 'integer', default: 1_000_000, check: range(1, 100_000_000), description: 'Most pending ack ids per channel (the oldest is evicted beyond).' },
  ackChannelIdleSeconds: { type: 'integer', default: 600, check: range(1, 86400), description: 'An ack channel unused this long is forgotten.' },
  engineMemoryMB: { type: 'integer', default: 448, check: range(64, 1_048_576), description: 'Memory the embedded event engine (DuckDB) may use for indexing and searches, in MiB.' },
  maxPendingMB: { type: 'integer', default: 128, check: range(8, 65536), description: 'Memory for events accepted but not yet searchable, in MiB; above it HEC answers 503 code 9.' },
  headersTimeoutSeconds: { type: 'integer', default: 30, check: range(1, 3600), description: 'A client must send its request headers within this time.' },
  requestTimeoutSeconds: { type: 'integer', default: 300, check: range(1, 86400), description: 'A client must send its whole request within this time.' },
  keepAliveTimeoutSeconds: { type: 'integer', default: 65, check: range(1, 3600), description: 'Idle keep-alive connections are closed after this time.' },
  sessionTtlHours: { type: 'integer', default: 12, check: range(1, 24 * 365), description: 'How long a management API session token stays valid.' },
  shutdownTimeoutSeconds: { type: 'integer', default: 30, check: range(1, 3600), description: 'On SIGTERM/SIGINT, how long to wait for in-flight requests before closing connections.' },
  keyFailureLimit: { type: 'integer', default: 20, check: range(0, 1_000_000), description: 'HEC requests with a missing, malformed or unknown key (codes 2, 3, 4) answered at once per client address (IPv6: per /64) and minute; past it the same answer is delayed, from 1 s up to keyFailureDelayMaxMs (0: never delay). Valid keys are never delayed.' },
  keyFailureDelayMaxMs: { type: 'integer', default: 5000, check: range(0, 60_000), description: 'Longest delay of one HEC key refusal past keyFailureLimit, in ms (0: never delay). At most 1,000 refusals are held at once; beyond that they are answered at once.' },
  senderSilentMinSeconds: { type: 'integer', default: 900, check: range(1, 7 * 86400), description: 'A connector\'s sender (host and source) is flagged silent when quiet for more than 10 times its usual interval and more than this many seconds.' },
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

/** `dataDir` → `HECATE_DATA_DIR`; an acronym stays one word: `maxPendingMB` → `HECATE_MAX_PENDING_MB`. */
export function envNameOf(key: string): string {
  return 'HECATE_' + key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
