/** Protocol reference §8 (health): unauthenticated, 200 code 17 on both paths. */
import { HEALTHY } from './replies.js';
import { HEALTH } from './requests.js';
import type { Check } from './types.js';

const S = '§8 health';

export const HEALTH_CHECKS: Check[] = [
  { name: 'GET /services/collector/health is 200 code 17', section: S, request: () => ({ method: 'GET', path: HEALTH }), expected: HEALTHY },
  { name: 'GET /services/collector/health/1.0 is 200 code 17', section: S, request: () => ({ method: 'GET', path: `${HEALTH}/1.0` }), expected: HEALTHY },
  {
    name: 'health ignores an unknown token',
    section: S,
    request: () => ({ method: 'GET', path: HEALTH, headers: { authorization: 'Splunk 00000000-0000-0000-0000-000000000000' } }),
    expected: HEALTHY,
  },
];
