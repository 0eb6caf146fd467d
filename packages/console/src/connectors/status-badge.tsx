import type { ConnectorStatus } from '../api/types.js';

/** What each status means (docs/connectors.md, Statuses), shown as the badge's tooltip. */
const MEANING: Readonly<Record<ConnectorStatus, string>> = {
  Pending: 'No event has arrived yet',
  Active: 'Events arrived within the last 15 minutes',
  Idle: 'No events in the last 15 minutes',
  Error: 'Its most recent requests were all rejected',
  Paused: 'Paused: its key is refused with HEC code 1',
};

/** The status in words and colour (never colour alone). */
export function StatusBadge({ status }: { status: ConnectorStatus }) {
  return (
    <span class={`badge status-${status.toLowerCase()}`} title={MEANING[status]} data-status={status}>
      {status}
    </span>
  );
}
