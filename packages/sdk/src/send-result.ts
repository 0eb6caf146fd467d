/** What a send reports: how much arrived, and for everything that did not, where and why. */
import type { HecError } from './hec-error.js';

export interface Rejection {
  /** Position of the first rejected event in the send (for files: the line number, 0-based, when known). */
  index: number;
  /** How many events this rejection covers (1 for a bad envelope, a whole batch for a failed request). */
  count: number;
  error: HecError;
}

export interface SendProgress {
  /** Events delivered (and acknowledged, with `useAck`) so far. */
  events: number;
  /** Payload bytes delivered so far (before gzip). */
  bytes: number;
  /** Events not delivered so far. */
  failed: number;
  /** Bytes of the source file read so far (compressed size for .gz), for files and streams. */
  sourceBytes?: number;
}

export interface SendResult extends SendProgress {
  rejections: Rejection[];
  /** HTTP requests that carried events (retries not counted). */
  requests: number;
}

export function emptyResult(): SendResult {
  return { events: 0, bytes: 0, failed: 0, rejections: [], requests: 0 };
}

/** Thrown by `sendEventList`/`sendEventFile` when anything was not delivered; `result` says what and why. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(readonly result: SendResult) {
    const first = result.rejections[0];
    super(`${result.failed} event(s) not delivered${first === undefined ? '' : `; first at ${first.index}: ${first.error.message}`}`);
  }
}
