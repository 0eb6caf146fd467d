/**
 * Lines → events, with the multi-line rules of the LogScale Collector: with `multiLineBeginsWith`
 * a matching line starts an event and other lines join it; with `multiLineContinuesWith` a matching
 * line joins the previous event. The open event's start offset is what a checkpoint may record, so
 * a restart re-reads an event that was not complete yet instead of emitting half of it.
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

export class LineAssembler {
  private open: { lines: string[]; start: number; end: number } | undefined;

  constructor(private readonly rules: MultiLineRules) {}

  /** Adds one line (without its newline) that starts at `start` and ends (newline included) at `end`. */
  add(line: string, start: number, end: number, out: AssembledEvent[]): void {
    const { beginsWith, continuesWith } = this.rules;
    if (beginsWith === undefined && continuesWith === undefined) {
      if (line.length > 0) out.push({ text: line, end });
      return;
    }
    const joins = this.open !== undefined && (beginsWith !== undefined ? !beginsWith.test(line) : continuesWith?.test(line) === true);
    if (joins && this.open !== undefined) {
      this.open.lines.push(line);
      this.open.end = end;
      return;
    }
    this.flush(out);
    this.open = { lines: [line], start, end };
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
