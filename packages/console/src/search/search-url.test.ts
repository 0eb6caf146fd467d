import { describe, expect, it } from 'vitest';
import { absoluteRange, apiRange, readSearchUrl, searchUrl } from './search-url.js';

describe('the search URL', () => {
  it('reads the query and range, 24 hours by default', () => {
    expect(readSearchUrl(new URLSearchParams('query=%23connector%3Dfw&start=24h'))).toEqual({ query: '#connector=fw', start: '24h' });
    expect(readSearchUrl(new URLSearchParams(''))).toEqual({ query: '', start: '24h' });
    expect(readSearchUrl(new URLSearchParams('start=1700000000000&end=1700000600000'))).toEqual({ query: '', start: '1700000000000', end: '1700000600000' });
  });

  it('writes what it reads', () => {
    const state = absoluteRange('user="Ann Lee" | count()', 1700000000000.4, 1700000600000);
    expect(readSearchUrl(new URLSearchParams(searchUrl(state).split('?')[1]))).toEqual({ query: 'user="Ann Lee" | count()', start: '1700000000000', end: '1700000600000' });
  });

  it('gives the API epoch ms as numbers and relative times as text', () => {
    expect(apiRange({ query: '', start: '15m' })).toEqual({ start: '15m' });
    expect(apiRange({ query: '', start: '1700000000000', end: '1700000600000' })).toEqual({ start: 1700000000000, end: 1700000600000 });
  });
});
