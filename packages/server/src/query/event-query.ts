/** One read-only query against the events table, with the caller's time limit and abort signal already applied. */
export type EventQuery = (sql: string, params: readonly unknown[], maxRows: number) => Promise<Record<string, unknown>[]>;
