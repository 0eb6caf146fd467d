/**
 * A code field with syntax colouring, marked problems and completion, for queries and parser scripts.
 *
 * A plain <textarea> does the editing (so selection, undo, IME, spell-off and screen readers behave as
 * in any field); under it, in the same grid cell and with the same font, padding and wrapping, a <pre>
 * shows the coloured text. The textarea's own text is transparent, so only its caret and selection
 * show over the colours. Both grow with the text, so nothing scrolls inside the editor and the two
 * can never drift apart.
 *
 * Keyboard: typing a word suggests completions (Ctrl+Space asks for them); ArrowUp/ArrowDown move,
 * Enter or Tab accept, Escape closes. Without suggestions Tab leaves the field as usual, Ctrl+Enter
 * submits, and in a one-line editor (`submitOnEnter`) Enter submits and Shift+Enter adds a line.
 */
import type { JSX, RefObject, TargetedKeyboardEvent } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { applySuggestion, complete, type Completion, type Vocabulary } from './completion.js';
import { tokenize } from './highlight.js';
import './code-editor.css';

/** A range to underline, with what is wrong there. */
export interface EditorMark {
  start: number;
  end: number;
  message: string;
}

export interface CodeEditorProps {
  id: string;
  value: string;
  onInput(value: string): void;
  onSubmit?(): void;
  submitOnEnter?: boolean;
  marks?: readonly EditorMark[];
  vocabulary?: Vocabulary;
  readOnly?: boolean;
  /** Height when empty, in lines. */
  minRows?: number;
  placeholder?: string;
  /** Ids of the elements that describe the field (its problems, a hint). */
  describedBy?: string;
  /** Accessible name when there is no <label for={id}>. */
  ariaLabel?: string;
}

/** The suggestion list's min-width (14rem at 16 px). */
const POPUP_MIN_WIDTH_PX = 224;

