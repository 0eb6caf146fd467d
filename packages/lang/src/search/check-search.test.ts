import { describe, expect, it } from 'vitest';
import { checkSearch } from './check-search.js';

const diagnostics = (query: string) => {
  const checked = checkSearch(query);
  if (checked.ok) throw new Error(`expected ${query} to be refused`);
  return checked.diagnostics;
};

describe('checkSearch', () => {
  it('lowers aggregates with their defaults filled in', () => {
    const checked = checkSearch('error | groupBy(user) | sort() | head()');
    expect(checked.ok && checked.ir).toEqual([
      expect.objectContaining({ kind: 'event' }),
      { kind: 'aggregate', groupBy: ['user'], bucketSpan: null, functions: [{ kind: 'count', field: null, distinct: false, as: '_count' }], limit: 20_000, byCountDesc: false },
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
