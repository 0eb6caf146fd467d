/**
 * Roles and what they may do. Every management API route names one permission; the router checks it
 * against the caller: a signed-in user, or an API token acting with its own role. docs/security.md
 * shows this matrix (a test renders it from ROLE_PERMISSIONS and compares, so the two cannot drift).
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

/** Who asks: a role, plus the per-user grant that lets a read_only user search raw data. */
export interface Grantee {
  role: Role;
  canSearch?: boolean;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Everything the grantee may do: its role's permissions, plus `search` when granted. */
export function permissionsOf(who: Role | Grantee): ReadonlySet<Permission> {
  const grantee: Grantee = typeof who === 'string' ? { role: who } : who;
  const set = new Set<Permission>(ROLE_PERMISSIONS[grantee.role] ?? []);
  // The grant only matters for read_only: every other role already searches.
  if (grantee.canSearch === true && grantee.role === 'read_only') set.add('search');
  return set;
}

/** Accepts a bare role (role matrix only) or a grantee (role plus per-user grants); route checks pass the grantee. */
export function hasPermission(who: Role | Grantee, permission: Permission): boolean {
  return permissionsOf(who).has(permission);
}

/** True when everything `role` allows is also allowed to `holder`: an API token may not exceed its creator. */
export function roleWithin(role: Role, holder: Grantee): boolean {
  const held = permissionsOf(holder);
  return (ROLE_PERMISSIONS[role] ?? []).every((p) => held.has(p));
}
