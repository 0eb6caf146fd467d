/**
 * FalconPy's `IngestPayload` (ngsiem.md §1.4), so Python scripts port directly: `host`, `timestamp`,
 * `timeunit`, `custom`, `fields`, and any other key merged into the event.
 */
import type { TimeUnit } from './time-unit.js';

export type FieldValue = string | number | boolean | null | Array<string | number | boolean | null>;

export interface IngestPayloadInit {
  host?: string;
  timestamp?: number | bigint;
  timeunit?: TimeUnit;
  custom?: Record<string, unknown>;
  fields?: Record<string, FieldValue>;
  [key: string]: unknown;
}

export class IngestPayload {
  readonly host: string | undefined;
  readonly timestamp: number | bigint | undefined;
  timeunit: TimeUnit | undefined;
  /** Keys merged into the event after host, timestamp and timeunit (FalconPy: `custom` plus unknown kwargs). */
  readonly custom: Record<string, unknown>;
  readonly fields: Record<string, FieldValue>;

  constructor(init: IngestPayloadInit = {}) {
    const { host, timestamp, timeunit, custom, fields, ...rest } = init;
    this.host = host;
    this.timestamp = timestamp;
    this.timeunit = timeunit;
    this.custom = { ...(custom ?? {}), ...rest };
    this.fields = { ...(fields ?? {}) };
  }
}
