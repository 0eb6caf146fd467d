import { describe, expect, it } from 'vitest';
import { DEFAULT_BUCKETS, humanSpan } from '../ir/lower-search.js';
import type { LowerContext } from '../ir/lower-search.js';
import { checkSearch } from './check-search.js';

const diagnostics = (query: string, range: LowerContext = {}) => {
  const checked = checkSearch(query, range);
  if (checked.ok) throw new Error(`expected ${query} to be refused`);
  return checked.diagnostics;
};

const firstStage = (query: string, range: LowerContext = {}) => {
  const checked = checkSearch(query, range);
  if (!checked.ok) throw new Error(`${query}: ${checked.diagnostics[0]?.message ?? ''}`);
  return checked.ir[0];
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('checkSearch', () => {
  it('lowers aggregates with their defaults filled in', () => {
    const checked = checkSearch('error | groupBy(user) | sort() | head()');
    expect(checked.ok && checked.ir).toEqual([
      expect.objectContaining({ kind: 'event' }),
      { kind: 'aggregate', groupBy: ['user'], bucketSpan: null, functions: [{ kind: 'count', field: null, distinct: false, as: '_count' }], limit: 20_000, byCountDesc: false, seriesLimit: null },
      { kind: 'sort', keys: [{ field: '_count', order: 'desc' }], limit: 200 },
      { kind: 'head', limit: 200 },
    ]);
  });

  it('reads [count(), avg(x)] as stats', () => {
    const checked = checkSearch('[count(), avg(x)]');
    expect(checked.ok && checked.ir[0]).toMatchObject({ kind: 'aggregate', functions: [{ kind: 'count' }, { kind: 'avg', field: 'x', as: '_avg' }] });
  });

  it.each([
    ['error | groupBi(user)', 'UNKNOWN_FUNCTION', 8],
    ['x | count(nope=1)', 'UNKNOWN_ARGUMENT', 10],
    ['x := lower(count())', 'INVALID_ARGUMENT', 0],
    ['a | groupBy(user, function=lower(user))', 'INVALID_ARGUMENT', 4],
    ['a | groupBy(user, function=count(as=user))', 'INVALID_ARGUMENT', 4],
    ['a | timeChart(span=soon)', 'INVALID_ARGUMENT', 4],
    ['a | head(0)', 'INVALID_ARGUMENT', 4],
    ['a | [count(), count()]', 'INVALID_ARGUMENT', 4],
    ['a | ', 'EMPTY_STAGE', 4],
  ])('refuses %j with %s at offset %i', (query, code, start) => {
    const [first] = diagnostics(query);
    expect(first).toMatchObject({ code, start });
  });
});

describe('percentile lowers to one output per percentile', () => {
  it('names the outputs _50, _75 and _99 by default, as LogScale does', () => {
    expect(firstStage('percentile(bytes)')).toMatchObject({
      kind: 'aggregate',
      functions: [
        { kind: 'percentile', field: 'bytes', percentile: 50, as: '_50' },
        { kind: 'percentile', field: 'bytes', percentile: 75, as: '_75' },
        { kind: 'percentile', field: 'bytes', percentile: 99, as: '_99' },
      ],
    });
  });

  it('prefixes the outputs with as= and keeps fractional percentiles', () => {
    expect(firstStage('percentile(field=bytes, percentiles=[0, 99.9, 100], as=b)')).toMatchObject({
      functions: [{ as: 'b_0', percentile: 0 }, { as: 'b_99.9', percentile: 99.9 }, { as: 'b_100', percentile: 100 }],
    });
  });

  it('works inside groupBy, stats and timeChart functions', () => {
    expect(firstStage('groupBy(user, function=[count(), percentile(bytes, percentiles=[90])])')).toMatchObject({ groupBy: ['user'], functions: [{ kind: 'count' }, { kind: 'percentile', as: '_90' }] });
    expect(firstStage('stats([percentile(bytes, percentiles=[50]), max(bytes)])')).toMatchObject({ functions: [{ as: '_50' }, { as: '_max' }] });
    expect(firstStage('timeChart(span=1h, function=percentile(bytes, percentiles=50))')).toMatchObject({ bucketSpan: HOUR, functions: [{ as: '_50' }] });
  });

  it.each([
    ['percentile(bytes, percentiles=[101])'],
    ['percentile(bytes, percentiles=[-1])'],
    ['percentile(bytes, percentiles=["50); DROP TABLE events; --"])'],
    ['percentile(bytes, percentiles=["1e400"])'],
    ['percentile(bytes, percentiles=[""])'],
    ['percentile(bytes, percentiles=[])'],
    ['percentile(bytes, percentiles=[50, 50])'],
    ['groupBy(_50, function=percentile(bytes))'],
  ])('refuses %j with INVALID_ARGUMENT', (query) => {
    expect(diagnostics(query)[0]).toMatchObject({ code: 'INVALID_ARGUMENT', start: 0 });
  });
});

describe('timeChart and bucket spans', () => {
  it.each([
    ['timeChart()', { start: 0, end: DAY }, 15 * 60_000],
    ['timeChart(span=auto)', { start: 0, end: HOUR }, 30_000],
    ['timeChart(buckets=24)', { start: 0, end: DAY }, HOUR],
    ['timeChart(buckets=10)', { start: 0, end: DAY }, 3 * HOUR],
    ['timeChart(buckets=1)', { start: 0, end: 7 * DAY }, 7 * DAY],
    ['bucket(buckets=5)', { start: 1000, end: 13_000 }, 5000],
    ['bucket()', { start: 0, end: 12_000 }, 100],
    ['timeChart(span=5m)', { start: 0, end: DAY }, 5 * 60_000],
    ['timeChart()', {}, HOUR],
    ['timeChart(buckets=10)', { start: 0 }, HOUR],
  ] as const)('%s over %j spans %i ms', (query, range, span) => {
    expect(firstStage(query, range)).toMatchObject({ bucketSpan: span });
  });

  it('aims at 127 buckets by default', () => {
    expect(DEFAULT_BUCKETS).toBe(127);
    expect(firstStage('timeChart()', { start: 0, end: 127 * 60_000 })).toMatchObject({ bucketSpan: 60_000 });
    expect(firstStage('timeChart()', { start: 0, end: 127 * 60_000 + 1 })).toMatchObject({ bucketSpan: 2 * 60_000 });
  });

  it.each([
    [1, 1], [3, 5], [999, 1000], [1001, 2000], [40 * 60_000, HOUR], [13 * HOUR, DAY], [100 * DAY, 180 * DAY], [400 * DAY, 2 * 365 * DAY],
  ])('rounds %i ms up to the human span %i ms', (ms, span) => {
    expect(humanSpan(ms)).toBe(span);
  });

  it('keeps the top 10 series by default, and limit= of them', () => {
    expect(firstStage('timeChart(user, span=1h)')).toMatchObject({ groupBy: ['user'], seriesLimit: 10 });
    expect(firstStage('timeChart(user, span=1h, limit=3)')).toMatchObject({ seriesLimit: 3 });
    expect(firstStage('bucket(span=1h, field=[user, action], limit=2)')).toMatchObject({ groupBy: ['user', 'action'], seriesLimit: 2 });
    expect(firstStage('timeChart(span=1h)')).toMatchObject({ groupBy: [], seriesLimit: null });
  });

  it.each([
    ['timeChart(span=1h, buckets=10)'],
    ['timeChart(buckets=0)'],
    ['timeChart(buckets=1501)'],
    ['timeChart(buckets=2.5)'],
    ['timeChart(user, limit=0)'],
    ['timeChart(user, limit=501)'],
    ['timeChart(span="1h\'; DROP TABLE events; --")'],
    ['timeChart(span="-1h")'],
    ['timeChart(user, function=count(as=user))'],
    ['bucket(function=count(as=_bucket))'],
    ['bucket(span=1h, field=_bucket)'],
    ['timeChart(_bucket, span=1h)'],
  ])('refuses %j with INVALID_ARGUMENT', (query) => {
    expect(diagnostics(query, { start: 0, end: DAY })[0]).toMatchObject({ code: 'INVALID_ARGUMENT', start: 0 });
  });
});
