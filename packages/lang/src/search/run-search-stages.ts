/**
 * The evaluator for search pipelines: runs search IR stages over events in memory. It is both the
 * reference the SQL back ends are tested against and the runner for the stages SQL cannot express
 * (after the SQL prefix, on a bounded number of streamed rows). Per-event stages reuse the parser
 * evaluator's closures; a function failure keeps the event with @error, as in parsers.
 */
import { assertNever } from '../ir/filter-ir.js';
import type { SearchStageIR, SortKey } from '../ir/search-ir.js';
import type { StageIR } from '../ir/script-ir.js';
import { compilePipeline, makeTools } from '../eval/compile-pipeline.js';
import { EvalContext } from '../eval/eval-context.js';
import { addError, fieldReader, toNumber } from '../eval/parser-event.js';
import type { ParserEvent } from '../eval/parser-event.js';
import { installRegexGuard } from '../eval/regex-guard.js';
import { runAggregate } from './run-aggregate.js';

export interface SearchStream {
  readonly events: ParserEvent[];
  /** Still events in time order (oldest first), with no order-setting stage applied. */
  readonly defaultOrder: boolean;
}

export interface SearchStreamOutput extends SearchStream {
  /** The limit of a groupBy that dropped groups (the largest, when several did); null when none did. */
  readonly groupCut: number | null;
}

/** Per-event budget: generous for a search, but a pathological stage cannot hold the server. */
const EVENT_BUDGET_MS = 200;

export function runSearchStages(stages: readonly SearchStageIR[], input: SearchStream): SearchStreamOutput {
  installRegexGuard();
  let events = input.events;
  let defaultOrder = input.defaultOrder;
  let groupCut: number | null = null;
  let i = 0;
  while (i < stages.length) {
    const stage = stages[i] as SearchStageIR;
    if (stage.kind === 'event') {
      // Consecutive per-event stages compile into one closure pipeline.
      const run: StageIR[] = [];
      while (i < stages.length && stages[i]?.kind === 'event') run.push((stages[i++] as { stage: StageIR }).stage);
      events = runEventStages(run, events);
      continue;
    }
    i++;
    switch (stage.kind) {
      case 'aggregate': {
        const out = runAggregate(stage, events);
        events = out.events;
        if (out.groupCut !== null) groupCut = Math.max(groupCut ?? 0, out.groupCut);
        break;
      }
      case 'sort':
        events = sortEvents(events, stage.keys).slice(0, stage.limit);
        break;
      case 'head':
        events = events.slice(0, stage.limit);
        break;
      case 'tail':
        events = events.slice(Math.max(0, events.length - stage.limit));
        break;
      case 'table': {
        const ordered = defaultOrder ? [...events].reverse() : events;
        events = ordered.slice(0, stage.limit).map((e) => {
          const fields = new Map<string, string>();
          for (const f of stage.fields) {
            const v = fieldReader(f)(e);
            if (v !== undefined) fields.set(f, v);
          }
          return { fields };
        });
        break;
      }
      default:
        assertNever(stage);
    }
    defaultOrder = false;
  }
  return { events, defaultOrder, groupCut };
}

function runEventStages(stages: readonly StageIR[], events: readonly ParserEvent[]): ParserEvent[] {
  const context = new EvalContext(EVENT_BUDGET_MS);
  const out: ParserEvent[] = [];
  const entry = compilePipeline(stages, (e) => out.push(e), makeTools(context));
  for (const event of events) {
    context.start();
    try {
      entry(event);
    } catch (error) {
      addError(event, `Search stage failed: ${error instanceof Error ? error.message : String(error)}`);
      out.push(event);
    }
  }
  return out;
}

/** Stable sort (see ir/search-ir.ts): numbers first, then strings, missing last, in either order. */
export function sortEvents(events: readonly ParserEvent[], keys: readonly SortKey[]): ParserEvent[] {
  const readers = keys.map((k) => ({ read: fieldReader(k.field), sign: k.order === 'desc' ? -1 : 1 }));
  return [...events].sort((a, b) => {
    for (const { read, sign } of readers) {
      const c = compareValues(read(a), read(b), sign);
      if (c !== 0) return c;
    }
    return 0;
  });
}

function compareValues(a: string | undefined, b: string | undefined, sign: number): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined && x !== y) return sign * (x < y ? -1 : 1);
  if ((x === undefined) !== (y === undefined)) return x === undefined ? 1 : -1;
  return a === b ? 0 : sign * (a < b ? -1 : 1);
}
