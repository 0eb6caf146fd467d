/**
 * State shared by the closures of one compiled parser. The time budget: run() sets `deadline` before
 * each event, and steps check it between stages and inside loops (regex repeat, split), so one
 * event cannot hold the ingest thread for long. A single regex exec cannot be interrupted, which is
 * why regexes also run with V8's backtrack limit (see regex-guard.ts). `now` is the wall clock that
 * time functions read (a year-less syslog date takes its year from it); tests inject a fixed one.
 */
export class EvalContext {
  deadline = Number.POSITIVE_INFINITY;

  constructor(
    readonly budgetMs: number,
    readonly now: () => number = () => Date.now(),
  ) {}

  start(): void {
    this.deadline = performance.now() + this.budgetMs;
  }

  check(): void {
    if (performance.now() > this.deadline) throw new BudgetExceeded(this.budgetMs);
  }
}

export class BudgetExceeded extends Error {
  constructor(budgetMs: number) {
    super(`Parsing this event took longer than its ${budgetMs} ms budget`);
    this.name = 'BudgetExceeded';
  }
}
