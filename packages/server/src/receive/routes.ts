/** The HEC routing table (protocol reference §1): exact paths, one method each. */

export type RouteKind = 'event' | 'raw' | 'health' | 'ack';

export interface Route {
  readonly kind: RouteKind;
  readonly method: 'GET' | 'POST';
  /** LogScale aliases: the channel is a free-form string, not a GUID (§7.1). */
  readonly logscale: boolean;
}

const post = (kind: RouteKind, logscale = false): Route => Object.freeze({ kind, method: 'POST', logscale });
const health: Route = Object.freeze({ kind: 'health', method: 'GET', logscale: false });

const routes: ReadonlyMap<string, Route> = new Map([
  ['/services/collector', post('event')],
  ['/services/collector/1.0', post('event')],
  ['/services/collector/event', post('event')],
  ['/services/collector/event/1.0', post('event')],
  ['/services/collector/raw', post('raw')],
  ['/services/collector/raw/1.0', post('raw')],
  ['/services/collector/health', health],
  ['/services/collector/health/1.0', health],
  ['/services/collector/ack', post('ack')],
  ['/api/v1/ingest/hec', post('event', true)],
  ['/api/v1/ingest/hec/raw', post('raw', true)],
]);

/** Any other path under this prefix is answered 404 with the HEC body (mint, s2s, trailing slashes…). */
const HEC_PREFIX = '/services/collector/';

export type RouteMatch = { route: Route } | 'not-found' | undefined;

/** The route of `path`, 'not-found' for an unknown HEC path, undefined when the path is not HEC's. */
export function matchRoute(path: string): RouteMatch {
  const route = routes.get(path);
  if (route !== undefined) return { route };
  return path.startsWith(HEC_PREFIX) ? 'not-found' : undefined;
}

/** Whether a request URL (path and query) is answered by the HEC receiver, including its 404s. */
export function isHecUrl(url: string): boolean {
  const q = url.indexOf('?');
  return matchRoute(q < 0 ? url : url.slice(0, q)) !== undefined;
}
