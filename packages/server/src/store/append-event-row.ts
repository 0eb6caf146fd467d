/**
 * Index rows → rows of the events table, in the column order of CREATE_EVENTS_TABLE.
 * Values are coerced rather than trusted: a row that fails half-way would poison the whole batch.
 * The tags and fields JSON arrive as text (index-row.ts); promoted values go to their columns.
 *
 * Rows are written a DuckDB data chunk (up to 2,048 rows) at a time, column by column, through the
 * bindings `@duckdb/node-api` itself uses, rather than with one Appender call per value: integers are
 * copied into the vector in one call per column, a column that is NULL in every row of the chunk is
 * one validity copy, a column with one value in every row (connector, repo, type, often host and
 * request id) is one constant, and only the other strings cost a call each. Indexing collector-shaped frames in-process: 3.9–4.0 → 2.2 µs per event on the
 * indexer thread, 6.8–7.4 → 4.3–4.7 µs on all threads (docs/PERFORMANCE.md, "Collector").
 */
import { createRequire } from 'node:module';
import { BIGINT, DuckDBDataChunk, INTEGER, VARCHAR } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBType } from '@duckdb/node-api';
import type { IndexRow } from './index-row.js';
import { PROMOTED_COLUMNS } from './promoted-columns.js';

/** The functions of `@duckdb/node-bindings` used here (DuckDB's C API, one call each). */
interface Bindings {
  vector_size(): number;
  data_chunk_reset(chunk: DuckDBDataChunk['chunk']): void;
  data_chunk_set_size(chunk: DuckDBDataChunk['chunk'], size: number): void;
  data_chunk_get_vector(chunk: DuckDBDataChunk['chunk'], column: number): Vector;
  copy_data_to_vector(vector: Vector, targetOffset: number, source: ArrayBuffer, sourceOffset: number, bytes: number): void;
  copy_data_to_vector_validity(vector: Vector, targetOffset: number, source: ArrayBuffer, sourceOffset: number, bytes: number): void;
  vector_ensure_validity_writable(vector: Vector): void;
  vector_assign_string_element(vector: Vector, index: number, text: string): void;
  vector_reference_value(vector: Vector, value: Value): void;
  create_varchar(text: string): Value;
}
/** Opaque handles of the native library. */
type Vector = { readonly __vector: unique symbol };
type Value = { readonly __value: unique symbol };

/**
 * The bindings of the `@duckdb/node-api` that is loaded, resolved from its own folder: a chunk made by
 * one copy of the native library must not be handed to another.
 */
const bindings = createRequire(createRequire(import.meta.url).resolve('@duckdb/node-api'))('@duckdb/node-bindings') as Bindings;

type Column =
  | { kind: 'bigint'; get: (row: IndexRow) => number }
  | { kind: 'integer'; get: (row: IndexRow) => number }
  | { kind: 'text'; nullable: boolean; get: (row: IndexRow) => string | null | undefined };

const text = (get: (row: IndexRow) => string | null | undefined): Column => ({ kind: 'text', nullable: false, get });
const nullableText = (get: (row: IndexRow) => string | null | undefined): Column => ({ kind: 'text', nullable: true, get });

/**
 * The table's columns in order. Text that must not be NULL is written as `String(value)`; fractions of
 * a timestamp are cut, and one that is not a number within ±2^53 is written as 0.
 */
const COLUMNS: readonly Column[] = [
  text((r) => r.id),
  { kind: 'bigint', get: (r) => r.timestamp },
  { kind: 'integer', get: (r) => r.timestampNanos },
  { kind: 'bigint', get: (r) => r.ingestTimestamp },
  text((r) => r.rawstring),
  nullableText((r) => r.host),
  nullableText((r) => r.source),
  nullableText((r) => r.sourcetype),
  text((r) => r.connector),
  text((r) => r.repo),
  text((r) => r.type),
  text((r) => r.connectionId),
  text((r) => r.requestId),
  nullableText((r) => r.tagsJson),
  nullableText((r) => r.fieldsJson),
  ...PROMOTED_COLUMNS.map((_, i) => nullableText((r) => r.promoted[i])),
];

const TYPE_NAMES = { bigint: 'BIGINT', integer: 'INTEGER', text: 'VARCHAR' } as const;
const TYPES: Record<Column['kind'], DuckDBType> = { bigint: BIGINT, integer: INTEGER, text: VARCHAR };
const TWO_POW_32 = 4_294_967_296;

