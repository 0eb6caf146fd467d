import type { Dialect, SqlValue } from './dialect.js';

/** Collects bound values in order and hands out their placeholders. */
export class SqlParams {
  private readonly values: SqlValue[] = [];

  constructor(private readonly dialect: Dialect) {}

  add(value: SqlValue): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length);
  }

  /** How many values are bound; `truncate(mark)` forgets those added since (a stage given up on). */
  mark(): number {
    return this.values.length;
  }

  truncate(mark: number): void {
    this.values.length = mark;
  }

  toArray(): readonly SqlValue[] {
    return Object.freeze([...this.values]);
  }
}
