/**
 * The whole config file, assembled from each component's declared keys. Names and meanings follow
 * the Falcon LogScale Collector's config.yaml, so its configs run unchanged apart from URL and token.
 */
import { METRICS_SCHEMA } from '../metrics/config.js';
import type { MetricsConfig } from '../metrics/config.js';
import { HEC_SINK_KEYS } from '../sinks/hec/config.js';
import type { HecSinkConfig } from '../sinks/hec/config.js';
import { FILE_SOURCE_KEYS } from '../sources/file/config.js';
import type { FileSourceConfig } from '../sources/file/config.js';
import { CMD_SOURCE_KEYS } from '../sources/cmd/config.js';
import type { CmdSourceConfig } from '../sources/cmd/config.js';
import { JOURNALD_SOURCE_KEYS } from '../sources/journald/config.js';
import type { JournaldSourceConfig } from '../sources/journald/config.js';
import { SYSLOG_SOURCE_KEYS } from '../sources/syslog/config.js';
import type { SyslogSourceConfig } from '../sources/syslog/config.js';
import { SYSLOG_TLS_SOURCE_KEYS } from '../sources/syslog-tls/config.js';
import type { SyslogTlsSourceConfig } from '../sources/syslog-tls/config.js';
import { REGEX_FILTER_SCHEMA, STATIC_FIELDS_SCHEMA } from '../transforms/config.js';
import type { ObjectSchema, Schema } from './schema-types.js';

export type SourceConfig = SyslogSourceConfig | SyslogTlsSourceConfig | FileSourceConfig | CmdSourceConfig | JournaldSourceConfig;
export type SinkConfig = HecSinkConfig;

export interface CollectorConfig {
  dataDirectory: string;
  logLevel: 'error' | 'warn' | 'info' | 'debug' | 'trace';
  sources: Record<string, SourceConfig>;
  sinks: Record<string, SinkConfig>;
  metrics: MetricsConfig;
}

/** Keys every source has, whatever its type. */
const SOURCE_COMMON_KEYS: Readonly<Record<string, Schema>> = {
  sink: { kind: 'string', required: true, description: 'Name of the sink (under `sinks`) the events go to.' },
  parser: { kind: 'string', description: 'Accepted for compatibility and ignored: the data connector decides the parser.' },
  transforms: {
    kind: 'unionList',
    description: 'Transforms applied in order before the events are queued.',
    variants: { regex_filter: REGEX_FILTER_SCHEMA, static_fields: STATIC_FIELDS_SCHEMA },
  },
};

function source(description: string, keys: Readonly<Record<string, Schema>>): ObjectSchema {
  return { kind: 'object', description, keys: { ...SOURCE_COMMON_KEYS, ...keys } };
}

export const COLLECTOR_SCHEMA: ObjectSchema = {
  kind: 'object',
  description: 'The collector config file.',
  keys: {
    dataDirectory: { kind: 'string', default: '/var/lib/hecate-collector', description: 'Where file checkpoints and disk queues are kept.' },
    logLevel: { kind: 'enum', values: ['error', 'warn', 'info', 'debug', 'trace'], default: 'info', description: 'Least severe log line written to stderr.' },
    sources: {
      kind: 'namedUnion',
      required: true,
      description: 'Inputs, by name. Each names its `type` and its `sink`.',
      variants: {
        syslog: source('Syslog over UDP or TCP (RFC 3164 and RFC 5424 messages are forwarded as they arrive).', SYSLOG_SOURCE_KEYS),
        syslog_tls: source('Syslog over TLS (RFC 5425), framed like syslog over TCP; client certificates optional.', SYSLOG_TLS_SOURCE_KEYS),
        file: source('Files matched by globs, followed through rotation, resumed from checkpoints after a restart.', FILE_SOURCE_KEYS),
        cmd: source("A program's stdout, one event per line: run continuously (streaming) or every interval (scheduled).", CMD_SOURCE_KEYS),
        journald: source('The systemd journal through journalctl, resumed from a saved cursor after a restart.', JOURNALD_SOURCE_KEYS),
      },
    },
    sinks: {
      kind: 'namedUnion',
      required: true,
      description: 'Outputs, by name.',
      variants: { hec: { kind: 'object', description: 'An HEC endpoint: a Hecate data connector (or any Splunk HEC receiver).', keys: HEC_SINK_KEYS } },
    },
    metrics: METRICS_SCHEMA,
  },
};
