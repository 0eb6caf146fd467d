import type { ComponentChildren } from 'preact';
import { messageOf } from '../api/api-client.js';

/** An error the user should read now (role=alert is announced at once). */
export function ErrorAlert({ error, children }: { error?: unknown; children?: ComponentChildren }) {
  if (error === undefined && children === undefined) return null;
  return (
    <div class="alert alert-error" role="alert">
      {children ?? messageOf(error)}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'warning' | 'success'; children: ComponentChildren }) {
  return <div class={`alert alert-${kind}`}>{children}</div>;
}
