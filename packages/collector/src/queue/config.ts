import type { ObjectSchema } from '../config/schema-types.js';

export interface QueueConfig {
  type: 'memory' | 'disk';
  maxLimitInMB: number;
  fullAction: 'pause' | 'deleteOldest';
  flushTimeOutInMillisecond: number;
  /** Disk queues only; absent means `<dataDirectory>/queue/<sink name>`. */
  storageDir?: string;
}

export const QUEUE_SCHEMA: ObjectSchema = {
  kind: 'object',
  description: 'Where events wait between the sources and the server. Absent: a memory queue with the defaults.',
  keys: {
    type: { kind: 'enum', values: ['memory', 'disk'], default: 'memory', description: '`memory` is lost on a crash; `disk` survives crashes and restarts (at-least-once).' },
    maxLimitInMB: { kind: 'integer', min: 1, max: 1024 * 1024, default: 1024, description: 'Largest queue size in MB.' },
    fullAction: { kind: 'enum', values: ['pause', 'deleteOldest'], default: 'pause', description: '`pause` stops reading sources until there is room (UDP cannot be paused: datagrams arriving meanwhile are dropped and counted as `queue_full`); `deleteOldest` drops the oldest queued events and counts them.' },
    flushTimeOutInMillisecond: { kind: 'integer', min: 1, max: 600_000, default: 1000, description: 'Longest time an event waits for a batch to fill before the batch is sent.' },
    storageDir: { kind: 'string', defaultText: '<dataDirectory>/queue/<sink name>', description: 'Directory of a disk queue.' },
  },
};
