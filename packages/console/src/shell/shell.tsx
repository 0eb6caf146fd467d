import type { ComponentChildren } from 'preact';
import { api } from '../api/api-client.js';
import { ROLE_NAMES } from '../api/role-names.js';
import { endSession } from '../api/session.js';
import type { Me } from '../api/types.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/location.js';
import { NAVIGATION } from '../routes.js';
import { ThemeToggle } from './theme-toggle.js';

export interface ShellProps {
  me: Me;
  path: string;
  children: ComponentChildren;
}

/** The layout around every signed-in view: top bar, navigation, main content. */
export function Shell({ me, path, children }: ShellProps) {
  const signOut = (): void => {
    // The session ends on the server; the page forgets it whatever the answer.
    api('POST', '/auth/logout').catch(() => undefined).finally(() => {
      endSession();
      navigate('/sign-in', { replace: true });
    });
  };
  return (
    <div class="layout">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link href="/connectors" class="brand" aria-label="Hecate home">
          <span class="brand-mark" aria-hidden="true">
            H
          </span>
          <span>Hecate</span>
        </Link>
        <div class="topbar-end">
          <ThemeToggle />
          <Link href="/account" class="user" aria-current={path === '/account' ? 'page' : undefined}>
            <span class="user-name">{me.username}</span> <span class="muted small">{ROLE_NAMES[me.role]}</span>
          </Link>
          {me.apiTokenId === undefined && (
            <button type="button" class="button ghost" onClick={signOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <nav class="sidebar" aria-label="Main">
        {NAVIGATION.map((group) => {
          const items = group.items.filter((item) => me.permissions.includes(item.permission));
          if (items.length === 0) return null;
          return (
            <div class="nav-group" key={group.label}>
              <h2 class="nav-heading" id={`nav-${group.label}`}>
                {group.label}
              </h2>
              <ul aria-labelledby={`nav-${group.label}`}>
                {items.map((item) => {
                  const current = path === item.section || path.startsWith(`${item.section}/`);
                  return (
                    <li key={item.href}>
                      <Link href={item.href} class="nav-link" aria-current={current ? 'page' : undefined}>
                        {item.label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </nav>
      <main id="main" class="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
