/**
 * The role → permission matrix as Markdown, rendered from ROLE_PERMISSIONS. docs/security.md embeds
 * it between `<!-- role-matrix -->` markers and a test compares the two, so the docs cannot drift.
 */
import { ROLE_PERMISSIONS, ROLES, type Permission } from './permissions.js';

const PERMISSIONS: readonly Permission[] = ['self', 'connectors:read', 'connectors:write', 'parsers:read', 'parsers:write', 'search', 'users:manage', 'audit:read'];

export function renderRoleMatrix(): string {
  const header = `| permission | ${ROLES.join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = PERMISSIONS.map((p) => {
    const cells = ROLES.map((role) => {
      if (ROLE_PERMISSIONS[role].includes(p)) return 'yes';
      return p === 'search' && role === 'read_only' ? 'with canSearch' : '—';
    });
    return `| \`${p}\` | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}

/** Every permission some role holds, so the test can check the rendered list is complete. */
export const RENDERED_PERMISSIONS = PERMISSIONS;
