import type { ObjectSchema } from '../config/schema-types.js';

export interface MetricsConfig {
  /** Absent: no endpoint. */
  port?: number;
  bind: string;
}

/**
 * A Hecate extension. The LogScale Collector has no Prometheus endpoint: its `api` key configures a
 * local debug API on a Unix socket (metrics as JSON through `logscale-collector query metrics`),
 * which is a different thing, so this key has its own name.
 */
export const METRICS_SCHEMA: ObjectSchema = {
  kind: 'object',
  description: 'Hecate extension (no LogScale Collector equivalent): a Prometheus endpoint at `http://<bind>:<port>/metrics`. Without `port` there is no endpoint.',
  keys: {
    port: {
      kind: 'integer',
      min: 0,
      max: 65535,
      defaultText: 'none (no endpoint)',
      description: 'Port of the metrics endpoint; 0 picks a free port, shown in the status line.',
    },
    bind: {
      kind: 'string',
      default: '127.0.0.1',
      description: 'Address to listen on. The endpoint has no authentication: bind it beyond loopback only on a trusted network.',
    },
  },
};
