/** Answers of the search API as the search view reads them (docs/search.md). */

/** An event, or an aggregate row, as a query job returns it. */
export type ResultRecord = Record<string, unknown>;

/** `GET /api/v1/queryjobs/:id`. */
export interface QueryJobPoll {
  done: boolean;
  /** With `done`: the job stopped at its time limit; the results are those found until then. */
  cancelled: boolean;
  events: ResultRecord[];
  metaData: {
    eventCount: number;
    processedEvents: number;
    processedBytes: number;
    timeMillis: number;
    isAggregate: boolean;
    fieldNames: string[];
    totalWork: number;
    workDone: number;
    queryStart: number;
    queryEnd: number;
    isLive: boolean;
    resultBufferSize?: number;
    extraData?: { hasMoreEvents?: 'true'; note?: string };
  };
}

/** `POST /api/v1/search/fields`. */
export interface FieldStats {
  fields: FieldStat[];
  meta: { sample: number; sampledEvents: number; timeMillis: number; note?: string };
}

export interface FieldStat {
  name: string;
  /** Sampled events that have the field. */
  count: number;
  distinctValues: number;
  topValues: Array<{ value: string; count: number }>;
}

/** The `position` of a 400 QUERY_SYNTAX answer: UTF-16 offsets (end exclusive), 1-based line and column. */
export interface QueryPosition {
  start: number;
  end: number;
  line: number;
  column: number;
}
