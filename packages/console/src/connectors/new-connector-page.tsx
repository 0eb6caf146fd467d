import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import type { CreatedConnector } from '../api/types.js';
import type { PageProps } from '../page-props.js';
import { navigate } from '../router/location.js';
import { PageHeader } from '../ui/page-header.js';
import { ConnectorForm } from './connector-form.js';
import { KeyReveal } from './key-reveal.js';

/**
 * Add data connector: the form, then — on the same page, never in the URL or in storage — the API key
 * and ingest URL, shown once.
 */
export default function NewConnectorPage(_props: PageProps) {
  const [created, setCreated] = useState<CreatedConnector | undefined>(undefined);

  // Leaving the page with the key on screen loses it for good: let the browser ask first.
  useEffect(() => {
    if (created === undefined) return undefined;
    const warn = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [created]);

  useEffect(() => {
    if (created !== undefined) document.getElementById('key-heading')?.focus();
  }, [created]);

  if (created !== undefined) {
    return (
      <>
        <PageHeader title={`Data connector ${created.name}`} subtitle="Created. Point a shipper at it with the key below." />
        <KeyReveal
          heading="API key and ingest URL"
          connectorName={created.name}
          ingestUrl={created.ingestUrl}
          apiKey={created.apiKey}
          doneLabel="Go to the connector"
          onDone={() => navigate(`/connectors/${encodeURIComponent(created.id)}`, { replace: true })}
        />
      </>
    );
  }
  return (
    <>
      <PageHeader title="Add data connector" subtitle="A connector receives HEC traffic with its own API key and parser." />
      <ConnectorForm
        submitLabel="Save"
        cancelHref="/connectors"
        onSubmit={async (fields) => {
          setCreated(await api<CreatedConnector>('POST', '/connectors', fields));
        }}
      />
    </>
  );
}
