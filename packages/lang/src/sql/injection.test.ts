/**
 * Hostile field names and values must only ever be data: each is stored in an event, then searched for
 * as a field name, a value and free text on the real engine, and used in pipeline arguments that reach
 * SQL (format and formatTime text, zones, percentiles, spans, series). A break-out would show as an
 * SQL error, a wrong result, or a changed table.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { evaluateSearch, finishSearch, planSearch } from '../search/plan-search.js';
import { baseEventFromRow } from '../search/sql-row.js';
import type { ResultRow } from '../search/sql-row.js';
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

describe('freeTextValue is the one escaping function for free text (an RE2 pattern)', () => {
  const ASCII_PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'].filter((ch) => ch !== '*');
  const RE2_SYNTAX = ['\\E', '\\Q', '(?-i)', '(?i)', '\\pL', '\\b', '.*', 'a{2}', '[^a]', '^raw', 'end$', 'a|b', '(?P<x>a)', '\\x41', '\\'];
  const NEEDLES = [...ASCII_PUNCTUATION, ...RE2_SYNTAX];
  let textDb: DuckDBConnection;
  beforeAll(async () => {
    textDb = await openFixtureDb([]);
    for (const [i, needle] of NEEDLES.entries()) await insertEvent(textDb, { id: `t${i}`, ts: 1000 + i, raw: `raw ${needle} END` });
  });

  test.each(NEEDLES.map((n) => [n]))('%j finds exactly the events whose raw text contains it (`*` a wildcard), in any case', async (needle) => {
    const expected = NEEDLES.map((other, i) => ({ raw: `raw ${other} END`, id: `t${i}` }))
      .filter((e) => containsWildcard(e.raw.toLowerCase(), needle.toLowerCase()))
      .map((e) => e.id)
      .reverse();
    expect(expected.length).toBeGreaterThan(0);
    expect(await runIds(textDb, compileSearch(quote(needle), EVENTS_SCHEMA, { limit: 1000 }))).toEqual(expected);
  });

  test('a wildcard spans line breaks and keeps its parts in order, as the evaluator does', async () => {
    await insertEvent(textDb, { id: 'ml', ts: 5000, raw: 'first (line)\nSECOND [line]' });
    const ids = async (q: string) => runIds(textDb, compileSearch(q, EVENTS_SCHEMA, { limit: 1000, start: 5000 }));
    expect(await ids('"(LINE)*second ["')).toEqual(['ml']);
    expect(await ids('"second*first"')).toEqual([]);
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

describe('format strings, percentiles, spans, zones and series stay data in pipelines', () => {
  let base: ResultRow[];
  beforeAll(async () => {
    const rows = (await db.runAndReadAll('SELECT * FROM events ORDER BY ts, id')).getRowObjects();
    base = rows.map((row) => baseEventFromRow(row, EVENTS_SCHEMA));
  });

  /** Runs a pipeline through SQL and the evaluator; they must agree, and the table must survive. */
  const agree = async (query: string) => {
    const plan = planSearch(query, EVENTS_SCHEMA, { limit: 1000 });
    const rows = (await db.runAndReadAll(plan.compiled.sql, [...plan.compiled.params])).getRowObjects();
    const viaSql = finishSearch(plan, rows, EVENTS_SCHEMA).results;
    expect(viaSql).toEqual(evaluateSearch(plan.ir, base, 1000).results);
    expect(await countRows()).toBe(HOSTILE.length);
    return { plan, results: viaSql };
  };
  const refused = (query: string) => expect(() => planSearch(query, EVENTS_SCHEMA, { limit: 10 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));

  test.each(HOSTILE.map((h, i) => [h, `h${i}`]))('format text %j is bound, never pasted', async (h, id) => {
    const { plan, results } = await agree(`x := format(${quote(`${h}<%s>`)}, field=[${quote(h)}]) | table([@id, x])`);
    const sqlAble = !h.includes('%');
    expect(plan.rest.length === 0).toBe(sqlAble);
    if (sqlAble) {
      expect(plan.compiled.sql).not.toContain(`${h}<`);
      expect(plan.compiled.params).toContain(`${h}<`);
    }
    expect(results.find((r) => r['@id'] === id)).toEqual({ '@id': id, x: `${h}<${h}>` });
  });

  test.each(HOSTILE.map((h) => [h]))('formatTime text %j is bound, and the same zone is refused by SQL', async (h) => {
    const { plan } = await agree(`x := formatTime(${quote(`${h} %Y`)}) | table([x])`);
    expect(plan.rest.length === 0).toBe(!h.includes('%'));
    const zoned = await agree(`x := formatTime("%H", timezone=${quote(h)}) | table([x])`);
    expect(zoned.plan.rest.length).toBeGreaterThan(0);
  });

  test('a named zone reaches SQL only as a parameter, and an unknown one not at all', async () => {
    const { plan } = await agree('x := formatTime("%H %z", timezone="Europe/Paris") | table([x])');
    expect(plan.rest).toEqual([]);
    expect(plan.compiled.sql).not.toContain('Europe/Paris');
    expect(plan.compiled.params).toContain('Europe/Paris');
    for (const zone of ['Europe/Nowhere', "Europe/Paris'; DROP TABLE events; --", 'Europe/Paris"', '../../etc/passwd']) {
      expect((await agree(`x := formatTime("%H", timezone=${quote(zone)}) | table([x])`)).plan.rest.length).toBeGreaterThan(0);
    }
  });

  test.each(HOSTILE.map((h) => [h]))('percentile %j as a percentile, a span or buckets is refused', (h) => {
    refused(`percentile(x, percentiles=[${quote(h)}])`);
    refused(`timeChart(span=${quote(h)})`);
    refused(`bucket(${quote(h)})`);
    refused(`timeChart(buckets=${quote(h)})`);
    refused(`timeChart(x, span=1h, limit=${quote(h)})`);
  });

  test.each(HOSTILE.map((h) => [h]))('a hostile field %j works as a percentile field, output prefix and series', async (h) => {
    const { plan } = await agree(`percentile(${quote(h)}, percentiles=[50, 99], as=${quote(h)})`);
    expect(plan.rest).toEqual([]);
    const series = await agree(`x := 1 | timeChart(${quote(h)}, span=1h, limit=1, function=sum(x))`);
    expect(series.plan.rest).toEqual([]);
    expect(series.results).toHaveLength(1);
  });
});
