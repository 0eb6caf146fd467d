import type { ObjectSchema } from '../../config/schema-types.js';
import { QUEUE_SCHEMA } from '../../queue/config.js';
import type { QueueConfig } from '../../queue/config.js';
import { checkProxySetting } from './proxy.js';

export interface HecTlsConfig {
  insecure: boolean;
  caCert?: string;
  caFile?: string;
}

export interface HecSinkConfig {
  type: 'hec';
  token: string;
  url: string;
  /** `none`, `auto`, `system` or an http:// proxy URL (checked by checkProxySetting). */
  proxy: string;
  compression: 'auto' | 'none' | 'gzip';
  compressionLevel: number;
  maxBatchSize: number;
  maxEventSize: number;
  workers: number;
  tls: HecTlsConfig;
  queue: QueueConfig;
}

export const HEC_SINK_KEYS: ObjectSchema['keys'] = {
  token: { kind: 'string', required: true, description: "The data connector's API key, sent as `Authorization: Splunk <token>`." },
  url: { kind: 'string', required: true, description: 'The ingest URL, with or without `/services/collector` (http or https).' },
  proxy: {
    kind: 'string',
    default: 'auto',
    check: checkProxySetting,
    description:
      '`none` connects directly; `auto` and `system` use HTTPS_PROXY / HTTP_PROXY and NO_PROXY from the environment (loopback targets are never proxied); ' +
      '`http://[user:password@]host:port` names a proxy (CONNECT tunnel for https URLs, absolute-form requests for http; credentials become Proxy-Authorization and are never logged).',
  },
  compression: {
    kind: 'enum',
    values: ['auto', 'none', 'gzip'],
    default: 'auto',
    description:
      '`gzip` compresses request bodies; `none` sends them as they are; `auto` compresses except to a loopback address (`localhost`, 127.0.0.0/8, `::1`), where gzip only costs CPU on both ends of a machine they share.',
  },
  compressionLevel: {
    kind: 'integer',
    min: 0,
    max: 9,
    default: 1,
    description: 'gzip level, 0 (fastest) to 9 (smallest). Level 1 compresses log envelopes about 9:1 at well under half the CPU of level 6 (about 11:1).',
  },
  maxBatchSize: { kind: 'integer', min: 1024, max: 256 * 1024 * 1024, default: 16 * 1024 * 1024, description: 'Largest request body before compression, in bytes. Requests carry at most 1 MiB of events even when this allows more (the server indexes smaller requests more cheaply).' },
  maxEventSize: { kind: 'integer', min: 64, max: 64 * 1024 * 1024, default: 1024 * 1024, description: 'Longest event text in bytes; longer events are truncated and carry `@collect.truncated=true`.' },
  workers: { kind: 'integer', min: 1, max: 64, default: 4, description: 'Requests in flight at once.' },
  tls: {
    kind: 'object',
    description: 'TLS settings for https URLs.',
    keys: {
      insecure: { kind: 'boolean', default: false, description: "Skip verification of the server's certificate (testing only)." },
      caCert: { kind: 'string', description: 'PEM text of the CA certificate(s) to trust instead of the system ones. Exclusive with caFile.' },
      caFile: { kind: 'string', description: 'Path to a PEM file of CA certificate(s) to trust. Exclusive with caCert.' },
    },
  },
  queue: QUEUE_SCHEMA,
};
