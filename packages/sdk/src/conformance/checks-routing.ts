/** Protocol reference §1 (endpoints and routing): served paths, 404 and 405 with splunkd's body. */
import { SUCCESS, notFound } from './replies.js';
import { markedEvent, splunk } from './requests.js';
import type { Check } from './types.js';

const S = '§1 routing';

const EVENT_PATHS = ['/services/collector', '/services/collector/1.0', '/services/collector/event', '/services/collector/event/1.0'];
const RAW_PATHS = ['/services/collector/raw', '/services/collector/raw/1.0'];
const UNKNOWN_PATHS = [
  '/services/collector/mint',
  '/services/collector/s2s',
  '/services/collector/ack/1.0',
  '/services/collector/event/',
  '/services/collector/nonexistent',
];
/** Known paths with a method they do not serve; sent without a token: the method is checked before auth. */
const WRONG_METHODS: Array<[string, string]> = [
  ['GET', '/services/collector'],
  ['GET', '/services/collector/event'],
  ['GET', '/services/collector/raw'],
  ['PUT', '/services/collector/event'],
  ['GET', '/services/collector/ack'],
  ['POST', '/services/collector/health'],
];

export const ROUTING_CHECKS: Check[] = [
  ...EVENT_PATHS.map((path): Check => ({
    name: `POST ${path} takes JSON events`,
    section: S,
    request: (ctx) => ({ method: 'POST', path, headers: splunk(ctx.key), body: markedEvent(ctx, 'routing') }),
    expected: SUCCESS,
  })),
  ...RAW_PATHS.map((path): Check => ({
    name: `POST ${path} takes raw text`,
    section: S,
    request: (ctx) => ({ method: 'POST', path, headers: splunk(ctx.key), body: `${ctx.marker} routing raw\n` }),
    expected: SUCCESS,
  })),
  ...UNKNOWN_PATHS.map((path): Check => ({
    name: `POST ${path} is 404`,
    section: S,
    request: (ctx) => ({ method: 'POST', path, headers: splunk(ctx.key), body: markedEvent(ctx, 'routing 404') }),
    expected: notFound(404),
  })),
  {
    name: 'an unknown path is 404 even without a token (routing before auth)',
    section: S,
    request: (ctx) => ({ method: 'POST', path: '/services/collector/mint', body: markedEvent(ctx, 'routing 404') }),
    expected: notFound(404),
  },
  ...WRONG_METHODS.map(([method, path]): Check => ({
    name: `${method} ${path} is 405 with the 404 body`,
    section: S,
    request: () => ({ method, path }),
    expected: notFound(405),
  })),
];
