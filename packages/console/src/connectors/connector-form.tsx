import { useState } from 'preact/hooks';
import { ApiFailure, api } from '../api/api-client.js';
import type { Connector, HecSettings, ParserSummary } from '../api/types.js';
import { Link } from '../router/link.js';
import { ErrorAlert } from '../ui/alert.js';
import { Loading } from '../ui/loading.js';
import { useResource } from '../ui/use-resource.js';
import { ParserOptions } from './parser-options.js';

/** The fields of `POST /connectors` and `PATCH /connectors/:id` that the form edits. */
export interface ConnectorFields {
  name: string;
  description: string;
  parser: string;
  hec: HecSettings;
}

export interface ConnectorFormProps {
  /** Editing an existing connector (no type choice, no terms). */
  initial?: Connector;
  submitLabel: string;
  onSubmit(fields: ConnectorFields): Promise<void>;
  cancelHref: string;
}

const TERMS =
  'Events sent with this connector’s API key are stored in Hecate and can be searched by its users. I will keep the key secret: anyone who has it can send data here.';

/** Problems the API reported, by field (`name`, `parser`, `hec.defaultIndex`, …). */
type FieldErrors = Partial<Record<string, string>>;

export function ConnectorForm({ initial, submitLabel, onSubmit, cancelHref }: ConnectorFormProps) {
  const parsers = useResource((signal) => api<{ parsers: ParserSummary[] }>('GET', '/parsers', undefined, { signal }), []);
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [parser, setParser] = useState(initial?.parser ?? 'json');
  const [useAck, setUseAck] = useState(initial?.hec.useAck ?? false);
  const [queryAuth, setQueryAuth] = useState(initial?.hec.allowQueryStringAuth ?? false);
  const [indexes, setIndexes] = useState((initial?.hec.indexes ?? []).join(', '));
  const [defaultIndex, setDefaultIndex] = useState(initial?.hec.defaultIndex ?? 'main');
  const [sourcetype, setSourcetype] = useState(initial?.hec.defaultSourcetype ?? '');
  const [accepted, setAccepted] = useState(initial !== undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const creating = initial === undefined;

  const submit = (event: Event): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    const hec: HecSettings = {
      useAck,
      allowQueryStringAuth: queryAuth,
      indexes: indexes
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      defaultIndex: defaultIndex.trim() === '' ? 'main' : defaultIndex.trim(),
      ...(sourcetype.trim() === '' ? {} : { defaultSourcetype: sourcetype.trim() }),
    };
    onSubmit({ name: name.trim(), description, parser, hec }).catch((err: unknown) => {
      setBusy(false);
      if (err instanceof ApiFailure && err.field !== undefined) {
        setFieldErrors({ [err.field]: err.message });
        document.getElementById(fieldId(err.field))?.focus();
      } else {
        setError(err);
      }
    });
  };

  const invalid = (field: string) =>
    fieldErrors[field] === undefined ? {} : { 'aria-invalid': true as const, 'aria-describedby': `${fieldId(field)}-error` };
  const problem = (field: string) =>
    fieldErrors[field] !== undefined && (
      <p class="field-error" id={`${fieldId(field)}-error`}>
        {fieldErrors[field]}
      </p>
    );

  return (
    <form class="form" onSubmit={submit}>
      {creating && (
        <fieldset class="choice-group">
          <legend>Connector type</legend>
          <label class="choice">
            <input type="radio" name="connector-type" value="hec" checked />
            <span>
              <strong>HEC / HTTP Event Connector</strong>
              <span class="muted block">
                Receives events over the Splunk HTTP Event Collector protocol: Vector, Fluent Bit, OpenTelemetry, Splunk logging
                libraries, FalconPy, curl, hecate-collector and the SDK send to it unmodified.
              </span>
            </span>
          </label>
        </fieldset>
      )}
      <div class="field">
        <label for="connector-name">Name</label>
        <input
          id="connector-name"
          type="text"
          required
          maxLength={100}
          pattern="[A-Za-z0-9][A-Za-z0-9 _.\-]*"
          autoComplete="off"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          aria-describedby="connector-name-hint"
          {...invalid('name')}
        />
        <p class="hint" id="connector-name-hint">
          Letters, digits, spaces, “_”, “-” and “.”. Events are tagged <code>#connector=&lt;name&gt;</code>.
        </p>
        {problem('name')}
      </div>
      <div class="field">
        <label for="connector-description">Description</label>
        <textarea id="connector-description" rows={2} value={description} onInput={(e) => setDescription(e.currentTarget.value)} {...invalid('description')} />
        {problem('description')}
      </div>
      <div class="field">
        <label for="connector-parser">Parser</label>
        {parsers.loading && <Loading what="parsers" />}
        <select id="connector-parser" value={parser} onChange={(e) => setParser(e.currentTarget.value)} aria-describedby="connector-parser-hint" {...invalid('parser')}>
          {parsers.data === undefined ? <option value={parser}>{parser}</option> : <ParserOptions parsers={parsers.data.parsers} />}
        </select>
        <p class="hint" id="connector-parser-hint">
          Turns each event into fields before it is stored. <Link href="/parsers">Parsers</Link> lists the built-in library and custom parsers.
        </p>
        <ErrorAlert error={parsers.error} />
        {problem('parser')}
      </div>
      <details class="advanced" open={Object.keys(fieldErrors).some((f) => f.startsWith('hec.'))}>
        <summary>HEC settings</summary>
        <div class="field check">
          <input id="hec-use-ack" type="checkbox" checked={useAck} onChange={(e) => setUseAck(e.currentTarget.checked)} />
          <label for="hec-use-ack">Require indexer acknowledgement (a channel on every request)</label>
        </div>
        <div class="field check">
          <input id="hec-query-auth" type="checkbox" checked={queryAuth} onChange={(e) => setQueryAuth(e.currentTarget.checked)} />
          <label for="hec-query-auth">Accept the key as ?token= in the URL</label>
        </div>
        <div class="field">
          <label for={fieldId('hec.indexes')}>Allowed indexes</label>
          <input id={fieldId('hec.indexes')} type="text" value={indexes} placeholder="any" onInput={(e) => setIndexes(e.currentTarget.value)} aria-describedby="hec-indexes-hint" {...invalid('hec.indexes')} />
          <p class="hint" id="hec-indexes-hint">
            Comma-separated. Empty: any index.
          </p>
          {problem('hec.indexes')}
        </div>
        <div class="field-row">
          <div class="field">
            <label for={fieldId('hec.defaultIndex')}>Default index</label>
            <input id={fieldId('hec.defaultIndex')} type="text" value={defaultIndex} onInput={(e) => setDefaultIndex(e.currentTarget.value)} {...invalid('hec.defaultIndex')} />
            {problem('hec.defaultIndex')}
          </div>
          <div class="field">
            <label for={fieldId('hec.defaultSourcetype')}>Default sourcetype</label>
            <input id={fieldId('hec.defaultSourcetype')} type="text" value={sourcetype} placeholder="none" onInput={(e) => setSourcetype(e.currentTarget.value)} {...invalid('hec.defaultSourcetype')} />
            {problem('hec.defaultSourcetype')}
          </div>
        </div>
      </details>
      {creating && (
        <div class="field check terms">
          <input id="connector-terms" type="checkbox" required checked={accepted} onChange={(e) => setAccepted(e.currentTarget.checked)} />
          <label for="connector-terms">
            <strong>I accept the terms.</strong> {TERMS}
          </label>
        </div>
      )}
      <ErrorAlert error={error} />
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy || !accepted || name.trim() === ''}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <Link href={cancelHref} class="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}

/** Element id of a field named as the API names it (`hec.defaultIndex` → `field-hec-defaultIndex`). */
function fieldId(field: string): string {
  if (field === 'name' || field === 'description' || field === 'parser') return `connector-${field}`;
  return `field-${field.replace(/\./g, '-')}`;
}
