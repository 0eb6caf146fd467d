import type { ComponentChildren, TargetedMouseEvent } from 'preact';
import { navigate } from './location.js';

export interface LinkProps {
  href: string;
  class?: string;
  title?: string;
  'aria-label'?: string;
  'aria-current'?: 'page' | undefined;
  children?: ComponentChildren;
}

/**
 * An ordinary anchor (middle click, "open in new tab" and copying the link keep working) whose plain
 * left click navigates inside the app.
 */
export function Link({ href, children, ...rest }: LinkProps) {
  const handle = (event: TargetedMouseEvent<HTMLAnchorElement>): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
