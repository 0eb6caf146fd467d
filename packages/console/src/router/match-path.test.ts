import { describe, expect, it } from 'vitest';
import { matchPath } from './match-path.js';

describe('matchPath', () => {
  it.each([
    ['/connectors', '/connectors', {}],
    ['/connectors', '/connectors/', {}],
    ['/connectors/:id', '/connectors/5b0c', { id: '5b0c' }],
    ['/connectors/:id/edit', '/connectors/a%20b/edit', { id: 'a b' }],
  ])('matches %s against %s', (pattern, path, params) => {
    expect(matchPath(pattern, path)).toEqual(params);
  });

  it.each([
    ['/connectors/:id', '/connectors'],
    ['/connectors/:id', '/connectors/a/b'],
    ['/connectors/new', '/connectors/old'],
    ['/connectors/:id', '/connectors/%E0%A4%A'],
  ])('does not match %s against %s', (pattern, path) => {
    expect(matchPath(pattern, path)).toBeUndefined();
  });
});
