/** Every conformance check, in the order they run (and are printed). */
import { ACK_CHECKS } from './checks-ack.js';
import { AUTH_CHECKS } from './checks-auth.js';
import { EVENT_CHECKS } from './checks-events.js';
import { FRAMING_CHECKS } from './checks-framing.js';
import { HEALTH_CHECKS } from './checks-health.js';
import { RAW_TRANSPORT_CHECKS } from './checks-raw-transport.js';
import { ROUTING_CHECKS } from './checks-routing.js';
import type { Check } from './types.js';

export const CHECKS: readonly Check[] = [
  ...HEALTH_CHECKS,
  ...ROUTING_CHECKS,
  ...AUTH_CHECKS,
  ...FRAMING_CHECKS,
  ...EVENT_CHECKS,
  ...RAW_TRANSPORT_CHECKS,
  ...ACK_CHECKS,
];
