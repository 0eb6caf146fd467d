/**
 * Readable action names for audit records, derived from the method and the route pattern so routes
 * added later are named without touching this file:
 *
 *   POST   /api/v1/connectors                     → connector.create
 *   PATCH  /api/v1/connectors/:id                 → connector.update
 *   DELETE /api/v1/connectors/:id                 → connector.delete
 *   POST   /api/v1/connectors/:id/regenerate-key  → connector.regenerate-key
 *   POST   /api/v1/auth/login                     → auth.login
 *   DELETE /api/v1/auth/sessions/:id              → auth.session.delete
 *
 * Which requests are audited: every method but GET/HEAD, except the read-only POST routes below.
 */

/** POST routes that only read (a search is a read that needs a body). */
const READ_ONLY_POSTS = new Set([
  '/api/v1/search',
  '/api/v1/search/histogram',
  '/api/v1/search/fields',
  '/api/v1/queryjobs',
  '/api/v1/parsers/test',
  '/api/v1/parsers/lint',
  '/api/v1/parsers/:name/test',
  '/api/v1/connectors/:id/preview',
]);
/** Deleting a query job only stops a search: not a change worth an audit record. */
const READ_ONLY_DELETES = new Set(['/api/v1/queryjobs/:id']);

const VERBS: Readonly<Record<string, string>> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

export function isAudited(method: string, route: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  return !(method === 'POST' && READ_ONLY_POSTS.has(route)) && !(method === 'DELETE' && READ_ONLY_DELETES.has(route));
}

export function auditAction(method: string, route: string): string {
  const parts = route.split('/').filter(Boolean);
  // Drop the `/api/v1` prefix.
  const rest = parts[0] === 'api' && /^v\d+$/.test(parts[1] ?? '') ? parts.slice(2) : parts;
  const names = rest.filter((p) => !p.startsWith(':')).map(singular);
  const last = rest[rest.length - 1];
  const verb = VERBS[method] ?? method.toLowerCase();
  if (names.length === 0) return verb;
  // `/connectors/:id/regenerate-key`, `/auth/login`: the last word is already the action.
  const endsInAction = last !== undefined && !last.startsWith(':') && names.length > 1 && method === 'POST';
  return endsInAction ? names.join('.') : [...names, verb].join('.');
}

function singular(word: string): string {
  if (word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}
