import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.js';

describe('the page after sign-in', () => {
  it.each([
    ['/connectors/abc?x=1', '/connectors/abc?x=1'],
    ['/search?query=%23connector%3Dfw&start=24h', '/search?query=%23connector%3Dfw&start=24h'],
    [null, '/connectors'],
    ['//evil.example/', '/connectors'],
    ['/\\evil.example', '/connectors'],
    ['https://evil.example/', '/connectors'],
    ['javascript:alert(1)', '/connectors'],
    ['/sign-in?next=/x', '/connectors'],
  ])('goes to %s as %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