export function CodeEditor(props: CodeEditorProps) {
  const { id, value, marks = [], vocabulary, readOnly = false, minRows = 1 } = props;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<HTMLSpanElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [completion, setCompletion] = useState<(Completion & { active: number }) | undefined>(undefined);
  const [cursor, setCursor] = useState(0);
  const [popupAt, setPopupAt] = useState<{ left: number; top: number }>({ left: 0, top: 0 });
  const pendingCursor = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const target = pendingCursor.current;
    if (target !== undefined && textarea.current !== null) {
      textarea.current.setSelectionRange(target, target);
      pendingCursor.current = undefined;
    }
  }, [value]);

  // The suggestions open under the caret, which the coloured copy marks.
  useLayoutEffect(() => {
    if (completion === undefined || caret.current === null) return;
    // Kept inside the editor's width, so the list never widens the page.
    const room = (frame.current?.clientWidth ?? 0) - POPUP_MIN_WIDTH_PX;
    setPopupAt({ left: Math.max(0, Math.min(caret.current.offsetLeft, room)), top: caret.current.offsetTop + caret.current.offsetHeight });
  }, [completion, cursor]);

  useLayoutEffect(() => {
    if (completion !== undefined) document.getElementById(`${id}-suggestion-${completion.active}`)?.scrollIntoView({ block: 'nearest' });
  }, [completion]);

  const suggest = (text: string, at: number, explicit: boolean): void => {
    setCursor(at);
    setCompletion(vocabulary === undefined || readOnly ? undefined : withActive(complete(text, at, vocabulary, explicit)));
  };

  const accept = (index: number): void => {
    const suggestion = completion?.suggestions[index];
    if (completion === undefined || suggestion === undefined) return;
    const next = applySuggestion(value, completion, suggestion);
    pendingCursor.current = next.cursor;
    setCompletion(undefined);
    props.onInput(next.text);
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLTextAreaElement>): void => {
    const open = completion !== undefined;
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const count = completion.suggestions.length;
      setCompletion({ ...completion, active: (completion.active + step + count) % count });
    } else if (open && (event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      accept(completion.active);
    } else if (open && event.key === 'Escape') {
      event.preventDefault();
      setCompletion(undefined);
    } else if (event.key === ' ' && event.ctrlKey) {
      event.preventDefault();
      suggest(value, event.currentTarget.selectionStart, true);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || (props.submitOnEnter === true && !event.shiftKey))) {
      event.preventDefault();
      setCompletion(undefined);
      props.onSubmit?.();
    } else if (['ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(event.key)) {
      setCompletion(undefined);
    }
  };

  const listId = `${id}-suggestions`;
  const active = completion === undefined ? undefined : `${id}-suggestion-${completion.active}`;
  const invalid = marks.length > 0;
  return (
    <div ref={frame} class={`code-editor${readOnly ? ' read-only' : ''}${invalid ? ' invalid' : ''}`}>
      <pre class="code-highlight" aria-hidden="true">
        <Coloured text={value} marks={marks} caretAt={completion === undefined ? undefined : cursor} caretRef={caret} />
        {value === '' && props.placeholder !== undefined ? <span class="code-placeholder">{props.placeholder}</span> : null}
        {/* A last empty line still takes its height. */}
        {'\u200b'}
      </pre>
      <textarea
        ref={textarea}
        id={id}
        class="code-input"
        value={value}
        rows={minRows}
        readOnly={readOnly}
        spellcheck={false}
        autoComplete="off"
        autoCapitalize="off"
        aria-label={props.ariaLabel}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={props.describedBy}
        aria-autocomplete={vocabulary === undefined || readOnly ? undefined : 'list'}
        aria-controls={completion === undefined ? undefined : listId}
        aria-activedescendant={active}
        onInput={(e) => {
          const text = e.currentTarget.value;
          props.onInput(text);
          suggest(text, e.currentTarget.selectionStart, false);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setCompletion(undefined)}
        onClick={() => setCompletion(undefined)}
      />
      {completion !== undefined && (
        <ul class="code-suggestions" id={listId} role="listbox" aria-label="Suggestions" style={{ left: `${popupAt.left}px`, top: `${popupAt.top}px` }}>
          {completion.suggestions.map((s, i) => (
            <li
              key={`${s.kind} ${s.insert}`}
              id={`${id}-suggestion-${i}`}
              role="option"
              aria-selected={i === completion.active}
              class={`code-suggestion kind-${s.kind}`}
              // Keeps the focus (and the caret) in the field.
              onMouseDown={(e) => {
                e.preventDefault();
                accept(i);
              }}
            >
              <span class="suggestion-label">{s.label}</span>
              {s.detail !== undefined && <span class="suggestion-detail">{s.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      <span class="visually-hidden" role="status">
        {completion === undefined ? '' : `${completion.suggestions.length} suggestion${completion.suggestions.length === 1 ? '' : 's'}`}
      </span>
    </div>
  );
}

function withActive(completion: Completion | undefined): (Completion & { active: number }) | undefined {
  return completion === undefined ? undefined : { ...completion, active: 0 };
}

interface ColouredProps {
  text: string;
  marks: readonly EditorMark[];
  caretAt: number | undefined;
  caretRef: RefObject<HTMLSpanElement | null>;
}

/** The text as spans: one per token, cut where a mark or the caret begins or ends. */
function Coloured({ text, marks, caretAt, caretRef }: ColouredProps) {
  // Marks of zero width (the end of the text, a missing token) cover one character, or a space after the text.
  const ranges = marks.map((m) => ({ ...m, end: m.end > m.start ? m.end : m.start + 1 }));
  const cuts = new Set<number>([0, text.length]);
  for (const r of ranges) {
    cuts.add(Math.min(r.start, text.length));
    cuts.add(Math.min(r.end, text.length));
  }
  if (caretAt !== undefined) cuts.add(caretAt);
  const pieces: JSX.Element[] = [];
  for (const token of tokenize(text)) {
    const inner = [...cuts].filter((c) => c > token.start && c < token.end).sort((a, b) => a - b);
    let from = token.start;
    for (const to of [...inner, token.end]) {
      if (from === caretAt) pieces.push(<span key={`caret-${from}`} ref={caretRef} class="code-caret" />);
      const marked = ranges.find((r) => r.start < to && r.end > from);
      pieces.push(
        <span key={from} class={`tok-${token.kind}${marked === undefined ? '' : ' code-mark'}`}>
          {text.slice(from, to)}
        </span>,
      );
      from = to;
    }
  }
  if (caretAt !== undefined && caretAt >= text.length) pieces.push(<span key="caret-end" ref={caretRef} class="code-caret" />);
  if (ranges.some((r) => r.end > text.length)) pieces.push(<span key="mark-end" class="code-mark code-mark-end"> </span>);
  return <>{pieces}</>;
}
