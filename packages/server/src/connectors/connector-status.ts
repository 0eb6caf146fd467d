/**
 * A connector's status, from what is already in memory (no event-store scan):
 *
 *   Paused   `enabled` is false (its key is answered with HEC code 1)
 *   Error    its most recent requests were all rejected (ConnectorActivity.failing)
 *   Pending  it has never stored an event
 *   Active   it stored events within the last 15 minutes
 *   Idle     it stored events before, none in the last 15 minutes
 */
import type { Connector } from './connector-store.js';

export type ConnectorStatus = 'Pending' | 'Active' | 'Idle' | 'Error' | 'Paused';

/** Active when events arrived within the last 15 minutes. */
export const ACTIVE_WINDOW_MS = 15 * 60 * 1000;

export function statusOf(connector: Pick<Connector, 'enabled' | 'lastEventAt'>, now: number, failing = false): ConnectorStatus {
  if (!connector.enabled) return 'Paused';
  if (failing) return 'Error';
  if (connector.lastEventAt === undefined) return 'Pending';
  return now - connector.lastEventAt <= ACTIVE_WINDOW_MS ? 'Active' : 'Idle';
}
