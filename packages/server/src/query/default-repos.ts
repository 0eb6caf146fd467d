/**
 * Repositories Hecate writes about itself — rejected HEC requests (connection-errors/) and the audit
 * log (audit/) — are searched only when a query names `#repo`, as NG-SIEM keeps
 * `3pi_connection_errors` out of its default view: a free-text search for what a shipper sent must
 * find the stored events, not also the records of its rejected requests.
 */
import { compileSearch, parseScript, planSearch } from '@hecate/lang';

export const INTERNAL_REPOS: readonly string[] = ['connection_errors', 'audit'];

const NAMES_REPO = /#repo\b/;

/** Who is searching: the audit repository is only for those who may read the audit log. */
export interface RepoAccess {
  canReadAudit: boolean;
}

/** The repositories a query does not search: the internal ones unless it names `#repo`; `audit` without `audit:read`. */
export function hiddenRepos(query: string, access: RepoAccess = { canReadAudit: true }): string[] {
  const hidden = NAMES_REPO.test(query) ? [] : [...INTERNAL_REPOS];
  if (!access.canReadAudit && !hidden.includes('audit')) hidden.push('audit');
  return hidden;
}

/**
 * The query with the internal repositories excluded, unless it names `#repo`; `audit` is excluded
 * always for searchers without `audit:read`. The exclusion goes on its own line after the user's text
 * (a trailing `//` comment cannot swallow it); `or` binds tighter than the implicit `and`, so it
 * applies to the whole query.
 */
export function withDefaultRepos(query: string, access: RepoAccess = { canReadAudit: true }): string {
  const hidden = hiddenRepos(query, access);
  if (hidden.length === 0) return query;
  const exclusion = hidden.map((r) => `#repo!=${r}`).join(' ');
  const cut = endOfFirstFilter(query);
  if (cut === undefined) return `${query}\n${exclusion}`;
  // A pipeline: the exclusion must filter events before the first `|` (after it, stages see
  // aggregate rows or parsed fields). After a plain filter it joins that filter; before any other
  // first stage (count(), parseJson()) it becomes a stage of its own.
  return cut === 0 ? `${exclusion} | ${query}` : `${query.slice(0, cut)}\n${exclusion}${query.slice(cut)}`;
}

/**
 * Where the exclusion goes: the end of the first stage when it is a plain filter followed by more
 * stages; 0 when the first stage is a call (`count()`, `parseJson()`); undefined (append, as for
 * filter-only queries) for a lone filter or text that does not parse (compiling the user's text alone
 * reports that error first).
 */
function endOfFirstFilter(query: string): number | undefined {
  let stages;
  try {
    stages = parseScript(query).stages;
  } catch {
    return undefined;
  }
  const [first] = stages;
  if (first === undefined) return undefined;
  const plainFilter = first.kind === 'filterStage' && first.filter.kind !== 'call';
  if (!plainFilter) return 0;
  return stages.length < 2 ? undefined : first.end;
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

/** planSearch with the default repositories; the user's text is planned alone first, for the same reason. */
export function planWithDefaultRepos(
  query: string,
  schema: Parameters<typeof planSearch>[1],
  options: Parameters<typeof planSearch>[2],
  access?: RepoAccess,
): ReturnType<typeof planSearch> {
  const plain = planSearch(query, schema, options);
  const scoped = withDefaultRepos(query, access);
  return scoped === query ? plain : planSearch(scoped, schema, options);
}
