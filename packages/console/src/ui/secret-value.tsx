import { CopyButton } from './copy-button.js';

export interface SecretValueProps {
  /** Visible label, also the input's accessible name. */
  label: string;
  value: string;
  id: string;
}

/** A value to copy (a key, a token, a URL): read-only, selectable, with a copy button. */
export function SecretValue({ label, value, id }: SecretValueProps) {
  return (
    <div class="copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} class="mono" type="text" readOnly value={value} spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={value} what={label} />
      </div>
    </div>
  );
}
