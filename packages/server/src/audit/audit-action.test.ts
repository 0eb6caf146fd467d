import { describe, expect, it } from 'vitest';
import { hasPermission, ROLES } from '../auth/permissions.js';
import { auditAction, isAudited } from './audit-action.js';

describe('auditAction', () => {
  it.each([
    ['POST', '/api/v1/connectors', 'connector.create'],
    ['PATCH', '/api/v1/connectors/:id', 'connector.update'],
    ['DELETE', '/api/v1/connectors/:id', 'connector.delete'],
    ['POST', '/api/v1/connectors/:id/regenerate-key', 'connector.regenerate-key'],
    ['POST', '/api/v1/auth/login', 'auth.login'],
    ['POST', '/api/v1/auth/logout', 'auth.logout'],
    ['POST', '/api/v1/users', 'user.create'],
    ['PUT', '/api/v1/users/:id/password', 'user.password.update'],
    ['DELETE', '/api/v1/auth/sessions/:id', 'auth.session.delete'],
    ['POST', '/api/v1/tokens', 'token.create'],
  ])('%s %s is %s', (method, route, action) => {
    expect(auditAction(method, route)).toBe(action);
  });
});

describe('isAudited', () => {
  it.each([
    ['POST', '/api/v1/connectors', true],
    ['DELETE', '/api/v1/connectors/:id', true],
    ['POST', '/api/v1/auth/login', true],
    ['GET', '/api/v1/connectors', false],
    ['GET', '/api/v1/audit', false],
    ['POST', '/api/v1/search', false],
  ])('%s %s → %s', (method, route, audited) => {
    expect(isAudited(method, route)).toBe(audited);
  });
});

describe('who may read the audit log', () => {
  it('only the admin role has audit:read', () => {
    expect(ROLES.filter((role) => hasPermission(role, 'audit:read'))).toEqual(['admin']);
  });
});
