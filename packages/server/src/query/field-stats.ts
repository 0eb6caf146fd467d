/**
 * Field statistics of a search: for the newest `sample` events the query lists, every field name with
 * the number of those events that have it, how many distinct values it takes, and its most frequent
 * values with their counts.
 *
 * Counted in the engine when the query's events come straight from SQL (filters, and pipelines of
 * filters, sort, head and tail): one statement unpivots the sample into (field, value) pairs — the
 * stored columns, then every member of the tags and fields JSON — and groups them. Measured over the
 * newest 10,000 of 2 M events (15 fields, 2 cores): 210–480 ms in the engine's threads, against
 * 280–630 ms to read the same events into JavaScript and count them there, all of it on the thread
 * that serves HTTP and HEC. Queries whose stages change fields or need the evaluator are searched as
 * usual (at most `sample` events, through the evaluator) and counted here.
 *
 * Bounds: `sample` ≤ MAX_SAMPLE events, values compared on their first VALUE_CHARS characters (and
 * shown that long), TOP_VALUES values per field, MAX_FIELDS fields (the most frequent; a note says
 * when more were seen).
 */
import { duckdbDialect } from '@hecate/lang';
import { FIELD_COLUMNS, FIELDS_JSON_COLUMN, NUMERIC_COLUMNS, TAGS_JSON_COLUMN } from '../store/schema.js';
import type { EventQuery } from './event-query.js';
import { eventsSql } from './events-sql.js';
import type { PipelineResult, SearchRequest, SearchResult } from './search-service.js';
import { resolveRange } from './time-range.js';
import type { TimeSpec } from './time-range.js';

export const DEFAULT_SAMPLE = 10_000;
export const MAX_SAMPLE = 10_000;
export const TOP_VALUES = 10;
export const MAX_FIELDS = 1_000;
export const VALUE_CHARS = 200;

export interface FieldStatsRequest {
  query: string;
  start?: TimeSpec;
  end?: TimeSpec;
  sample?: number;
  canReadAudit?: boolean;
  signal?: AbortSignal;
}

export interface FieldStat {
  name: string;
  /** Events of the sample that have the field. */
  count: number;
  distinctValues: number;
  /** Most frequent first; ties in value order. */
  topValues: { value: string; count: number }[];
}

export interface FieldStatsResult {
  fields: FieldStat[];
  meta: { query: string; start: number; end: number; sample: number; sampledEvents: number; timeMillis: number; note?: string };
}

type Search = (request: SearchRequest) => Promise<SearchResult | PipelineResult>;

export async function fieldStatistics(query: EventQuery, request: FieldStatsRequest, search: Search): Promise<FieldStatsResult> {
  const started = performance.now();
  const { start, end } = resolveRange(request.start, request.end, Date.now());
  const sample = request.sample ?? DEFAULT_SAMPLE;
  const canReadAudit = request.canReadAudit ?? true;
  const events = eventsSql({ query: request.query, start, end: end + 1, limit: sample, canReadAudit, purpose: 'Field statistics' });
  let counted: { fields: FieldStat[]; sampledEvents: number; moreFields: boolean; note?: string };
  if (events.kind === 'sql' && events.plainEvents) {
    counted = fromRows(await query(...statsSql(events.sql, events.params)));
  } else {
    const answer = await search({ query: request.query, start, end, limit: sample, canReadAudit, ...(request.signal ? { signal: request.signal } : {}) });
    const note = 'note' in answer.meta ? answer.meta.note : undefined;
    counted = { ...countFields(answer.events ?? []), ...(note === undefined ? {} : { note }) };
  }
  const notes = [counted.note, counted.moreFields ? `more than ${MAX_FIELDS} fields were seen; only the ${MAX_FIELDS} most frequent are listed` : undefined].filter((n) => n !== undefined);
  return {
    fields: counted.fields,
    meta: {
      query: request.query,
      start,
      end,
      sample,
      sampledEvents: counted.sampledEvents,
      timeMillis: Math.round(performance.now() - started),
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    },
  };
}

