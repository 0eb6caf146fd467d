/**
 * One parser (`/parsers/:name`) or a new one (`/parsers/new`): the script with colouring, completion
 * and its problems as you type (compiled in the browser by @hecate/lang, exactly as the server
 * compiles it), the test cases with their output fields and failures (run by the server on the
 * unsaved draft, a moment after each change), lint findings on request, and save, clone, export and
 * delete. Built-in and native parsers are read-only: clone one to change it.
 */
import { FUNCTION_REGISTRY, diagnoseParser } from '@hecate/lang/browser';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiFailure, api } from '../api/api-client.js';
import type { ApiDiagnostic, ParserDetail, ParserTestReport } from '../api/parser-types.js';
import { CodeEditor, type EditorMark } from '../editor/code-editor.js';
import type { Vocabulary } from '../editor/completion.js';
import type { PageProps } from '../page-props.js';
import { Link } from '../router/link.js';
import { navigate } from '../router/location.js';
import { ErrorAlert, Notice } from '../ui/alert.js';
import { Loading } from '../ui/loading.js';
import { PageHeader } from '../ui/page-header.js';
import { useDebounced } from '../ui/use-debounced.js';
import { useResource } from '../ui/use-resource.js';
import { KindBadge } from './kind-badge.js';
import { LintPanel } from './lint-panel.js';
import { ParserActions } from './parser-actions.js';
import { draftFrom, emptyDraft, parserKind, sameParser, specOf, type ParserDraft } from './parser-draft.js';
import { ScriptProblems } from './script-problems.js';
import { TestCases } from './test-cases.js';
import './parsers.css';

const CHECK_DELAY_MS = 150;
const TEST_DELAY_MS = 500;
const PARSER_FUNCTIONS = FUNCTION_REGISTRY.filter((f) => f.parserSafe).map((f) => ({ name: f.name, summary: f.summary, params: f.params }));

export default function ParserPage({ params, me }: PageProps) {
  const isNew = params.name === undefined;
  const name = params.name ?? '';
  const detail = useResource(
    (signal) => (isNew ? Promise.resolve(undefined) : api<ParserDetail>('GET', `/parsers/${encodeURIComponent(name)}`, undefined, { signal })),
    [name, isNew],
  );
  if (isNew) return <ParserEditor key="new" saved={undefined} canWrite={me.permissions.includes('parsers:write')} onSaved={() => undefined} />;
  if (detail.data === undefined) {
    if (detail.error instanceof ApiFailure && detail.error.code === 'NOT_FOUND') {
      return (
        <>
          <PageHeader title="Parser not found" />
          <p>
            There is no parser named <code>{name}</code>; it may have been deleted. <Link href="/parsers">All parsers</Link>
          </p>
        </>
      );
    }
    return detail.error === undefined ? <Loading what="the parser" /> : <ErrorAlert error={detail.error} />;
  }
  return <ParserEditor key={`${detail.data.name} ${detail.data.version}`} saved={detail.data} canWrite={me.permissions.includes('parsers:write')} onSaved={detail.reload} />;
}

interface ParserEditorProps {
  /** The stored parser; undefined for a new one. */
  saved: ParserDetail | undefined;
  canWrite: boolean;
  onSaved(): void;
}

