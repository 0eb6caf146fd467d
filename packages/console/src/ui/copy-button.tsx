import { useEffect, useState } from 'preact/hooks';
import { copyText } from './copy-text.js';

export interface CopyButtonProps {
  text: string;
  /** What is copied, for the accessible name: "API key" → "Copy API key". */
  what: string;
}

/** A button that copies `text`; the result is announced to screen readers. */
export function CopyButton({ text, what }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);
  const copy = (): void => {
    copyText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <>
      <button type="button" class="button small" onClick={copy} aria-label={`Copy ${what}`}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
      </button>
      <span class="visually-hidden" role="status">
        {state === 'copied' ? `${what} copied to the clipboard` : state === 'failed' ? `Could not copy the ${what}; select it and copy by hand` : ''}
      </span>
    </>
  );
}