/** The statement, its parameters and its row bound: (field, value, count, events, distinct, field rank, sampled) rows. */
function statsSql(eventsSqlText: string, eventsParams: readonly unknown[]): [string, unknown[], number] {
  const d = duckdbDialect;
  const q = (name: string): string => d.quoteIdentifier(name);
  const params = [...eventsParams];
  const bind = (value: unknown): string => {
    params.push(value);
    return d.placeholder(params.length);
  };
  const columnPairs = Object.entries(FIELD_COLUMNS).map(([field, column]) => {
    const value = NUMERIC_COLUMNS.includes(column) ? d.toText(q(column)) : q(column);
    return `SELECT CAST(${bind(field)} AS VARCHAR) AS f, ${value} AS v FROM s`;
  });
  // JSON members: strings as they are, other JSON values as their JSON text (as json_extract_string reads them).
  const jsonPairs = [TAGS_JSON_COLUMN, FIELDS_JSON_COLUMN].map((column) => `SELECT j.key AS f, json_extract_string(j.value, '$') AS v FROM s, json_each(s.${q(column)}) AS j`);
  const sql = [
    `WITH s AS MATERIALIZED (${eventsSqlText}),`,
    `kv AS (${[...columnPairs, ...jsonPairs].join(' UNION ALL ')}),`,
    `g AS (SELECT f, left(v, ${bind(VALUE_CHARS)}) AS v, COUNT(*) AS n FROM kv WHERE v IS NOT NULL GROUP BY 1, 2),`,
    'r AS (SELECT f, v, n, SUM(n) OVER (PARTITION BY f) AS events, COUNT(*) OVER (PARTITION BY f) AS distinct_values,',
    '  ROW_NUMBER() OVER (PARTITION BY f ORDER BY n DESC, v) AS value_rank FROM g),',
    `ranked AS (SELECT *, DENSE_RANK() OVER (ORDER BY events DESC, f) AS field_rank FROM r WHERE value_rank <= ${bind(TOP_VALUES)})`,
    'SELECT f, v, n, events, distinct_values, field_rank, (SELECT COUNT(*) FROM s) AS sampled',
    `FROM ranked WHERE field_rank <= ${bind(MAX_FIELDS + 1)} ORDER BY field_rank, value_rank`,
  ].join('\n');
  return [sql, params, (MAX_FIELDS + 1) * TOP_VALUES];
}

function fromRows(rows: readonly Record<string, unknown>[]): { fields: FieldStat[]; sampledEvents: number; moreFields: boolean } {
  const fields: FieldStat[] = [];
  let moreFields = false;
  for (const row of rows) {
    if (Number(row['field_rank']) > MAX_FIELDS) {
      moreFields = true;
      break;
    }
    const name = String(row['f']);
    let stat = fields[fields.length - 1];
    if (stat?.name !== name) {
      stat = { name, count: Number(row['events']), distinctValues: Number(row['distinct_values']), topValues: [] };
      fields.push(stat);
    }
    stat.topValues.push({ value: String(row['v']), count: Number(row['n']) });
  }
  return { fields, sampledEvents: rows.length === 0 ? 0 : Number(rows[0]?.['sampled']), moreFields };
}

/** The same statistics over events already in memory (the evaluator's answer). */
export function countFields(events: readonly Record<string, unknown>[]): { fields: FieldStat[]; sampledEvents: number; moreFields: boolean } {
  const byField = new Map<string, Map<string, number>>();
  for (const event of events) {
    for (const [name, raw] of Object.entries(event)) {
      const value = valueText(raw);
      if (value === undefined) continue;
      let values = byField.get(name);
      if (values === undefined) byField.set(name, (values = new Map()));
      const key = value.slice(0, VALUE_CHARS);
      values.set(key, (values.get(key) ?? 0) + 1);
    }
  }
  const all = [...byField].map(([name, values]): FieldStat => {
    const ranked = [...values].sort(([va, a], [vb, b]) => b - a || (va < vb ? -1 : va > vb ? 1 : 0));
    return {
      name,
      count: ranked.reduce((sum, [, n]) => sum + n, 0),
      distinctValues: values.size,
      topValues: ranked.slice(0, TOP_VALUES).map(([value, count]) => ({ value, count })),
    };
  });
  all.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { fields: all.slice(0, MAX_FIELDS), sampledEvents: events.length, moreFields: all.length > MAX_FIELDS };
}

function valueText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
