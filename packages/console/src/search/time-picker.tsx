/**
 * The search's time range: a preset (the last 15 minutes … 30 days) or an absolute range typed in
 * local time. A preset applies at once; an absolute range with "Apply range". Zooming in the histogram
 * sets an absolute range too, and "Zoom out" doubles it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { RANGE_PRESETS, isAbsolute, type SearchUrlState } from './search-url.js';
import { zoomOut } from './zoom-range.js';

export interface TimePickerProps {
  state: SearchUrlState;
  /** The range the last answer covered (epoch ms), to start the absolute fields from. */
  shown?: { start: number; end: number };
  onRange(start: string, end?: string): void;
}

const CUSTOM = 'custom';

/** Epoch ms as the value of a datetime-local field (local time, to the second). */
export function localInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function TimePicker({ state, shown, onRange }: TimePickerProps) {
  const absolute = isAbsolute(state);
  const [custom, setCustom] = useState(absolute);
  const initial = (): { from: string; to: string } => {
    const start = absolute ? Number(state.start) : shown?.start;
    const end = absolute && state.end !== undefined ? Number(state.end) : shown?.end;
    return { from: start === undefined ? '' : localInputValue(start), to: end === undefined ? '' : localInputValue(end) };
  };
  const [fields, setFields] = useState(initial);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  // A new URL (a zoom, Back) shows its own range.
  const shownRange = useRef(`${state.start} ${state.end ?? ''}`);
  useEffect(() => {
    const range = `${state.start} ${state.end ?? ''}`;
    if (shownRange.current === range) return;
    shownRange.current = range;
    setCustom(isAbsolute(state));
    setFields(initial());
    setProblem(undefined);
  }, [state.start, state.end]);

  const selected = custom ? CUSTOM : state.start;
  const known = RANGE_PRESETS.some((p) => p.value === state.start);
  const apply = (): void => {
    const from = Date.parse(fields.from);
    const to = Date.parse(fields.to);
    if (Number.isNaN(from) || Number.isNaN(to)) return setProblem('Enter both times.');
    if (to < from) return setProblem('The end must not be before the start.');
    setProblem(undefined);
    // datetime-local has whole seconds: the end second is included to its last millisecond.
    onRange(String(from), String(to + 999));
  };
  return (
    <div class="time-picker">
      <div class="field">
        <label for="search-range">Time range</label>
        <select
          id="search-range"
          value={selected}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (value === CUSTOM) {
              setCustom(true);
              setFields(initial());
            } else {
              setCustom(false);
              // Ours: when the URL catches up, the effect above must not undo a choice made meanwhile
              // (picking "Absolute range…" right after a preset used to close the fields again).
              shownRange.current = `${value} `;
              onRange(value);
            }
          }}
        >
          {RANGE_PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
          {!known && !absolute && <option value={state.start}>Last {state.start}</option>}
          <option value={CUSTOM}>Absolute range…</option>
        </select>
      </div>
      {custom && (
        <>
          <div class="field">
            <label for="search-from">From</label>
            <input id="search-from" type="datetime-local" step="1" value={fields.from} onInput={(e) => setFields({ ...fields, from: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="search-to">To</label>
            <input id="search-to" type="datetime-local" step="1" value={fields.to} onInput={(e) => setFields({ ...fields, to: e.currentTarget.value })} />
          </div>
          <button type="button" class="button" onClick={apply}>
            Apply range
          </button>
        </>
      )}
      {absolute && state.end !== undefined && (
        <button
          type="button"
          class="button ghost"
          onClick={() => {
            const wider = zoomOut(Number(state.start), Number(state.end), Date.now());
            onRange(String(wider.start), String(wider.end));
          }}
        >
          Zoom out
        </button>
      )}
      {problem !== undefined && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
