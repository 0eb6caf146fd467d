/**
 * Roles and what they may do. Every management API route names one permission; the router checks it
 * against the signed-in user's (or API token's) role. docs/security.md shows this matrix.
 */
import type { Role } from './users.js';

export type Permission =
  /** Sign out, see and change one's own account. */
  | 'self'
  | 'connectors:read'
  /** Create, edit, pause, delete connectors; regenerate their keys. */
  | 'connectors:write'
  | 'parsers:read'
  | 'parsers:write'
  /** Search stored events (raw data). */
  | 'search'
  /** Manage users and API tokens of others. */
  | 'users:manage'
  | 'audit:read';

export const ROLES: readonly Role[] = ['admin', 'connector_manager', 'analyst', 'read_only'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  admin: ['self', 'connectors:read', 'connectors:write', 'parsers:read', 'parsers:write', 'search', 'users:manage', 'audit:read'],
  // Connector managers set up data sources and check that data arrives, so they may search too.
  connector_manager: ['self', 'connectors:read', 'connectors:write', 'parsers:read', 'parsers:write', 'search'],
  analyst: ['self', 'connectors:read', 'parsers:read', 'search'],
  read_only: ['self', 'connectors:read', 'parsers:read'],
});

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}
