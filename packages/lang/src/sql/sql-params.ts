import type { Dialect, SqlValue } from './dialect.js';

/**
 * Collects bound values and hands out placeholders for them. While a statement is being built a
 * placeholder is a private token (NUL-delimited: NUL can appear neither in an identifier —
 * quoteIdentifier refuses it — nor anywhere else the compiler writes, since values are never
 * pasted). `finish(sql)` numbers the tokens that made it into the final text, in order of first
 * appearance, and drops the values of those that did not: a stage may compile an expression that a
 * later stage discards (`x := "1" | drop([x])`), and engines refuse values without a placeholder.
 */
export class SqlParams {
  private readonly values: SqlValue[] = [];

  constructor(private readonly dialect: Dialect) {}

  add(value: SqlValue): string {
    this.values.push(value);
    return `\0${this.values.length - 1}\0`;
  }

  /** How many values are bound; `truncate(mark)` forgets those added since (a stage given up on). */
  mark(): number {
    return this.values.length;
  }

  truncate(mark: number): void {
    this.values.length = mark;
  }

  /** The statement with real placeholders, and exactly the values it uses, in placeholder order. */
  finish(sql: string): { readonly sql: string; readonly params: readonly SqlValue[] } {
    const renumbered = new Map<number, string>();
    const params: SqlValue[] = [];
    const text = sql.replace(/\0(\d+)\0/g, (_token, index: string) => {
      const i = Number(index);
      let placeholder = renumbered.get(i);
      if (placeholder === undefined) {
        if (i >= this.values.length) throw new Error(`placeholder ${i} has no bound value`);
        params.push(this.values[i] as SqlValue);
        placeholder = this.dialect.placeholder(params.length);
        renumbered.set(i, placeholder);
      }
      return placeholder;
    });
    return { sql: text, params: Object.freeze(params) };
  }
}
