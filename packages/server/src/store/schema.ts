/**
 * The events table of the embedded engine (DuckDB). One row per StoredEvent.
 * Search compiles field names to these columns (see @hecate/lang `SearchSchema`).
 *
 * column        type     event field
 * id            VARCHAR  @id (ZSTD: 6.4 bytes per event against 10.1 for DuckDB's dictionary/FSST)
 * ts            BIGINT   @timestamp (Unix ms)
 * ts_nanos      INTEGER  @timestamp.nanos
 * ingest_ts     BIGINT   @ingesttimestamp
 * raw           VARCHAR  @rawstring (ZSTD: half the size of DuckDB's default FSST on the bench corpus)
 * host          VARCHAR  @host
 * source        VARCHAR  @source
 * sourcetype    VARCHAR  @sourcetype
 * connector     VARCHAR  #connector
 * repo          VARCHAR  #repo
 * type          VARCHAR  #type
 * connection_id VARCHAR  @dataConnectionID
 * request_id    VARCHAR  @requestId
 * tags          VARCHAR  other tags: JSON object text, keys with the leading '#' (NULL when none)
 * fields        VARCHAR  other fields: JSON object text, flat keys (NULL when none)
 * source_ip, …  VARCHAR  promoted tags and fields (promoted-columns.ts), not repeated in the JSON
 *
 * Tables created before the promoted columns existed are migrated on open (migrate-events-table.ts).
 * A column's compression applies to tables created with it: older files keep theirs (DuckDB reads
 * both), so changing it needs no migration.
 */
import { PROMOTED_COLUMNS } from './promoted-columns.js';

export const EVENTS_TABLE = 'events';

export const FIELD_COLUMNS: Readonly<Record<string, string>> = Object.freeze({
  '@id': 'id',
  '@timestamp': 'ts',
  '@timestamp.nanos': 'ts_nanos',
  '@ingesttimestamp': 'ingest_ts',
  '@rawstring': 'raw',
  '@host': 'host',
  '@source': 'source',
  '@sourcetype': 'sourcetype',
  '#connector': 'connector',
  '#repo': 'repo',
  '#type': 'type',
  '@dataConnectionID': 'connection_id',
  '@requestId': 'request_id',
  ...Object.fromEntries(PROMOTED_COLUMNS.map((c) => [c.key, c.column])),
});

export const TAGS_JSON_COLUMN = 'tags';
export const FIELDS_JSON_COLUMN = 'fields';

export const CREATE_EVENTS_TABLE = `CREATE TABLE IF NOT EXISTS ${EVENTS_TABLE} (
  id VARCHAR NOT NULL USING COMPRESSION zstd,
  ts BIGINT NOT NULL,
  ts_nanos INTEGER NOT NULL,
  ingest_ts BIGINT NOT NULL,
  raw VARCHAR NOT NULL USING COMPRESSION zstd,
  host VARCHAR,
  source VARCHAR,
  sourcetype VARCHAR,
  connector VARCHAR NOT NULL,
  repo VARCHAR NOT NULL,
  type VARCHAR NOT NULL,
  connection_id VARCHAR NOT NULL,
  request_id VARCHAR NOT NULL,
  tags VARCHAR,
  fields VARCHAR USING COMPRESSION zstd,
${PROMOTED_COLUMNS.map((c) => `  ${c.column} VARCHAR`).join(',\n')}
)`;

/** Columns of FIELD_COLUMNS whose SQL type is not text (string filters cast them). */
export const NUMERIC_COLUMNS: readonly string[] = Object.freeze(['ts', 'ts_nanos', 'ingest_ts']);