/** Appends index rows to one Appender a data chunk at a time; the caller flushes the Appender. */
export class EventRowWriter {
  private readonly chunk: DuckDBDataChunk;
  private readonly capacity: number;
  /** Scratch for one column of a chunk: 64-bit integers as two 32-bit words, 32-bit integers, validity bits. */
  private readonly words: Uint32Array<ArrayBuffer>;
  private readonly ints: Int32Array<ArrayBuffer>;
  private readonly validity: Uint8Array<ArrayBuffer>;
  private readonly noneValid: Uint8Array<ArrayBuffer>;

  constructor(private readonly appender: DuckDBAppender) {
    // The Appender writes by position: a table whose columns differ from COLUMNS is refused here,
    // before a chunk is misread.
    const count = appender.columnCount;
    const actual = Array.from({ length: count }, (_, i) => String(appender.columnType(i)));
    const expected = COLUMNS.map((c) => TYPE_NAMES[c.kind]);
    if (actual.join() !== expected.join()) {
      throw new Error(`events table columns (${actual.join(', ')}) are not the expected ones (${expected.join(', ')})`);
    }
    this.chunk = DuckDBDataChunk.create(COLUMNS.map((c) => TYPES[c.kind]));
    this.capacity = bindings.vector_size();
    this.words = new Uint32Array(new ArrayBuffer(this.capacity * 8));
    this.ints = new Int32Array(new ArrayBuffer(this.capacity * 4));
    this.validity = new Uint8Array(new ArrayBuffer(Math.ceil(this.capacity / 8)));
    this.noneValid = new Uint8Array(new ArrayBuffer(this.validity.length));
  }

  append(rows: readonly IndexRow[]): void {
    for (let from = 0; from < rows.length; from += this.capacity) {
      this.appendChunk(rows, from, Math.min(this.capacity, rows.length - from));
    }
  }

  private appendChunk(rows: readonly IndexRow[], from: number, n: number): void {
    const chunk = this.chunk.chunk;
    bindings.data_chunk_reset(chunk);
    bindings.data_chunk_set_size(chunk, n);
    for (let c = 0; c < COLUMNS.length; c++) {
      const column = COLUMNS[c] as Column;
      const vector = bindings.data_chunk_get_vector(chunk, c);
      if (column.kind === 'bigint') {
        const words = this.words;
        for (let i = 0; i < n; i++) {
          const t = Math.trunc(column.get(rows[from + i] as IndexRow));
          const ms = Number.isSafeInteger(t) ? t : 0;
          const high = Math.floor(ms / TWO_POW_32);
          words[2 * i] = ms - high * TWO_POW_32;
          words[2 * i + 1] = high;
        }
        bindings.copy_data_to_vector(vector, 0, words.buffer, 0, n * 8);
      } else if (column.kind === 'integer') {
        const ints = this.ints;
        for (let i = 0; i < n; i++) {
          const v = column.get(rows[from + i] as IndexRow);
          ints[i] = Number.isFinite(v) ? v | 0 : 0;
        }
        bindings.copy_data_to_vector(vector, 0, ints.buffer, 0, n * 4);
      } else {
        this.writeText(vector, column, rows, from, n);
      }
    }
    this.appender.appendDataChunk(this.chunk);
  }

  private writeText(vector: Vector, column: Column & { kind: 'text' }, rows: readonly IndexRow[], from: number, n: number): void {
    const first = column.get(rows[from] as IndexRow);
    let same = true;
    for (let i = 1; i < n && same; i++) same = column.get(rows[from + i] as IndexRow) === first;
    if (same) {
      if (first === null || first === undefined) {
        if (column.nullable) {
          bindings.vector_ensure_validity_writable(vector);
          bindings.copy_data_to_vector_validity(vector, 0, this.noneValid.buffer, 0, Math.ceil(n / 8));
          return;
        }
      } else {
        bindings.vector_reference_value(vector, bindings.create_varchar(String(first)));
        return;
      }
    }
    const validity = this.validity;
    let nulls = false;
    if (column.nullable) validity.fill(255);
    for (let i = 0; i < n; i++) {
      const v = column.get(rows[from + i] as IndexRow);
      if (v === null || v === undefined) {
        if (column.nullable) {
          validity[i >> 3] = (validity[i >> 3] as number) & ~(1 << (i & 7));
          nulls = true;
          continue;
        }
        bindings.vector_assign_string_element(vector, i, String(v));
      } else {
        bindings.vector_assign_string_element(vector, i, typeof v === 'string' ? v : String(v));
      }
    }
    if (nulls) {
      bindings.vector_ensure_validity_writable(vector);
      bindings.copy_data_to_vector_validity(vector, 0, validity.buffer, 0, Math.ceil(n / 8));
    }
  }
}
