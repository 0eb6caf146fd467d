/**
 * PLACEHOLDER for the parsers view (part 2 of the console replaces it with the parser editor): the
 * parsers a connector can use, read-only.
 */
import { api } from '../api/api-client.js';
import type { ParserSummary } from '../api/types.js';
import type { PageProps } from '../page-props.js';
import { ErrorAlert } from '../ui/alert.js';
import { Loading } from '../ui/loading.js';
import { PageHeader } from '../ui/page-header.js';
import { useResource } from '../ui/use-resource.js';

function kindOf(p: ParserSummary): string {
  if (p.version === 'native') return 'native';
  return p.builtIn ? 'built-in' : 'custom';
}

export default function ParsersPage(_props: PageProps) {
  const parsers = useResource((signal) => api<{ parsers: ParserSummary[] }>('GET', '/parsers', undefined, { signal }), []);
  return (
    <>
      <PageHeader title="Parsers" subtitle="Turn each event into fields before it is stored. Create and test parsers with the CLI or the API for now (docs/parsers.md)." />
      <ErrorAlert error={parsers.error} />
      {parsers.loading && <Loading what="parsers" />}
      {parsers.data !== undefined && (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Description</th>
                <th scope="col" class="numeric">
                  Test cases
                </th>
              </tr>
            </thead>
            <tbody>
              {parsers.data.parsers.map((p) => (
                <tr key={p.name}>
                  <td class="mono">{p.name}</td>
                  <td>{kindOf(p)}</td>
                  <td>{p.description}</td>
                  <td class="numeric">{p.testCases}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
