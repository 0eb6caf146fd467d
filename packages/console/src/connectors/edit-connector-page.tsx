import { ApiFailure, api } from '../api/api-client.js';
import type { Connector } from '../api/types.js';
import type { PageProps } from '../page-props.js';
import { navigate } from '../router/location.js';
import { ErrorAlert } from '../ui/alert.js';
import { Loading } from '../ui/loading.js';
import { PageHeader } from '../ui/page-header.js';
import { useResource } from '../ui/use-resource.js';
import { ConnectorForm } from './connector-form.js';

export default function EditConnectorPage({ params }: PageProps) {
  const id = params.id ?? '';
  const path = `/connectors/${encodeURIComponent(id)}`;
  const connector = useResource((signal) => api<Connector>('GET', path, undefined, { signal }), [id]);
  if (connector.data === undefined) {
    if (connector.error instanceof ApiFailure && connector.error.code === 'NOT_FOUND') return <PageHeader title="Data connector not found" />;
    return connector.error === undefined ? <Loading what="the data connector" /> : <ErrorAlert error={connector.error} />;
  }
  return (
    <>
      <PageHeader title={`Edit ${connector.data.name}`} subtitle="A new parser applies to events received after the change; stored events are not re-parsed." />
      <ConnectorForm
        initial={connector.data}
        submitLabel="Save changes"
        cancelHref={path}
        onSubmit={async (fields) => {
          await api<Connector>('PATCH', path, fields);
          navigate(path, { replace: true });
        }}
      />
    </>
  );
}
