/**
 * Hostile field names and values must only ever be data: each is stored in an event, then searched for
 * as a field name, a value and free text on the real engine. A break-out would show as an SQL error,
 * a wrong result, or a changed table.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { compileSearch } from './compile-search.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { EVENTS_SCHEMA, insertEvent, openFixtureDb, quote, runIds } from './fixtures/events.fixture.js';

const HOSTILE = [
  "'",
  '"',
  '\\',
  "'; DROP TABLE events; --",
  '") OR TRUE --',
  "' OR '1'='1",
  '$1',
  '$2::VARCHAR',
  '$.a',
  '$."x"',
  '/',
  '~',
  '~1',
  '~0/',
  'a.b[0]',
  '[*]',
  '%',
  '_',
  '\\%',
  'é',
  'ǅ🙂Ω',
  '\u202e',
  'line\nbreak',
  'tab\there',
  '__proto__',
  'constructor',
];

let db: DuckDBConnection;
beforeAll(async () => {
  db = await openFixtureDb([]);
  for (const [i, h] of HOSTILE.entries()) {
    await insertEvent(db, { id: `h${i}`, ts: 1000 + i, raw: `raw ${h} end`, fields: { [h]: h }, tags: { [`#${h}`]: h } });
  }
});

/** Reference matcher: the parts between `*`s occur in order (`*` is always a wildcard in LogScale). */
function containsWildcard(text: string, pattern: string): boolean {
  let from = 0;
  for (const part of pattern.split('*')) {
    const at = text.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

const run = (query: string) => runIds(db, compileSearch(query, EVENTS_SCHEMA, { limit: 1000 }));
const countRows = async () => Number((await db.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjects()[0]?.['n']);

describe('hostile names and values stay data', () => {
  test.each(HOSTILE.map((h, i) => [h, `h${i}`]))('finds field %j = itself, and only that event', async (h, id) => {
    expect(await run(`${quote(h)}=${quote(h)}`)).toEqual([id]);
    expect(await run(`${quote(`#${h}`)}=${quote(h)}`)).toEqual([id]);
    expect(await run(`${quote(h)}=/./`)).toEqual([id]);
    expect(await run(`${quote(h)}=*`)).toEqual([id]);
  });

  test.each(HOSTILE.map((h) => [h]))('searches %j as free text by case-insensitive substring', async (h) => {
    const expected = HOSTILE.map((other, i) => ({ raw: `raw ${other} end`, id: `h${i}` }))
      .filter((e) => containsWildcard(e.raw.toLowerCase(), h.toLowerCase()))
      .map((e) => e.id)
      .reverse();
    expect(await run(quote(h))).toEqual(expected);
  });

  test('a NUL byte in a value or field name matches nothing and breaks nothing', async () => {
    expect(await run(`${quote('a\0b')}=${quote('\0')}`)).toEqual([]);
    expect(await run(quote('\0'))).toEqual([]);
  });

  test('the table is intact after every hostile query', async () => {
    expect(await countRows()).toBe(HOSTILE.length);
  });
});

describe('quoteIdentifier is the one escaping function for identifiers', () => {
  test.each([
    ['events', '"events"'],
    ['we"ird', '"we""ird"'],
    ['a"; DROP TABLE x; --', '"a""; DROP TABLE x; --"'],
  ])('%j → %s', (name, expected) => {
    expect(duckdbDialect.quoteIdentifier(name)).toBe(expected);
  });

  test.each(['', 'a\0b'])('refuses %j', (name) => {
    expect(() => duckdbDialect.quoteIdentifier(name)).toThrow();
  });

  test('a schema of hostile table and column names compiles to SQL that runs', async () => {
    const table = `ev"il'; --`;
    const raw = `r"a'w`;
    const quoted = duckdbDialect.quoteIdentifier;
    await db.run(`CREATE TABLE ${quoted(table)} (${quoted('t"s')} BIGINT, ${quoted('i d')} VARCHAR, ${quoted(raw)} VARCHAR, ${quoted('t"g')} VARCHAR, ${quoted('f"d')} VARCHAR)`);
    await db.run(`INSERT INTO ${quoted(table)} VALUES (1, 'x', 'hello', NULL, '{"k":"v"}')`);
    const schema = { table, timeColumn: 't"s', idColumn: 'i d', rawColumn: raw, columns: { '@rawstring': raw }, tagsJsonColumn: 't"g', fieldsJsonColumn: 'f"d' };
    const compiled = compileSearch('hello k=v', schema, { limit: 10, start: 0 });
    const rows = (await db.runAndReadAll(compiled.sql, [...compiled.params])).getRowObjects();
    expect(rows.map((r) => r['i d'])).toEqual(['x']);
  });
});

describe('jsonPathFor builds RFC 6901 pointers', () => {
  test.each([
    ['source.ip', '/source.ip'],
    ['a/b', '/a~1b'],
    ['t~', '/t~0'],
    ['~1', '/~01'],
    ['', '/'],
  ])('%j → %s', (key, expected) => {
    expect(duckdbDialect.jsonPathFor(key)).toBe(expected);
  });
});
