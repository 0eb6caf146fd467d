import { describe, expect, it } from 'vitest';
import type { AssembledEvent, MultiLineRules } from './line-assembler.js';
import { LineAssembler, MAX_EVENT_CHARS, MAX_EVENT_LINES } from './line-assembler.js';

/** Feeds lines (offsets as if each were followed by a newline) and returns the events, then the open one. */
function assemble(rules: MultiLineRules, lines: readonly string[]): { events: AssembledEvent[]; openStart: number | undefined; rest: AssembledEvent[] } {
  const assembler = new LineAssembler(rules);
  const events: AssembledEvent[] = [];
  let at = 0;
  for (const line of lines) {
    assembler.add(line, at, at + line.length + 1, events);
    at += line.length + 1;
  }
  const openStart = assembler.openStart();
  const rest: AssembledEvent[] = [];
  assembler.flush(rest);
  return { events, openStart, rest };
}

describe('LineAssembler', () => {
  it('without rules: one event per line, empty lines left out', () => {
    const { events, rest } = assemble({}, ['a', '', 'b']);
    expect(events).toEqual([
      { text: 'a', end: 2 },
      { text: 'b', end: 5 },
    ]);
    expect(rest).toEqual([]);
  });

  it('multiLineBeginsWith: a matching line starts an event, the others join it; the open one is flushed', () => {
    const { events, openStart, rest } = assemble({ beginsWith: /^\d{4}-/ }, ['2024-01 start', '  at x', '  at y', '2024-02 next', 'tail']);
    expect(events).toEqual([{ text: '2024-01 start\n  at x\n  at y', end: 28 }]);
    expect(openStart).toBe(28);
    expect(rest).toEqual([{ text: '2024-02 next\ntail', end: 46 }]);
  });

  it('multiLineContinuesWith: a matching line joins the previous event', () => {
    const { events, rest } = assemble({ continuesWith: /^\s/ }, ['one', ' more', 'two']);
    expect(events.map((e) => e.text)).toEqual(['one\n more']);
    expect(rest.map((e) => e.text)).toEqual(['two']);
  });

  it(`emits an event of ${MAX_EVENT_LINES} lines and starts another with the next line`, () => {
    const lines = ['begin', ...Array.from({ length: MAX_EVENT_LINES + 4 }, (_, i) => `line ${i}`)];
    const { events, rest } = assemble({ beginsWith: /^begin/ }, lines);
    expect(events).toHaveLength(1);
    expect(events[0]?.text.split('\n')).toHaveLength(MAX_EVENT_LINES);
    expect(rest[0]?.text.split('\n')).toEqual(lines.slice(MAX_EVENT_LINES));
    expect([...(events[0]?.text.split('\n') ?? []), ...(rest[0]?.text.split('\n') ?? [])]).toEqual(lines);
  });

  it(`emits an event before it passes ${MAX_EVENT_CHARS} characters`, () => {
    const line = 'x'.repeat(300_000);
    const { events, rest } = assemble({ beginsWith: /^never$/ }, [line, line, line, line, 'last']);
    expect(events.map((e) => e.text.length)).toEqual([3 * 300_000 + 2]);
    expect(rest.map((e) => e.text)).toEqual([`${line}\nlast`]);
    for (const e of [...events, ...rest]) expect(e.text.length).toBeLessThanOrEqual(MAX_EVENT_CHARS);
  });
});
