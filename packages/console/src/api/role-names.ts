import type { Role } from './types.js';

/** The roles as people read them (docs/security.md). */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  admin: 'Administrator',
  connector_manager: 'Connector Manager',
  analyst: 'Analyst',
  read_only: 'Read-only',
};
