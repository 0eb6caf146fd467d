/** How the language's SQL back end sees the events table (store/schema.ts owns the table). */
import type { SearchSchema } from '@hecate/lang';
import { EVENTS_TABLE, FIELD_COLUMNS, FIELDS_JSON_COLUMN, NUMERIC_COLUMNS, TAGS_JSON_COLUMN } from '../store/schema.js';

export const SEARCH_SCHEMA: SearchSchema = Object.freeze({
  table: EVENTS_TABLE,
  timeColumn: 'ts',
  idColumn: 'id',
  rawColumn: 'raw',
  columns: FIELD_COLUMNS,
  tagsJsonColumn: TAGS_JSON_COLUMN,
  fieldsJsonColumn: FIELDS_JSON_COLUMN,
  numericColumns: NUMERIC_COLUMNS,
});