function ParserEditor({ saved, canWrite, onSaved }: ParserEditorProps) {
  const initial = useMemo(() => (saved === undefined ? emptyDraft() : draftFrom(saved)), [saved]);
  const [draft, setDraft] = useState<ParserDraft>(initial);
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);
  const [testRun, setTestRun] = useState(0);
  const kind = saved === undefined ? 'custom' : parserKind(saved);
  const readOnly = kind !== 'custom' || !canWrite;
  const dirty = !sameParser(draft, initial) || (saved === undefined && draft.name !== '');
  const update = (change: Partial<ParserDraft>): void => setDraft((d) => ({ ...d, ...change }));

  // Leaving the page with unsaved changes asks first.
  useEffect(() => {
    if (!dirty || readOnly) return undefined;
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, readOnly]);

  const checkedScript = useDebounced(draft.script, CHECK_DELAY_MS);
  const diagnostics = useMemo(() => diagnoseParser(checkedScript), [checkedScript]);
  const current = checkedScript === draft.script;
  const marks: EditorMark[] = current ? diagnostics.map((d) => ({ start: d.start, end: d.end, message: d.message })) : [];

  // The test cases run on the server (the ingest engine), on the draft as it is a moment after a change.
  const spec = specOf(draft);
  const testKey = useDebounced(JSON.stringify(spec), TEST_DELAY_MS);
  const report = useResource(
    (signal) => {
      const body = JSON.parse(testKey) as ReturnType<typeof specOf>;
      // A stored parser unchanged since it was loaded runs as stored.
      const stored = saved !== undefined && kind !== 'native' && testKey === JSON.stringify(specOf(initial));
      return stored
        ? api<ParserTestReport>('POST', `/parsers/${encodeURIComponent(saved.name)}/test`, undefined, { signal })
        : api<ParserTestReport>('POST', '/parsers/test', body, { signal });
    },
    [testKey, testRun],
  );

  const outputFields = useMemo(() => {
    const names = new Set<string>();
    for (const t of report.data?.testCases ?? []) for (const e of t.outputEvents) for (const n of Object.keys(e)) names.add(n);
    return [...names].sort();
  }, [report.data]);
  const vocabulary = useMemo<Vocabulary>(() => ({ functions: PARSER_FUNCTIONS, fields: outputFields }), [outputFields]);

  const save = async (): Promise<void> => {
    setSaving(true);
    setSaveError(undefined);
    try {
      if (saved === undefined) {
        const created = await api<ParserDetail>('POST', '/parsers', specOf(draft, true));
        navigate(`/parsers/${encodeURIComponent(created.name)}`, { replace: true });
      } else {
        await api<ParserDetail>('PUT', `/parsers/${encodeURIComponent(saved.name)}`, specOf(draft));
        onSaved();
      }
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  const saveDiagnostics = saveError instanceof ApiFailure && Array.isArray(saveError.details.diagnostics) ? (saveError.details.diagnostics as ApiDiagnostic[]) : [];
  const title = saved === undefined ? 'New parser' : saved.name;
  return (
    <>
      <PageHeader
        title={title}
        badge={<KindBadge kind={kind} />}
        subtitle={
          <>
            <Link href="/parsers">Parsers</Link>
            {saved !== undefined && saved.description !== '' ? ` · ${saved.description}` : ''}
          </>
        }
        actions={
          <>
            {!readOnly && (
              <button type="button" class="button primary" disabled={!dirty || saving} onClick={() => void save()}>
                {saving ? 'Saving…' : saved === undefined ? 'Create parser' : 'Save changes'}
              </button>
            )}
            {saved !== undefined && <ParserActions parser={saved} kind={kind} canWrite={canWrite} />}
          </>
        }
      />
      {kind !== 'custom' && <Notice>This {kind} parser is read-only. Clone it to change its script or its test cases.</Notice>}
      {saveError !== undefined && (
        <ErrorAlert>
          {saveError instanceof Error ? saveError.message : String(saveError)}
          {saveDiagnostics.length > 0 && (
            <ul>
              {saveDiagnostics.map((d) => (
                <li key={`${d.range.start}-${d.code}`}>
                  {d.line}:{d.column} {d.message}
                </li>
              ))}
            </ul>
          )}
        </ErrorAlert>
      )}
      <form class="parser-form" onSubmit={(e) => e.preventDefault()} aria-label="Parser">
        {saved === undefined && (
          <div class="field">
            <label for="parser-name">Name</label>
            <input id="parser-name" type="text" class="mono" required value={draft.name} onInput={(e) => update({ name: e.currentTarget.value })} aria-describedby="parser-name-hint" />
            <p id="parser-name-hint" class="hint">
              Letters, digits, "_", "-" and "."; connectors refer to it by this name.
            </p>
          </div>
        )}
        <div class="field">
          <label for="parser-description">Description</label>
          <input id="parser-description" type="text" value={draft.description} readOnly={readOnly} onInput={(e) => update({ description: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="parser-script">Script</label>
          <CodeEditor
            id="parser-script"
            value={draft.script}
            onInput={(script) => update({ script })}
            onSubmit={() => setTestRun((n) => n + 1)}
            marks={marks}
            vocabulary={vocabulary}
            readOnly={readOnly}
            minRows={8}
            placeholder={'parseJson(prefix="Vendor.")\n| user.name := Vendor.user'}
            describedBy="script-problems"
          />
          <ScriptProblems id="script-problems" diagnostics={current ? diagnostics : []} checking={!current} />
        </div>
        <div class="field-row">
          <div class="field">
            <label for="parser-tags">Tag fields</label>
            <input id="parser-tags" type="text" class="mono" value={draft.tagFields} readOnly={readOnly} onInput={(e) => update({ tagFields: e.currentTarget.value })} aria-describedby="parser-tags-hint" />
            <p id="parser-tags-hint" class="hint">
              Fields stored as tags (#Vendor), separated by commas.
            </p>
          </div>
          <div class="field">
            <label for="parser-removed">Fields removed before parsing</label>
            <input id="parser-removed" type="text" class="mono" value={draft.removedFields} readOnly={readOnly} onInput={(e) => update({ removedFields: e.currentTarget.value })} />
          </div>
        </div>
      </form>
      <TestCases
        testCases={draft.testCases}
        onChange={(testCases) => update({ testCases })}
        report={report}
        stale={testKey !== JSON.stringify(spec)}
        readOnly={readOnly}
        onRun={() => setTestRun((n) => n + 1)}
      />
      <LintPanel spec={spec} />
    </>
  );
}
