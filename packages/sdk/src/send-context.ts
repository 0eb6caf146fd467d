/** What every request of one sender shares: options, transport, log, ack poller, request budget. */
import type { AckPoller } from './ack-poller.js';
import type { ResolvedOptions } from './hec-options.js';
import type { Log } from './redacting-logger.js';
import type { Semaphore } from './semaphore.js';
import type { Transport } from './transport.js';

export interface SendContext {
  readonly options: ResolvedOptions;
  readonly transport: Transport;
  readonly log: Log;
  readonly slots: Semaphore;
  readonly acks: AckPoller | undefined;
}
