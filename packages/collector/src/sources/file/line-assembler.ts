/**
 * Lines → events, with the multi-line rules of the LogScale Collector: with `multiLineBeginsWith`
 * a matching line starts an event and other lines join it; with `multiLineContinuesWith` a matching
 * line joins the previous event. The open event's start offset is what a checkpoint may record, so
 * a restart re-reads an event that was not complete yet instead of emitting half of it. An event is
 * emitted once it holds MAX_EVENT_LINES lines or MAX_EVENT_CHARS characters; the next line starts
 * another.
 */
export interface AssembledEvent {
  text: string;
  /** Byte offset just after the event's last line. */
  end: number;
}

export interface MultiLineRules {
  beginsWith?: RegExp;
  continuesWith?: RegExp;
}

/**
 * The most an open event gathers before it is emitted and the next line starts another: a pattern
 * that never matches (or a stack trace without end) must not hold the whole file in memory, or keep
 * the checkpoint at the event's start while everything after it is read.
 */
export const MAX_EVENT_LINES = 10_000;
/** In UTF-16 code units, as JavaScript counts a string's length (1 MiB of ASCII). */
export const MAX_EVENT_CHARS = 1024 * 1024;

export class LineAssembler {
  private open: { lines: string[]; chars: number; start: number; end: number } | undefined;

  constructor(private readonly rules: MultiLineRules) {}

  /** Adds one line (without its newline) that starts at `start` and ends (newline included) at `end`. */
  add(line: string, start: number, end: number, out: AssembledEvent[]): void {
    const { beginsWith, continuesWith } = this.rules;
    if (beginsWith === undefined && continuesWith === undefined) {
      if (line.length > 0) out.push({ text: line, end });
      return;
    }
    const open = this.open;
    const joins = open !== undefined && (beginsWith !== undefined ? !beginsWith.test(line) : continuesWith?.test(line) === true);
    if (joins && open.lines.length < MAX_EVENT_LINES && open.chars + 1 + line.length <= MAX_EVENT_CHARS) {
      open.lines.push(line);
      open.chars += 1 + line.length;
      open.end = end;
      return;
    }
    this.flush(out);
    this.open = { lines: [line], chars: line.length, start, end };
  }

  /** Emits the open event (no more lines are coming for now). */
  flush(out: AssembledEvent[]): void {
    if (this.open === undefined) return;
    const text = this.open.lines.join('\n');
    if (text.trim().length > 0) out.push({ text, end: this.open.end });
    this.open = undefined;
  }

  /** Where a restart must resume: the start of the open event, or undefined when none is open. */
  openStart(): number | undefined {
    return this.open?.start;
  }

  reset(): void {
    this.open = undefined;
  }
}
