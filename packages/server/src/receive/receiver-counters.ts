/** The receiver's counters (ReceiverStats): plain numbers bumped on the request path, copied on read. */
import type { ReceiverExtraStats, ReceiverStats } from './types.js';

export class ReceiverCounters {
  requests = 0;
  eventsAccepted = 0;
  bytesReceived = 0;
  dedupHits = 0;
  invalidRequestIds = 0;
  badGzip = 0;
  private readonly byCode: Record<string, number> = {};

  /** `key` is the HEC code, or the HTTP status for 404/405/413/415 (whose bodies reuse other codes). */
  count(key: number): void {
    const name = String(key);
    this.byCode[name] = (this.byCode[name] ?? 0) + 1;
  }

  snapshot(): ReceiverStats & Omit<ReceiverExtraStats, 'ackChannels' | 'pendingAcks'> {
    return {
      requests: this.requests,
      byCode: { ...this.byCode },
      eventsAccepted: this.eventsAccepted,
      bytesReceived: this.bytesReceived,
      dedupHits: this.dedupHits,
      invalidRequestIds: this.invalidRequestIds,
      badGzip: this.badGzip,
    };
  }
}
