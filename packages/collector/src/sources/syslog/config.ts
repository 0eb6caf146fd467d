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
  /** Absent means UDP_RECEIVE_BUFFER_DEFAULT (or 64 × maxEventSize when larger). */
  receiveBufferSize?: number;
  workers: number;
}

export const DEFAULT_MAX_EVENT_SIZE = 2048;
/**
 * 4 MiB: about 1.5 s of traffic at 30,000 small datagrams/s once the kernel's per-packet overhead is
 * counted. The socket is read on its own thread, but on a busy machine that thread can still wait
 * tens of milliseconds for a core; 128 KiB (the former 64 × maxEventSize) lost ~9 % of 30,000/s
 * then. The memory is the kernel's, used only while a burst waits, and Linux caps it at
 * net.core.rmem_max (a warning says so).
 */
export const UDP_RECEIVE_BUFFER_DEFAULT = 4 * 1024 * 1024;

export const SYSLOG_SOURCE_KEYS: ObjectSchema['keys'] = {
  mode: { kind: 'enum', values: ['udp', 'tcp'], default: 'udp', description: 'Transport: one datagram per message (udp), or a stream framed by newlines or RFC 6587 octet counts (tcp).' },
  port: { kind: 'integer', min: 1, max: 65535, default: 514, description: 'Port to listen on. Ports below 1024 need privileges.' },
  bind: { kind: 'string', default: '0.0.0.0', description: 'Address to listen on.' },
  maxEventSize: { kind: 'integer', min: 64, max: 16 * 1024 * 1024, default: DEFAULT_MAX_EVENT_SIZE, description: 'Longest message in bytes; longer ones are truncated and carry `@collect.truncated=true`.' },
  receiveBufferSize: { kind: 'integer', min: 65, max: 1024 * 1024 * 1024, defaultText: '4 MiB (64 × maxEventSize when larger)', description: 'UDP socket receive buffer in bytes (the kernel caps it at `net.core.rmem_max`); must be larger than maxEventSize. TCP connections ignore it.' },
  workers: { kind: 'integer', min: 1, max: 64, default: 1, description: 'Accepted for compatibility; Node reads a socket on one thread, so this does not change throughput.' },
  strict: { kind: 'boolean', default: false, description: 'Accepted for compatibility: messages are always forwarded as they arrive, RFC 3164 and RFC 5424 alike.' },
};
