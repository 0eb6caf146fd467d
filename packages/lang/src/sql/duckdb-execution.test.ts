import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { compileSearch } from './compile-search.js';
import { ALL_IDS, EVENTS_SCHEMA, openFixtureDb, runIds } from './fixtures/events.fixture.js';

let db: DuckDBConnection;
beforeAll(async () => {
  db = await openFixtureDb();
});

const search = (query: string, options: Partial<Parameters<typeof compileSearch>[2]> = {}) =>
  runIds(db, compileSearch(query, EVENTS_SCHEMA, { limit: 100, ...options }));
const allBut = (...ids: string[]) => ALL_IDS.filter((id) => !ids.includes(id));

describe('search v0 on DuckDB returns the matching events newest first', () => {
  test.each([
    // free text: case-insensitive substring of @rawstring
    ['error', ['e03', 'e02']],
    ['ERROR', ['e03', 'e02']],
    ['"connection refused"', ['e02']],
    ['firewall', ['e05', 'e04']],
    ['fire*deny', ['e04']],
    ['STRAßE', ['e06']],
    ['"\\"hello world\\""', ['e12']],
    ['"C:\\\\Windows"', ['e10']],
    ['*', ALL_IDS],
    ['', ALL_IDS],
    ['error // a trailing comment', ['e03', 'e02']],
    ['/* leading */ firewall', ['e05', 'e04']],
    // field = value: exact, case-sensitive, * wildcards
    ['user=admin', ['e01']],
    ['user=adm*', ['e08', 'e01']],
    ['user=*min', ['e01']],
    ['user="ADMIN"', ['e11']],
    ['Vendor.action=Deny', ['e04']],
    ['Vendor.action=deny', []],
    ['source.ip=10.0.0.*', ['e05', 'e01']],
    ['event.category[0]=network', ['e02']],
    ['"event.category[0]"=network', ['e02']],
    ['"weird \\"key\\""=q', ['e08']],
    ['a/b~c=slash', ['e08']],
    ['msg="50% done_ok"', ['e07']],
    ['msg=50%*', ['e07']],
    ['msg="50_ done*"', []],
    ['path="C:\\Windows\\System32"', ['e10']],
    ['empty=""', ['e12']],
    ['@host=web-1', ['e11', 'e01']],
    ['@timestamp=5000', ['e05']],
    // existence and !=
    ['user=*', ['e11', 'e08', 'e07', 'e01']],
    ['user!=*', allBut('e11', 'e08', 'e07', 'e01')],
    ['not user=*', allBut('e11', 'e08', 'e07', 'e01')],
    ['user!=admin', allBut('e01')],
    ['status!=404', allBut('e08')],
    // tags: main tags are columns, others come from the tags JSON
    ['#Vendor=fw', ['e05', 'e04']],
    ['#repo=fw', ['e05', 'e04']],
    ['#Vendor=acme #repo=main', ['e02', 'e01']],
    ['#Vendor!=*', allBut('e01', 'e02', 'e04', 'e05')],
    // numeric comparisons: false when missing or not a number
    ['status>=500', ['e03', 'e02']],
    ['status<300', ['e01']],
    ['score<0', ['e11']],
    ['dest.port>100', ['e05']],
    ['dest.port<=53', ['e04']],
    ['@timestamp>=5000 @timestamp<8000', ['e07', 'e06', 'e05']],
    ['not status>0', allBut('e01', 'e02', 'e03', 'e08')],
    // regex: bare on @rawstring, field=/re/flags
    ['/disk\\s+full/', ['e03']],
    ['/^error/', ['e03']],
    ['/^error/i', ['e03', 'e02']],
    ['/^line/', []],
    ['/^line/m', ['e06']],
    ['/multi.line/', []],
    ['/multi.line/s', ['e06']],
    ['user=/^admin$/i', ['e11', 'e01']],
    ['user!=/^adm/', allBut('e01', 'e08')],
    ['@rawstring=/^user=/', ['e08']],
    ['/(?<word>fire)wall/i', ['e05', 'e04']],
    // boolean structure: or binds tighter than and (LogScale)
    ['action=deny or action=allow', ['e05', 'e04']],
    ['error or firewall deny', ['e04']],
    ['deny error or firewall', ['e04']],
    ['(error or firewall) and not deny', ['e05', 'e03', 'e02']],
    ['!firewall', allBut('e04', 'e05')],
    ['not not firewall', ['e05', 'e04']],
    ['error AND disk', ['e03']],
  ])('%s', async (query, expected) => {
    expect(await search(query)).toEqual(expected);
  });
});

describe('time range and limit', () => {
  test('keeps events with start <= @timestamp < end', async () => {
    expect(await search('', { start: 3000, end: 6000 })).toEqual(['e05', 'e04', 'e03']);
  });

  test('accepts numeric strings and relative times against the given clock', async () => {
    expect(await search('', { start: '3000', end: '6s', now: 12_000 })).toEqual(['e05', 'e04', 'e03']);
  });

  test('returns at most limit events, the newest', async () => {
    expect(await search('', { limit: 2 })).toEqual(['e12', 'e11']);
  });

  test('breaks timestamp ties by id, descending', async () => {
    const tied = await openFixtureDb([
      { id: 'b', ts: 1, raw: 'x' },
      { id: 'c', ts: 1, raw: 'x' },
      { id: 'a', ts: 1, raw: 'x' },
    ]);
    expect(await runIds(tied, compileSearch('x', EVENTS_SCHEMA, { limit: 10 }))).toEqual(['c', 'b', 'a']);
  });
});
