import { describe, expect, it } from 'vitest';
import { timeChartData } from './chart-series.js';

describe('timeChartData', () => {
  it('draws timeChart() as one series of counts, empty buckets as 0', () => {
    const rows = [
      { _bucket: '1000', _count: '2' },
      { _bucket: '3000', _count: '5' },
    ];
    expect(timeChartData(rows, ['_bucket', '_count'])?.series).toEqual([{ name: '_count', points: [{ t: 1000, v: 2 }, { t: 3000, v: 5 }] }]);
    // Two buckets 2 s apart: the span is taken as 2 s, so nothing is missing between them.
    const chart = timeChartData(
      [{ _bucket: '1000', _count: '2' }, { _bucket: '2000', _count: '1' }, { _bucket: '4000', _count: '5' }],
      ['_bucket', '_count'],
    );
    expect(chart?.series[0]?.points).toEqual([{ t: 1000, v: 2 }, { t: 2000, v: 1 }, { t: 3000, v: 0 }, { t: 4000, v: 5 }]);
    expect(chart).toMatchObject({ measure: '_count', first: 1000, last: 4000, spanMs: 1000, max: 5 });
  });

  it('draws one line per series value of timeChart(user), numeric or not', () => {
    const chart = timeChartData(
      [
        { _bucket: '0', status: '200', _count: '3' },
        { _bucket: '0', status: '500', _count: '1' },
        { _bucket: '60000', status: '200', _count: '4' },
      ],
      ['_bucket', 'status', '_count'],
    );
    expect(chart?.series.map((s) => [s.name, s.points.map((p) => p.v)])).toEqual([
      ['200', [3, 4]],
      ['500', [1, 0]],
    ]);
  });

  it('takes the numeric column when as= renamed the aggregate', () => {
    const chart = timeChartData([{ _bucket: '0', user: 'ann', n: '7' }], ['_bucket', 'user', 'n']);
    expect(chart).toMatchObject({ measure: 'n', series: [{ name: 'ann', points: [{ t: 0, v: 7 }] }] });
  });

  it('is nothing for rows without _bucket', () => {
    expect(timeChartData([{ user: 'ann', _count: '1' }], ['user', '_count'])).toBeUndefined();
  });
});
