/**
 * The order in which the indexer appends a batch's events: similar events next to each other.
 *
 * DuckDB compresses each column segment by segment, so the `raw` and `fields` text of events that
 * look alike (the same connector, parser and kind of message) compresses better when those rows are
 * adjacent. HEC requests arrive interleaved (one connector's 100 events, then another's), so the
 * indexer groups each batch by connector, then parser (`#type`), then `event.action` (the kind of
 * message for every CPS parser), keeping arrival order inside a group. On the bench:search corpus,
 * in batches of 2,048 events this took `raw` + `fields` from 118.2 to 112.5 bytes per event, in
 * batches of 16,384 to 108.8 (docs/PERFORMANCE.md, "Storage layout"). Grouping by the full list of
 * field names did a little better (106.7) but cost 3 µs per event against 0.2.
 *
 * The indexer groups one transaction's rows (at most MAX_TRANSACTION_EVENTS, 10,000, in event-indexer.ts);
 * beyond ~16 K the gain flattens (122,880-event groups: 107.2 bytes per event).
 *
 * Nothing reads rows in insertion order: searches sort by (`ts`, `id`), and `id` is unique.
 */
import { EVENT_ACTION_INDEX } from './index-row.js';
import type { IndexRow } from './index-row.js';

/** The rows of `events` grouped by (connector, type, event.action), first-seen group first. */
export function groupSimilarEvents(events: readonly IndexRow[]): IndexRow[] {
  // Nested maps look each part up as it is (the strings come from JSON.parse, one per event): a
  // joined key string cost twice as much per event.
  const byConnector = new Map<string, Map<string, Map<string, IndexRow[]>>>();
  const groups: IndexRow[][] = [];
  for (const e of events) {
    let byType = byConnector.get(e.connector);
    if (byType === undefined) byConnector.set(e.connector, (byType = new Map()));
    let byAction = byType.get(e.type);
    if (byAction === undefined) byType.set(e.type, (byAction = new Map()));
    const action = actionOf(e);
    let group = byAction.get(action);
    if (group === undefined) {
      byAction.set(action, (group = []));
      groups.push(group);
    }
    group.push(e);
  }
  if (groups.length === 1) return groups[0] ?? [];
  const out: IndexRow[] = [];
  for (const group of groups) for (const e of group) out.push(e);
  return out;
}

function actionOf(e: IndexRow): string {
  const action = e.promoted[EVENT_ACTION_INDEX];
  return typeof action === 'string' ? action : '';
}
