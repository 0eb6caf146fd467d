import type { Dialect, SqlValue } from './dialect.js';

/** Collects bound values in order and hands out their placeholders. */
export class SqlParams {
  private readonly values: SqlValue[] = [];

  constructor(private readonly dialect: Dialect) {}

  add(value: SqlValue): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length);
  }

  toArray(): readonly SqlValue[] {
    return Object.freeze([...this.values]);
  }
}
