/**
 * A Prometheus histogram for one series: fixed upper bounds, a count per bucket, the sum and the
 * count. `observe` is a short loop over a dozen bounds, cheap enough to run once per HTTP request.
 */
export class Histogram {
  /** counts[i] observations fell in (bounds[i-1], bounds[i]]; the last slot is above every bound. */
  private readonly counts: number[];
  private total = 0;
  private sumOf = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > (this.bounds[i] ?? Infinity)) i++;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.total++;
    this.sumOf += value;
  }

  /** Cumulative counts per bound (Prometheus `le` semantics), then the +Inf bucket, sum and count. */
  snapshot(): HistogramSnapshot {
    let running = 0;
    const buckets = this.bounds.map((le, i) => {
      running += this.counts[i] ?? 0;
      return { le, count: running };
    });
    return { buckets, sum: this.sumOf, count: this.total };
  }
}

export interface HistogramSnapshot {
  buckets: ReadonlyArray<{ le: number; count: number }>;
  sum: number;
  count: number;
}
