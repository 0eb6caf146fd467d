import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from './permissions.js';
import { RENDERED_PERMISSIONS, renderRoleMatrix } from './role-matrix.js';

const SECURITY_DOC = new URL('../../../../docs/security.md', import.meta.url);

describe('role matrix', () => {
  it('docs/security.md shows the matrix rendered from ROLE_PERMISSIONS', () => {
    const doc = readFileSync(SECURITY_DOC, 'utf8');
    const embedded = /<!-- role-matrix:start -->\n([\s\S]*?)\n<!-- role-matrix:end -->/.exec(doc)?.[1];
    expect(embedded, 'docs/security.md lacks the role-matrix markers').toBeDefined();
    expect(embedded).toBe(renderRoleMatrix());
  });

  it('renders every permission some role holds', () => {
    const held = new Set(Object.values(ROLE_PERMISSIONS).flat());
    expect([...held].every((p) => RENDERED_PERMISSIONS.includes(p))).toBe(true);
  });
});
