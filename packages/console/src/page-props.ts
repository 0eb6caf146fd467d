import type { Me } from './api/types.js';
import type { RouteParams } from './router/match-path.js';
import type { AppLocation } from './router/location.js';

/** What every page gets from the app shell. */
export interface PageProps {
  params: RouteParams;
  location: AppLocation;
  /** The signed-in user, with their permissions. */
  me: Me;
}
