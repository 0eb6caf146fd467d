import { useState } from 'preact/hooks';
import { SecretValue } from '../ui/secret-value.js';
import { SendSnippets } from './send-snippets.js';

export interface KeyRevealProps {
  connectorName: string;
  ingestUrl: string;
  apiKey: string;
  /** Shown as the heading: "created" or "regenerated". */
  heading: string;
  /** Where "Done" goes; the key cannot be shown again after it. */
  onDone(): void;
  doneLabel: string;
}

/**
 * The API key, shown exactly once (the server keeps only its hash), with the ingest URL and
 * ready-to-paste snippets. "Done" asks for a confirmation that the key was copied.
 */
export function KeyReveal({ connectorName, ingestUrl, apiKey, heading, onDone, doneLabel }: KeyRevealProps) {
  const [stored, setStored] = useState(false);
  return (
    <section class="key-reveal" aria-labelledby="key-heading">
      <h2 id="key-heading" tabIndex={-1}>
        {heading}
      </h2>
      <div class="alert alert-warning" role="alert">
        <strong>Copy the API key now: it will not be shown again.</strong> Hecate keeps only a hash of it. If you lose it,
        regenerate the key on the connector’s page (the old one then stops working).
      </div>
      <div class="card stack">
        <SecretValue id="created-api-key" label="API key" value={apiKey} />
        <SecretValue id="created-ingest-url" label="Ingest URL" value={ingestUrl} />
        <p class="hint">
          Shippers send with <code>Authorization: Splunk &lt;API key&gt;</code> to the ingest URL (or its <code>/raw</code> and{' '}
          <code>/event</code> paths).
        </p>
      </div>
      <SendSnippets connectorName={connectorName} ingestUrl={ingestUrl} apiKey={apiKey} />
      <div class="form-actions">
        <div class="field check">
          <input id="key-stored" type="checkbox" checked={stored} onChange={(e) => setStored(e.currentTarget.checked)} />
          <label for="key-stored">I have copied the API key and stored it safely</label>
        </div>
        <button type="button" class="button primary" disabled={!stored} onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </section>
  );
}
