/**
 * How event field names map onto a table. Supplied by the storage layer (it owns the table), read by
 * the SQL back ends. Names here are trusted configuration, but still go through the dialect's
 * identifier quoting.
 */
export interface SearchSchema {
  readonly table: string;
  /** Event time in Unix ms (BIGINT). */
  readonly timeColumn: string;
  /** Unique, sortable id: the tie-break of the newest-first order. */
  readonly idColumn: string;
  /** @rawstring: free text and bare regexes search this column. */
  readonly rawColumn: string;
  /** Fields stored as their own column, keyed by field name (`@host`, `#repo`, …). */
  readonly columns: Readonly<Record<string, string>>;
  /** Other tags: JSON object text whose keys keep the leading `#`. */
  readonly tagsJsonColumn: string;
  /** Other fields: JSON object text with flat keys (`source.ip`). */
  readonly fieldsJsonColumn: string;
  /** Columns of `columns` whose SQL type is not text (string filters cast them to text). */
  readonly numericColumns?: readonly string[];
}
