import { describe, expect, it } from 'vitest';
import { hasPermission, isRole, permissionsOf, roleWithin } from './permissions.js';

describe('permissions', () => {
  it.each([
    ['admin', 'users:manage', true],
    ['connector_manager', 'connectors:write', true],
    ['connector_manager', 'users:manage', false],
    ['analyst', 'search', true],
    ['analyst', 'connectors:write', false],
    ['read_only', 'connectors:read', true],
    ['read_only', 'search', false],
  ] as const)('%s has %s: %s', (role, permission, expected) => {
    expect(hasPermission(role, permission)).toBe(expected);
    expect(hasPermission({ role }, permission)).toBe(expected);
  });

  it('adds search to a read_only user with the canSearch grant, and nothing else', () => {
    expect(hasPermission({ role: 'read_only', canSearch: true }, 'search')).toBe(true);
    expect(hasPermission({ role: 'read_only', canSearch: true }, 'connectors:write')).toBe(false);
    expect([...permissionsOf({ role: 'read_only', canSearch: true })].sort()).toEqual(['connectors:read', 'parsers:read', 'search', 'self']);
  });

  it('ignores the canSearch grant on roles other than read_only (they search anyway)', () => {
    expect(permissionsOf({ role: 'analyst', canSearch: true })).toEqual(permissionsOf('analyst'));
  });

  it('lets a role be held within an equal or stronger holder only', () => {
    expect(roleWithin('analyst', { role: 'admin' })).toBe(true);
    expect(roleWithin('admin', { role: 'admin' })).toBe(true);
    expect(roleWithin('connector_manager', { role: 'analyst' })).toBe(false);
    expect(roleWithin('analyst', { role: 'read_only' })).toBe(false);
    expect(roleWithin('analyst', { role: 'read_only', canSearch: true })).toBe(true);
  });

  it('knows the four roles and nothing else', () => {
    expect(['admin', 'connector_manager', 'analyst', 'read_only'].every(isRole)).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole('toString')).toBe(false);
  });
});
