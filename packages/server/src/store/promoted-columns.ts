/**
 * Fields and tags kept in their own columns of the events table instead of the `fields`/`tags` JSON
 * ("promoted"): the ones the built-in parsers write most and analysts filter and group on. A filter
 * or groupBy on them reads one dictionary-compressed column instead of decompressing and parsing the
 * whole JSON of every event (the JSON is ~80 % of an event's stored bytes on the bench:search corpus).
 *
 * A promoted key is written to its column and left out of the JSON, so each value is stored once
 * (copying it instead cost 3× the bytes: docs/PERFORMANCE.md, "Storage layout"). Columns are
 * VARCHAR because event values are strings (`events.ts`); a missing field is NULL.
 *
 * The order of PROMOTED_COLUMNS is the order of the columns in the table (after `fields`): the
 * Appender writes by position, and a migrated table gets them by ALTER TABLE in this order. Adding a
 * key later means appending it here and a migration step in migrate-events-table.ts.
 */
export interface PromotedColumn {
  /** The event's key: a field name (`source.ip`) or a tag with its `#` (`#Vendor`). */
  readonly key: string;
  readonly column: string;
  /** Where the key lives when it is not promoted: the tags JSON or the fields JSON. */
  readonly json: 'tags' | 'fields';
}

const tag = (key: string, column: string): PromotedColumn => Object.freeze({ key, column, json: 'tags' });
const field = (key: string, column: string): PromotedColumn => Object.freeze({ key, column, json: 'fields' });

export const PROMOTED_COLUMNS: readonly PromotedColumn[] = Object.freeze([
  // Tags every CPS parser declares (tagFields).
  tag('#Vendor', 'tag_vendor'),
  tag('#event.module', 'tag_event_module'),
  tag('#event.dataset', 'tag_event_dataset'),
  tag('#event.kind', 'tag_event_kind'),
  tag('#event.outcome', 'tag_event_outcome'),
  // The fields the built-in parsers set most often (source.ip in 27 assignments, user.name 28, …).
  field('source.ip', 'source_ip'),
  field('source.port', 'source_port'),
  field('destination.ip', 'destination_ip'),
  field('destination.port', 'destination_port'),
  field('user.name', 'user_name'),
  field('event.action', 'event_action'),
  field('event.outcome', 'event_outcome'),
  field('host.name', 'host_name'),
  field('host.hostname', 'host_hostname'),
]);

export const PROMOTED_TAGS: readonly PromotedColumn[] = PROMOTED_COLUMNS.filter((c) => c.json === 'tags');
export const PROMOTED_FIELDS: readonly PromotedColumn[] = PROMOTED_COLUMNS.filter((c) => c.json === 'fields');
