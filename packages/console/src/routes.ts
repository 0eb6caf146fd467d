/**
 * Every view of the console, with its URL. The connector list is in the first bundle (it is the home
 * page); every other view is a separate chunk loaded on first visit (vite splits at each `import()`).
 */
import type { ComponentType } from 'preact';
import type { Permission } from './api/types.js';
import ConnectorListPage from './connectors/connector-list-page.js';
import type { PageProps } from './page-props.js';

export interface RouteDef {
  pattern: string;
  /** Needed to open the view; others see "not allowed". */
  permission?: Permission;
  load(): Promise<ComponentType<PageProps>>;
}

const eager = (page: ComponentType<PageProps>) => () => Promise.resolve(page);

export const ROUTES: readonly RouteDef[] = [
  { pattern: '/connectors', permission: 'connectors:read', load: eager(ConnectorListPage) },
  { pattern: '/connectors/new', permission: 'connectors:write', load: async () => (await import('./connectors/new-connector-page.js')).default },
  { pattern: '/connectors/:id', permission: 'connectors:read', load: async () => (await import('./connectors/connector-page.js')).default },
  { pattern: '/connectors/:id/edit', permission: 'connectors:write', load: async () => (await import('./connectors/edit-connector-page.js')).default },
  { pattern: '/search', permission: 'search', load: async () => (await import('./search/search-page.js')).default },
  { pattern: '/parsers', permission: 'parsers:read', load: async () => (await import('./parsers/parsers-page.js')).default },
  // Before /parsers/:name, which it would otherwise match.
  { pattern: '/parsers/new', permission: 'parsers:write', load: async () => (await import('./parsers/parser-page.js')).default },
  { pattern: '/parsers/:name', permission: 'parsers:read', load: async () => (await import('./parsers/parser-page.js')).default },
  { pattern: '/admin/users', permission: 'users:manage', load: async () => (await import('./admin/users-page.js')).default },
  { pattern: '/admin/tokens', permission: 'users:manage', load: async () => (await import('./admin/tokens-page.js')).default },
  { pattern: '/admin/audit', permission: 'audit:read', load: async () => (await import('./admin/audit-page.js')).default },
  { pattern: '/account', permission: 'self', load: async () => (await import('./account/account-page.js')).default },
];

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
  /** Paths under this prefix mark the item as current. */
  section: string;
}

export interface NavGroup {
  label: string;
  items: readonly NavItem[];
}

export const NAVIGATION: readonly NavGroup[] = [
  {
    label: 'Data',
    items: [
      { href: '/connectors', label: 'Data connectors', permission: 'connectors:read', section: '/connectors' },
      { href: '/search', label: 'Search', permission: 'search', section: '/search' },
      { href: '/parsers', label: 'Parsers', permission: 'parsers:read', section: '/parsers' },
    ],
  },
  {
    label: 'Administration',
    items: [
      { href: '/admin/users', label: 'Users', permission: 'users:manage', section: '/admin/users' },
      { href: '/admin/tokens', label: 'API tokens', permission: 'users:manage', section: '/admin/tokens' },
      { href: '/admin/audit', label: 'Audit log', permission: 'audit:read', section: '/admin/audit' },
    ],
  },
];
