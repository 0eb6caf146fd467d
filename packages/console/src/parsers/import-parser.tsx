/**
 * "Import YAML": a parser template (LogScale's format, docs/parsers.md) from a file or pasted, sent to
 * `POST /parsers/import`. The new parser opens afterwards.
 */
import { useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import type { ParserDetail } from '../api/parser-types.js';
import { navigate } from '../router/location.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';

export function ImportParser() {
  const [open, setOpen] = useState(false);
  const [yaml, setYaml] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const readFile = (file: File | undefined): void => {
    if (file !== undefined) file.text().then(setYaml, () => setYaml(''));
  };
  const submit = async (): Promise<void> => {
    const parser = await api<ParserDetail>('POST', '/parsers/import', { yaml, overwrite });
    navigate(`/parsers/${encodeURIComponent(parser.name)}`);
  };
  return (
    <>
      <button type="button" class="button" onClick={() => setOpen(true)}>
        Import YAML
      </button>
      {open && (
        <ConfirmDialog title="Import a parser template" confirmLabel="Import" onConfirm={submit} onClose={() => setOpen(false)}>
          <div class="field">
            <label for="import-file">Parser template file</label>
            <input id="import-file" type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={(e) => readFile(e.currentTarget.files?.[0])} />
          </div>
          <div class="field">
            <label for="import-yaml">Parser template (YAML)</label>
            <textarea id="import-yaml" class="mono" rows={10} spellcheck={false} value={yaml} onInput={(e) => setYaml(e.currentTarget.value)} />
          </div>
          <div class="field check">
            <input id="import-overwrite" type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.currentTarget.checked)} />
            <label for="import-overwrite">Replace the custom parser of the same name</label>
          </div>
        </ConfirmDialog>
      )}
    </>
  );
}
