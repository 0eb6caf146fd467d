/**
 * IR → closures. Each stage compiles once into a Step (mutate, keep or drop) or a Fanout; at run time
 * an event goes through plain function calls with no tree walk. Consecutive Steps run in one loop;
 * a Fanout hands each of its events to the rest of the pipeline.
 */
import { assertNever } from '../ir/filter-ir.js';
import type { ConditionIR, MatchTestIR, PipelineIR, StageIR, ValueIR } from '../ir/script-ir.js';
import type { EvalContext } from './eval-context.js';
import { compileCondition } from './compile-condition.js';
import { compileValue } from './compile-value.js';
import { compileCall } from './compile-call.js';
import type { CompileTools } from './function-impl.js';
import { wildcardMatcher } from './wildcard-matcher.js';
import { compileRegexFilter } from './compile-condition.js';
import { fieldReader } from './parser-event.js';
import type { Fanout, ParserEvent, Step, ValueFn } from './parser-event.js';

export type Emit = (event: ParserEvent) => void;

export function makeTools(context: EvalContext): CompileTools {
  const tools: CompileTools = {
    context,
    compileValue: (v: ValueIR): ValueFn => compileValue(v, tools),
  };
  return tools;
}

type Compiled = { readonly kind: 'step'; readonly run: Step } | { readonly kind: 'fanout'; readonly run: Fanout };

/** The whole pipeline, ending in `emit`. */
export function compilePipeline(pipeline: PipelineIR, emit: Emit, tools: CompileTools): Emit {
  const stages = pipeline.map((s) => compileStage(s, tools));
  let next = emit;
  // Build from the end: every run of Steps becomes one loop that calls the continuation.
  let i = stages.length - 1;
  while (i >= 0) {
    const stage = stages[i];
    if (stage === undefined) break;
    if (stage.kind === 'fanout') {
      const after = next;
      const fan = stage.run;
      next = (event) => {
        for (const out of fan(event)) after(out);
      };
      i--;
      continue;
    }
    const steps: Step[] = [];
    while (i >= 0 && stages[i]?.kind === 'step') {
      steps.unshift((stages[i] as { run: Step }).run);
      i--;
    }
    next = stepRunner(steps, next, tools.context);
  }
  return next;
}

function stepRunner(steps: readonly Step[], after: Emit, context: EvalContext): Emit {
  const n = steps.length;
  return (event) => {
    for (let k = 0; k < n; k++) {
      if (!(steps[k] as Step)(event)) return;
      context.check();
    }
    after(event);
  };
}

/** A pipeline inside case/match: only Steps, run as one Step (true when it keeps the event). */
export function compileBranch(pipeline: PipelineIR, tools: CompileTools): Step {
  const steps = pipeline.map((s) => {
    const compiled = compileStage(s, tools);
    if (compiled.kind === 'fanout') throw new FanoutInBranch();
    return compiled.run;
  });
  const n = steps.length;
  return (event) => {
    for (let k = 0; k < n; k++) if (!(steps[k] as Step)(event)) return false;
    return true;
  };
}

export class FanoutInBranch extends Error {}

/** True when some stage that can change the event comes before a stage that can drop it. */
function mayChangeThenDrop(pipeline: PipelineIR): boolean {
  let changed = false;
  for (const stage of pipeline) {
    const drops = stage.kind !== 'assign';
    if (changed && drops) return true;
    if (stage.kind !== 'filter') changed = true;
  }
  return false;
}

/** The branch, leaving the event as it found it when it drops it. */
function rollingBack(branch: Step): Step {
  return (event) => {
    const before = new Map(event.fields);
    if (branch(event)) return true;
    event.fields.clear();
    for (const [name, value] of before) event.fields.set(name, value);
    return false;
  };
}

function compileStage(stage: StageIR, tools: CompileTools): Compiled {
  switch (stage.kind) {
    case 'filter':
      return { kind: 'step', run: compileCondition(stage.condition, tools) };
    case 'assign': {
      const field = stage.field;
      const value = compileValue(stage.value, tools);
      return {
        kind: 'step',
        run: (event) => {
          const v = value(event);
          if (v === undefined) event.fields.delete(field);
          else event.fields.set(field, v);
          return true;
        },
      };
    }
    case 'call':
      return compileCall(stage.fn, stage.args, tools, 'stage');
    case 'case': {
      // Each clause runs as if on its own: one that drops the event leaves nothing behind for the
      // next (LogScale runs every clause "individually"). Only a clause that can change the event
      // and then drop it pays for a copy; the last one needs none, since its failure drops the event.
      const last = stage.branches.length - 1;
      const branches = stage.branches.map((b, i) => {
        if (b === null) return null;
        const branch = compileBranch(b, tools);
        return i < last && mayChangeThenDrop(b) ? rollingBack(branch) : branch;
      });
      return {
        kind: 'step',
        run: (event) => {
          for (const branch of branches) if (branch === null || branch(event)) return true;
          return false;
        },
      };
    }
    case 'match': {
      const read = fieldReader(stage.field);
      const arms = stage.arms.map((arm) => ({ test: compileMatchTest(arm.test, stage.field, tools), run: arm.pipeline === null ? null : compileBranch(arm.pipeline, tools) }));
      return {
        kind: 'step',
        run: (event) => {
          const v = read(event);
          for (const arm of arms) {
            if (arm.test(v, event)) return arm.run === null || arm.run(event);
          }
          return false;
        },
      };
    }
    default:
      return assertNever(stage);
  }
}

function compileMatchTest(test: MatchTestIR, field: string, tools: CompileTools): (value: string | undefined, event: ParserEvent) => boolean {
  switch (test.kind) {
    case 'any':
      return () => true;
    case 'equals': {
      const match = wildcardMatcher(test.pattern, false);
      return (v) => v !== undefined && match(v);
    }
    case 'regex': {
      const run = compileRegexFilter(field, test.source, test.flags);
      return (_v, event) => run(event);
    }
    case 'call': {
      const condition: ConditionIR = { kind: 'call', fn: test.fn, args: test.args };
      const run = compileCondition(condition, tools);
      return (_v, event) => run(event);
    }
    default:
      return assertNever(test);
  }
}
