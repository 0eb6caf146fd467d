import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/api-client.js';

export interface ConfirmDialogProps {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  /** Red confirm button. */
  danger?: boolean;
  /** The user must type this text to confirm (deleting a connector types its name). */
  typeToConfirm?: string;
  /** Runs on confirm; the dialog stays open and shows the error when it rejects. */
  onConfirm(): Promise<void>;
  onClose(): void;
}

/**
 * A modal confirmation on the native <dialog>: showModal() traps focus, Escape cancels, and focus
 * returns to the control that opened it.
 */
export function ConfirmDialog({ title, children, confirmLabel, danger = false, typeToConfirm, onConfirm, onClose }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    opener.current = document.activeElement;
    ref.current?.showModal();
    return () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, []);

  const confirm = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    onConfirm().then(
      () => {
        ref.current?.close();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  const blocked = busy || (typeToConfirm !== undefined && typed !== typeToConfirm);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="confirm-title" onClose={onClose}>
      <form onSubmit={confirm}>
        <h2 id="confirm-title">{title}</h2>
        <div class="dialog-body">{children}</div>
        {typeToConfirm !== undefined && (
          <div class="field">
            <label for="confirm-typed">
              Type <strong class="mono">{typeToConfirm}</strong> to confirm
            </label>
            <input id="confirm-typed" type="text" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
          </div>
        )}
        {error !== undefined && (
          <div class="alert alert-error" role="alert">
            {messageOf(error)}
          </div>
        )}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" class={`button ${danger ? 'danger' : 'primary'}`} disabled={blocked}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
