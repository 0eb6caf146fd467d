/** Clone (any parser, under a new name), export as a parser template, delete (custom parsers). */
import { useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import type { ParserDetail } from '../api/parser-types.js';
import { navigate } from '../router/location.js';
import { ErrorAlert } from '../ui/alert.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { downloadText } from '../ui/download-text.js';
import type { ParserKind } from './parser-draft.js';

export interface ParserActionsProps {
  parser: ParserDetail;
  kind: ParserKind;
  canWrite: boolean;
}

export function ParserActions({ parser, kind, canWrite }: ParserActionsProps) {
  const [dialog, setDialog] = useState<'clone' | 'delete' | undefined>(undefined);
  const [newName, setNewName] = useState(`${parser.name}-custom`);
  const [error, setError] = useState<unknown>(undefined);
  const path = `/parsers/${encodeURIComponent(parser.name)}`;

  const exportYaml = (): void => {
    setError(undefined);
    api<{ name: string; yaml: string }>('GET', `${path}/yaml`).then((answer) => downloadText(`${answer.name}.yaml`, answer.yaml, 'application/yaml'), setError);
  };
  return (
    <>
      {canWrite && (
        <button type="button" class="button" onClick={() => setDialog('clone')}>
          Clone
        </button>
      )}
      <button type="button" class="button" onClick={exportYaml}>
        Export YAML
      </button>
      {canWrite && kind === 'custom' && (
        <button type="button" class="button danger" onClick={() => setDialog('delete')}>
          Delete
        </button>
      )}
      <ErrorAlert error={error} />
      {dialog === 'clone' && (
        <ConfirmDialog
          title={`Clone ${parser.name}`}
          confirmLabel="Clone"
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            const clone = await api<ParserDetail>('POST', `${path}/clone`, { newName: newName.trim() });
            navigate(`/parsers/${encodeURIComponent(clone.name)}`);
          }}
        >
          <p>The copy is a custom parser with the same script, tag fields and test cases, which you can change.</p>
          <div class="field">
            <label for="clone-name">Name of the copy</label>
            <input id="clone-name" type="text" class="mono" value={newName} onInput={(e) => setNewName(e.currentTarget.value)} />
          </div>
        </ConfirmDialog>
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={`Delete ${parser.name}?`}
          confirmLabel="Delete parser"
          danger
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            await api('DELETE', path);
            navigate('/parsers');
          }}
        >
          <p>Connectors cannot use a deleted parser; the server refuses while one does. Events already stored keep their fields.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
