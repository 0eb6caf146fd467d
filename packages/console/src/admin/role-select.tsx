import { ROLE_NAMES } from '../api/role-names.js';
import type { Role } from '../api/types.js';

export const ROLES: readonly Role[] = ['admin', 'connector_manager', 'analyst', 'read_only'];

export interface RoleSelectProps {
  value: Role;
  onChange(role: Role): void;
  id?: string;
  'aria-label'?: string;
}

export function RoleSelect({ value, onChange, ...rest }: RoleSelectProps) {
  return (
    <select value={value} onChange={(e) => onChange(e.currentTarget.value as Role)} {...rest}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_NAMES[r]}
        </option>
      ))}
    </select>
  );
}
