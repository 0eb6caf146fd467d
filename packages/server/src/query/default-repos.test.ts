import { compileSearch, planSearch, QuerySyntaxError } from '@hecate/lang';
import { describe, expect, it } from 'vitest';
import { compileWithDefaultRepos, withDefaultRepos } from './default-repos.js';
import { SEARCH_SCHEMA } from './search-service.js';

const options = { start: 0, end: 1, limit: 1, now: 1 };

describe('withDefaultRepos', () => {
  it('leaves a query that names #repo alone', () => {
    expect(withDefaultRepos('#repo=connection_errors #connector=fw')).toBe('#repo=connection_errors #connector=fw');
  });

  it.each(['', 'error or warning', 'user=ann // a trailing comment', 'a or b'])('excludes the internal repositories from %j and still compiles', (query) => {
    const text = withDefaultRepos(query);
    expect(text).toContain('#repo!=connection_errors #repo!=audit');
    expect(() => compileSearch(text, SEARCH_SCHEMA, options)).not.toThrow();
  });
});

describe('withDefaultRepos with pipelines', () => {
  it.each([
    ['error | count()', 'error\n#repo!=connection_errors #repo!=audit | count()'],
    ['a or b | groupBy(user) | head(5)', 'a or b\n#repo!=connection_errors #repo!=audit | groupBy(user) | head(5)'],
    ['error // why\n| count()', 'error\n#repo!=connection_errors #repo!=audit // why\n| count()'],
    ['count()', '#repo!=connection_errors #repo!=audit | count()'],
    ['parseJson() | user=ann', '#repo!=connection_errors #repo!=audit | parseJson() | user=ann'],
    ['in(user, values=[a]) | count()', '#repo!=connection_errors #repo!=audit | in(user, values=[a]) | count()'],
  ])('puts the exclusion before the first | of %j', (query, expected) => {
    expect(withDefaultRepos(query)).toBe(expected);
  });

  it('filters events, not aggregate rows: the scoped pipeline still plans to one SQL statement', () => {
    const plan = planSearch(withDefaultRepos('error | groupBy(user) | sort(_count)'), SEARCH_SCHEMA, { limit: 10 });
    expect(plan.rest).toEqual([]);
    expect(plan.compiled.params).toEqual(expect.arrayContaining(['connection_errors', 'audit']));
    // The exclusion is in the innermost WHERE, before the GROUP BY.
    expect(plan.compiled.sql.indexOf('"repo"')).toBeLessThan(plan.compiled.sql.indexOf('GROUP BY'));
  });

  it('leaves a pipeline that names #repo alone', () => {
    expect(withDefaultRepos('error | groupBy(#repo)')).toBe('error | groupBy(#repo)');
  });
});

describe('withDefaultRepos for searchers without audit:read', () => {
  it('hides #repo=audit even when the query asks for it', () => {
    expect(withDefaultRepos('#repo=audit', { canReadAudit: false })).toBe('#repo=audit\n#repo!=audit');
    expect(withDefaultRepos('#repo=connection_errors', { canReadAudit: false })).toBe('#repo=connection_errors\n#repo!=audit');
    expect(withDefaultRepos('error', { canReadAudit: false })).toBe('error\n#repo!=connection_errors #repo!=audit');
  });
});

describe('compileWithDefaultRepos', () => {
  it.each(['(a', '"unterminated', 'a /* open', 'a and'])('reports the syntax error of %j exactly as compiling it alone does', (query) => {
    const alone = (() => {
      try {
        compileSearch(query, SEARCH_SCHEMA, options);
      } catch (err) {
        return err as QuerySyntaxError;
      }
      throw new Error('expected a syntax error');
    })();
    expect(alone).toBeInstanceOf(QuerySyntaxError);
    expect(() => compileWithDefaultRepos(query, SEARCH_SCHEMA, options)).toThrow(
      expect.objectContaining({ message: alone.message, start: alone.start, end: alone.end }),
    );
  });

  it('adds a parameter for each excluded repository unless the query names #repo', () => {
    const plain = compileSearch('error', SEARCH_SCHEMA, options);
    expect(compileWithDefaultRepos('error', SEARCH_SCHEMA, options).params).toEqual(expect.arrayContaining(['connection_errors', 'audit']));
    expect(compileWithDefaultRepos('error #repo=main', SEARCH_SCHEMA, options).params).not.toContain('audit');
    expect(plain.params).not.toContain('audit');
  });
});
