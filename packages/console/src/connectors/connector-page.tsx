import { useState } from 'preact/hooks';
import { ApiFailure, api } from '../api/api-client.js';
import type { Connector, KeyRotation } from '../api/types.js';
import type { PageProps } from '../page-props.js';
import { Link } from '../router/link.js';
import { ErrorAlert } from '../ui/alert.js';
import { formatBytes, formatCount, formatDateTime, formatRelative } from '../ui/format.js';
import { Loading } from '../ui/loading.js';
import { PageHeader } from '../ui/page-header.js';
import { SecretValue } from '../ui/secret-value.js';
import { useResource } from '../ui/use-resource.js';
import { ConnectorActions } from './connector-actions.js';
import { HecErrors } from './hec-errors.js';
import { IngestChart } from './ingest-chart.js';
import { KeyReveal } from './key-reveal.js';
import { connectorEventsQuery, searchHref } from './search-links.js';
import { SendSnippets } from './send-snippets.js';
import { Senders } from './senders.js';
import { StatusBadge } from './status-badge.js';

/** Status and counters come from memory on the server: cheap to poll while the page is open. */
const REFRESH_MS = 3_000;
/** Events become searchable about a second after they are counted: the chart catches up on its own too. */
const CHART_REFRESH_MS = 5_000;

export default function ConnectorPage({ params, me }: PageProps) {
  const id = params.id ?? '';
  const connector = useResource((signal) => api<Connector>('GET', `/connectors/${encodeURIComponent(id)}`, undefined, { signal }), [id], { refreshMs: REFRESH_MS });
  const [rotation, setRotation] = useState<KeyRotation | undefined>(undefined);
  const c = connector.data;

  if (c === undefined) {
    if (connector.error instanceof ApiFailure && connector.error.code === 'NOT_FOUND') {
      return (
        <>
          <PageHeader title="Data connector not found" />
          <p>
            There is no connector with id <code>{id}</code>; it may have been deleted. <Link href="/connectors">All data connectors</Link>
          </p>
        </>
      );
    }
    return connector.error === undefined ? <Loading what="the data connector" /> : <ErrorAlert error={connector.error} />;
  }

  if (rotation !== undefined) {
    return (
      <>
        <PageHeader title={c.name} badge={<StatusBadge status={c.status} />} subtitle="A new API key was created." />
        <KeyReveal
          heading="New API key"
          connectorName={c.name}
          ingestUrl={c.ingestUrl}
          apiKey={rotation.apiKey}
          doneLabel="Back to the connector"
          onDone={() => {
            setRotation(undefined);
            connector.reload();
          }}
        />
        {rotation.previousKeyValidUntil !== undefined && (
          <p class="muted">The previous key keeps working until {formatDateTime(rotation.previousKeyValidUntil)}.</p>
        )}
      </>
    );
  }

  const { last24h } = c.health;
  const canWrite = me.permissions.includes('connectors:write');
  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <Link href="/connectors">Data connectors</Link> <span aria-hidden="true">/</span> <span aria-current="page">{c.name}</span>
      </nav>
      <PageHeader
        title={c.name}
        badge={<StatusBadge status={c.status} />}
        subtitle={c.description === '' ? undefined : c.description}
        actions={
          <>
            <Link href={searchHref(connectorEventsQuery(c.name))} class="button primary">
              Show events
            </Link>
            {canWrite && <ConnectorActions connector={c} onChanged={connector.reload} onKeyRotated={setRotation} />}
          </>
        }
      />
      {connector.error !== undefined && <ErrorAlert error={connector.error} />}
      {c.status === 'Pending' && (
        <div class="alert alert-info">
          No event has arrived yet. Send one with the key shown when the connector was created (examples below); this page updates
          by itself.
        </div>
      )}
      <div class="grid">
        <section class="card" aria-labelledby="overview-heading">
          <h2 id="overview-heading">Overview</h2>
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={c.status} />
            </dd>
            <dt>Parser</dt>
            <dd class="mono">{c.parser}</dd>
            <dt>Last ingested</dt>
            <dd title={formatDateTime(c.lastIngestedAt)}>{formatRelative(c.lastIngestedAt)}</dd>
            <dt>Last request</dt>
            <dd title={formatDateTime(c.health.lastRequestAt)}>{formatRelative(c.health.lastRequestAt)}</dd>
            <dt>Key fingerprint</dt>
            <dd class="mono">{c.keyFingerprint}</dd>
            <dt>Key last used</dt>
            <dd>{formatRelative(c.keyLastUsedAt)}</dd>
            {c.previousKeyFingerprint !== undefined && (
              <>
                <dt>Previous key</dt>
                <dd>
                  <span class="mono">{c.previousKeyFingerprint}</span> works until {formatDateTime(c.previousKeyValidUntil)} (last used{' '}
                  {formatRelative(c.previousKeyLastUsedAt)})
                </dd>
              </>
            )}
            <dt>Indexes</dt>
            <dd>
              {c.hec.indexes.length === 0 ? 'any' : c.hec.indexes.join(', ')} (default <span class="mono">{c.hec.defaultIndex}</span>)
            </dd>
            <dt>Acknowledgement</dt>
            <dd>{c.hec.useAck ? 'required' : 'off'}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(c.createdAt)}</dd>
          </dl>
          <SecretValue id="connector-ingest-url" label="Ingest URL" value={c.ingestUrl} />
        </section>
        <section class="card" aria-labelledby="volume-heading">
          <h2 id="volume-heading">Last 24 hours</h2>
          <dl class="stats">
            <div>
              <dt>Events</dt>
              <dd data-stat="events">{formatCount(last24h.events)}</dd>
            </div>
            <div>
              <dt>Requests</dt>
              <dd>{formatCount(last24h.requests)}</dd>
            </div>
            <div>
              <dt>Received</dt>
              <dd>{formatBytes(last24h.bytes)}</dd>
            </div>
            <div>
              <dt>Rejected requests</dt>
              <dd class={last24h.rejectedRequests > 0 ? 'text-error' : undefined}>{formatCount(last24h.rejectedRequests)}</dd>
            </div>
            <div>
              <dt>Parse errors</dt>
              <dd class={last24h.parseErrors > 0 ? 'text-error' : undefined}>{formatCount(last24h.parseErrors)}</dd>
            </div>
          </dl>
          <IngestChart connectorName={c.name} events={last24h.events} refreshMs={CHART_REFRESH_MS} />
        </section>
      </div>
      <HecErrors connectorName={c.name} last24h={last24h} />
      <Senders connectorId={c.id} events={last24h.events} />
      <details class="card">
        <summary>Sending examples (the key is not shown again: replace {'<API key>'})</summary>
        <SendSnippets connectorName={c.name} ingestUrl={c.ingestUrl} />
      </details>
    </>
  );
}
