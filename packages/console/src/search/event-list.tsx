/**
 * The matching events, newest first: time and raw line, and on click every field of the event with a
 * button that adds `field="value"` to the query. The list scrolls in its own frame and renders only
 * the rows in view (virtual-window.ts), so a thousand events scroll as smoothly as ten; rows are
 * measured once rendered, so expanded events keep their real height.
 *
 * Keyboard: the list is one Tab stop (a roving tabindex: only the current row is tabbable, so Tab
 * does not walk through a thousand rows); ArrowUp/ArrowDown, PageUp/PageDown, Home and End move
 * between rows, scrolling them into view; Enter or Space opens and closes the current one.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ResultRecord } from '../api/search-types.js';
import { formatDateTime } from '../ui/format.js';
import { eventFields, eventKey, eventSummary, eventTime } from './event-view.js';
import { rowOffsets, visibleRows } from './virtual-window.js';

/** A collapsed row, before it is measured. */
const ESTIMATED_ROW_PX = 33;
const PAGE_ROWS = 10;

export interface EventListProps {
  events: readonly ResultRecord[];
  onFilter(field: string, value: string): void;
}

export function EventList({ events, onFilter }: EventListProps) {
  const frame = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const heights = useRef(new Map<string, number>());
  const [measured, setMeasured] = useState(0);
  const [current, setCurrent] = useState(0);
  /** A row to focus once it is rendered (keyboard moves to rows outside the window). */
  const focusNext = useRef<number | undefined>(undefined);

  const keys = useMemo(() => events.map((e, i) => eventKey(e, i)), [events]);
  const offsets = useMemo(() => rowOffsets(events.length, (i) => heights.current.get(keys[i] as string) ?? ESTIMATED_ROW_PX), [keys, measured, expanded]);
  const { first, last } = visibleRows(offsets, scrollTop, viewport);

  // A new search starts at the top.
  const firstKey = keys[0];
  useLayoutEffect(() => {
    if (frame.current !== null) frame.current.scrollTop = 0;
    setScrollTop(0);
    setCurrent(0);
  }, [firstKey]);

  useLayoutEffect(() => {
    const index = focusNext.current;
    const button = index === undefined ? null : (frame.current?.querySelector<HTMLElement>(`[data-index="${index}"] > .event-summary`) ?? null);
    if (button !== null) {
      focusNext.current = undefined;
      button.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number): void => {
    const element = frame.current;
    const target = Math.max(0, Math.min(events.length - 1, index));
    if (element === null || events.length === 0) return;
    const top = offsets[target] as number;
    const bottom = offsets[target + 1] as number;
    // Scrolled just enough to show the whole row, as focus moves there.
    if (top < element.scrollTop) element.scrollTop = top;
    else if (bottom > element.scrollTop + element.clientHeight) element.scrollTop = bottom - element.clientHeight;
    setScrollTop(element.scrollTop);
    setCurrent(target);
    focusNext.current = target;
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE_ROWS, PageUp: -PAGE_ROWS };
    if (!(event.target instanceof HTMLElement) || !event.target.classList.contains('event-summary')) return;
    if (event.key in step) moveTo(current + (step[event.key] as number));
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(events.length - 1);
    else return;
    event.preventDefault();
  };

  useLayoutEffect(() => {
    const element = frame.current;
    if (element === null) return;
    setViewport(element.clientHeight);
    let changed = false;
    for (const row of element.querySelectorAll<HTMLElement>('[data-row]')) {
      const key = row.dataset.row as string;
      const height = row.offsetHeight;
      if (height > 0 && heights.current.get(key) !== height) {
        heights.current.set(key, height);
        changed = true;
      }
    }
    if (changed) setMeasured((n) => n + 1);
  });

  const toggle = (key: string): void => {
    const next = new Set(expanded);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setExpanded(next);
  };

  // The current row is the Tab stop; when it has scrolled out of the window, the first rendered row is.
  const tabRow = current >= first && current < last ? current : first;
  const rows = [];
  for (let i = first; i < last; i++) {
    const event = events[i] as ResultRecord;
    const key = keys[i] as string;
    const open = expanded.has(key);
    const detailsId = `event-${i}-fields`;
    rows.push(
      <div key={key} role="listitem" aria-setsize={events.length} aria-posinset={i + 1} class={`event-row${open ? ' open' : ''}`} data-row={key} data-index={i}>
        <button
          type="button"
          class="event-summary"
          tabIndex={i === tabRow ? 0 : -1}
          aria-expanded={open}
          aria-controls={open ? detailsId : undefined}
          aria-describedby="event-keys"
          onFocus={() => setCurrent(i)}
          onClick={() => toggle(key)}
        >
          <span class="event-time mono">{formatDateTime(eventTime(event))}</span>
          <span class="event-raw mono">{eventSummary(event)}</span>
        </button>
        {open && <EventFields id={detailsId} event={event} onFilter={onFilter} />}
      </div>,
    );
  }
  const total = offsets[events.length] as number;
  return (
    <div class="event-frame" ref={frame} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} onKeyDown={onKeyDown}>
      <p id="event-keys" class="visually-hidden">
        Arrow keys, Page Up, Page Down, Home and End move between events; Enter shows or hides the fields of an event.
      </p>
      <div role="list" aria-label={`${events.length} events, newest first`} class="event-rows" style={{ paddingTop: `${offsets[first] ?? 0}px`, paddingBottom: `${Math.max(0, total - (offsets[last] ?? total))}px` }}>
        {rows}
      </div>
    </div>
  );
}

function EventFields({ id, event, onFilter }: { id: string; event: ResultRecord; onFilter(field: string, value: string): void }) {
  return (
    <table class="table compact event-fields" id={id}>
      <caption class="visually-hidden">Fields of the event</caption>
      <tbody>
        {eventFields(event).map(([name, value]) => (
          <tr key={name}>
            <th scope="row" class="mono">
              {name}
            </th>
            <td class="mono event-value">{value}</td>
            <td class="event-field-action">
              <button type="button" class="button small ghost" aria-label={`Add ${name}="${value.length > 60 ? `${value.slice(0, 57)}...` : value}" to the query`} onClick={() => onFilter(name, value)}>
                Filter
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
