/**
 * Repositories Hecate writes about itself — rejected HEC requests (connection-errors/) and the audit
 * log (audit/) — are searched only when a query names `#repo`, as NG-SIEM keeps
 * `3pi_connection_errors` out of its default view: a free-text search for what a shipper sent must
 * find the stored events, not also the records of its rejected requests.
 */
import { compileSearch } from '@hecate/lang';

export const INTERNAL_REPOS: readonly string[] = ['connection_errors', 'audit'];

const NAMES_REPO = /#repo\b/;

/** Who is searching: the audit repository is only for those who may read the audit log. */
export interface RepoAccess {
  canReadAudit: boolean;
}

/**
 * The query with the internal repositories excluded, unless it names `#repo`; `audit` is excluded
 * always for searchers without `audit:read`. The exclusion goes on its own line after the user's text
 * (a trailing `//` comment cannot swallow it); `or` binds tighter than the implicit `and`, so it
 * applies to the whole query.
 */
export function withDefaultRepos(query: string, access: RepoAccess = { canReadAudit: true }): string {
  const hidden = NAMES_REPO.test(query) ? [] : [...INTERNAL_REPOS];
  if (!access.canReadAudit && !hidden.includes('audit')) hidden.push('audit');
  if (hidden.length === 0) return query;
  return `${query}\n${hidden.map((r) => `#repo!=${r}`).join(' ')}`;
}

/**
 * compileSearch with the default repositories. The user's text is compiled alone first, so a syntax
 * error is reported exactly as written (positions within the text, `a and` still incomplete).
 */
export function compileWithDefaultRepos(
  query: string,
  schema: Parameters<typeof compileSearch>[1],
  options: Parameters<typeof compileSearch>[2],
  access?: RepoAccess,
): ReturnType<typeof compileSearch> {
  const plain = compileSearch(query, schema, options);
  const scoped = withDefaultRepos(query, access);
  return scoped === query ? plain : compileSearch(scoped, schema, options);
}
