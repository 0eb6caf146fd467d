import { describe, expect, it } from 'vitest';
import type { Connector, ConnectorStatus } from '../api/types.js';
import { DEFAULT_TABLE_STATE, readTableState, tableQuery, toggleSort, visibleConnectors, type TableState } from './connector-table.js';

function connector(name: string, status: ConnectorStatus, events: number, errors: number, lastIngestedAt: string | null, parser = 'json'): Connector {
  return {
    id: name,
    name,
    description: `${name} description`,
    parser,
    status,
    enabled: status !== 'Paused',
    ingestUrl: 'http://127.0.0.1:8088/services/collector',
    keyFingerprint: '00000000',
    keyLastUsedAt: null,
    hec: { useAck: false, allowQueryStringAuth: false, indexes: [], defaultIndex: 'main' },
    lastIngestedAt,
    health: { lastRequestAt: null, last24h: { requests: 0, rejectedRequests: errors, events, bytes: 0, parseErrors: 0, hecErrorsByCode: {} } },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const list = [
  connector('fw-paris', 'Active', 500, 0, '2026-11-26T12:00:00.000Z', 'raw'),
  connector('app10', 'Error', 20, 7, '2026-11-26T10:00:00.000Z'),
  connector('app9', 'Pending', 0, 0, null),
  connector('Zeta', 'Paused', 90, 1, '2026-11-20T10:00:00.000Z'),
];

const names = (state: Partial<TableState>): string[] => visibleConnectors(list, { ...DEFAULT_TABLE_STATE, ...state }).map((c) => c.name);

describe('the connector table', () => {
  it('sorts by name ignoring case, with numbers in number order', () => {
    expect(names({})).toEqual(['app9', 'app10', 'fw-paris', 'Zeta']);
    expect(names({ dir: 'desc' })).toEqual(['Zeta', 'fw-paris', 'app10', 'app9']);
  });

  it('sorts by status with errors first', () => {
    expect(names({ sort: 'status' })).toEqual(['app10', 'fw-paris', 'app9', 'Zeta']);
  });

  it.each([
    ['volume', ['fw-paris', 'Zeta', 'app10', 'app9']],
    ['errors', ['app10', 'Zeta', 'app9', 'fw-paris']],
    ['lastIngested', ['fw-paris', 'app10', 'Zeta', 'app9']],
  ] as const)('sorts by %s biggest or newest first', (sort, expected) => {
    expect(names({ sort, dir: 'desc' })).toEqual(expected);
  });

  it('filters by text in the name, description or parser, and by status', () => {
    expect(names({ q: 'APP' })).toEqual(['app9', 'app10']);
    expect(names({ q: 'raw' })).toEqual(['fw-paris']);
    expect(names({ status: 'Error' })).toEqual(['app10']);
    expect(names({ q: 'nothing like it' })).toEqual([]);
  });

  it('reads its state from the URL and writes only what differs from the defaults', () => {
    const state = readTableState(new URLSearchParams('q=fw&status=Active&sort=volume'));
    expect(state).toEqual({ q: 'fw', status: 'Active', sort: 'volume', dir: 'desc' });
    expect(tableQuery(state)).toEqual({ q: 'fw', status: 'Active', sort: 'volume', dir: undefined });
    expect(tableQuery(DEFAULT_TABLE_STATE)).toEqual({ q: undefined, status: undefined, sort: undefined, dir: undefined });
  });

  it('ignores unknown sort keys and statuses in the URL', () => {
    expect(readTableState(new URLSearchParams('sort=password&status=Bogus&dir=sideways'))).toEqual(DEFAULT_TABLE_STATE);
  });

  it('flips the direction when the same column is chosen again', () => {
    const byVolume = toggleSort(DEFAULT_TABLE_STATE, 'volume');
    expect(byVolume).toMatchObject({ sort: 'volume', dir: 'desc' });
    expect(toggleSort(byVolume, 'volume')).toMatchObject({ sort: 'volume', dir: 'asc' });
  });
});
