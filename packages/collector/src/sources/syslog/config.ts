import type { ObjectSchema } from '../../config/schema-types.js';
import type { TransformConfig } from '../../transforms/config.js';

export interface SyslogSourceConfig {
  type: 'syslog';
  sink: string;
  transforms: TransformConfig[];
  mode: 'udp' | 'tcp';
  port: number;
  bind: string;
  maxEventSize: number;
  /** Absent means 64 × maxEventSize. */
  receiveBufferSize?: number;
  workers: number;
}

export const DEFAULT_MAX_EVENT_SIZE = 2048;

export const SYSLOG_SOURCE_KEYS: ObjectSchema['keys'] = {
  mode: { kind: 'enum', values: ['udp', 'tcp'], default: 'udp', description: 'Transport: one datagram per message (udp), or a stream framed by newlines or RFC 6587 octet counts (tcp).' },
  port: { kind: 'integer', min: 1, max: 65535, default: 514, description: 'Port to listen on. Ports below 1024 need privileges.' },
  bind: { kind: 'string', default: '0.0.0.0', description: 'Address to listen on.' },
  maxEventSize: { kind: 'integer', min: 64, max: 16 * 1024 * 1024, default: DEFAULT_MAX_EVENT_SIZE, description: 'Longest message in bytes; longer ones are truncated and carry `@collect.truncated=true`.' },
  receiveBufferSize: { kind: 'integer', min: 65, max: 1024 * 1024 * 1024, defaultText: '64 × maxEventSize', description: 'Socket receive buffer (UDP) or read buffer (TCP) in bytes; must be larger than maxEventSize.' },
  workers: { kind: 'integer', min: 1, max: 64, default: 1, description: 'Accepted for compatibility; Node reads a socket on one thread, so this does not change throughput.' },
  strict: { kind: 'boolean', default: false, description: 'Accepted for compatibility: messages are always forwarded as they arrive, RFC 3164 and RFC 5424 alike.' },
};
