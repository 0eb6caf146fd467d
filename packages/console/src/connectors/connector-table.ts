/**
 * The connector list's filter and sort, read from and written to the URL (`?q=&status=&sort=&dir=`),
 * so a filtered, sorted list is a link. Pure functions: unit tested in connector-table.test.ts.
 */
import type { Connector, ConnectorStatus } from '../api/types.js';

export const SORT_KEYS = ['name', 'parser', 'status', 'lastIngested', 'volume', 'errors'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export const STATUSES: readonly ConnectorStatus[] = ['Active', 'Idle', 'Pending', 'Error', 'Paused'];

export interface TableState {
  /** Matched against name, description and parser, ignoring case. */
  q: string;
  status: ConnectorStatus | '';
  sort: SortKey;
  dir: SortDirection;
}

export const DEFAULT_TABLE_STATE: TableState = { q: '', status: '', sort: 'name', dir: 'asc' };

/** The direction a column sorts in when first chosen: numbers and times biggest/newest first. */
export function defaultDirection(key: SortKey): SortDirection {
  return key === 'name' || key === 'parser' || key === 'status' ? 'asc' : 'desc';
}

export function readTableState(query: URLSearchParams): TableState {
  const sort = query.get('sort');
  const dir = query.get('dir');
  const status = query.get('status');
  const key = (SORT_KEYS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : DEFAULT_TABLE_STATE.sort;
  return {
    q: query.get('q') ?? '',
    status: (STATUSES as readonly string[]).includes(status ?? '') ? (status as ConnectorStatus) : '',
    sort: key,
    dir: dir === 'asc' || dir === 'desc' ? dir : defaultDirection(key),
  };
}

/** Query parameters for a state; defaults are left out so the plain list keeps a plain URL. */
export function tableQuery(state: TableState): Record<string, string | undefined> {
  return {
    q: state.q.trim() === '' ? undefined : state.q,
    status: state.status === '' ? undefined : state.status,
    sort: state.sort === DEFAULT_TABLE_STATE.sort ? undefined : state.sort,
    dir: state.dir === defaultDirection(state.sort) ? undefined : state.dir,
  };
}

/** Clicking a column header: a new column sorts in its default direction, the same column flips. */
export function toggleSort(state: TableState, key: SortKey): TableState {
  if (state.sort === key) return { ...state, dir: state.dir === 'asc' ? 'desc' : 'asc' };
  return { ...state, sort: key, dir: defaultDirection(key) };
}

/** Rejected requests and parse failures of the last 24 hours. */
export function errorCount(c: Connector): number {
  return c.health.last24h.rejectedRequests + c.health.last24h.parseErrors;
}

/** The statuses that need attention first. */
const STATUS_RANK: Readonly<Record<ConnectorStatus, number>> = { Error: 0, Active: 1, Idle: 2, Pending: 3, Paused: 4 };

function compare(a: Connector, b: Connector, key: SortKey): number {
  switch (key) {
    case 'name':
      return a.name.localeCompare(b.name, 'en', { sensitivity: 'base', numeric: true });
    case 'parser':
      return a.parser.localeCompare(b.parser, 'en', { sensitivity: 'base' });
    case 'status':
      return STATUS_RANK[a.status] - STATUS_RANK[b.status];
    case 'lastIngested':
      return (a.lastIngestedAt === null ? -1 : Date.parse(a.lastIngestedAt)) - (b.lastIngestedAt === null ? -1 : Date.parse(b.lastIngestedAt));
    case 'volume':
      return a.health.last24h.events - b.health.last24h.events;
    case 'errors':
      return errorCount(a) - errorCount(b);
  }
}

export function visibleConnectors(connectors: readonly Connector[], state: TableState): Connector[] {
  const needle = state.q.trim().toLowerCase();
  const kept = connectors.filter(
    (c) =>
      (state.status === '' || c.status === state.status) &&
      (needle === '' || c.name.toLowerCase().includes(needle) || c.description.toLowerCase().includes(needle) || c.parser.toLowerCase().includes(needle)),
  );
  const sign = state.dir === 'asc' ? 1 : -1;
  // Ties keep name order, so the list does not shuffle between refreshes.
  return kept.sort((a, b) => sign * compare(a, b, state.sort) || compare(a, b, 'name'));
}
