import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

/** Sets the document title (`Data connectors · Hecate`), so history entries and tabs are told apart. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Hecate`;
  }, [title]);
}

export interface PageHeaderProps {
  title: string;
  /** A line under the title. */
  subtitle?: ComponentChildren;
  /** Buttons and links on the right. */
  actions?: ComponentChildren;
  /** Next to the title (a status badge). */
  badge?: ComponentChildren;
}

export function PageHeader({ title, subtitle, actions, badge }: PageHeaderProps) {
  usePageTitle(title);
  return (
    <header class="page-header">
      <div class="page-title">
        <h1 tabIndex={-1} id="page-heading">
          {title}
        </h1>
        {badge}
        {subtitle !== undefined && <p class="subtitle">{subtitle}</p>}
      </div>
      {actions !== undefined && <div class="page-actions">{actions}</div>}
    </header>
  );
}
