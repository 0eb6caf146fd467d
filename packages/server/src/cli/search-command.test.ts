import { describe, expect, it } from 'vitest';
import { eventColumns, formatAnswer, formatRowsTable, summaryLine, toCsv } from './search-command.js';
import type { JobAnswer } from './search-command.js';

const T1 = Date.UTC(2025, 0, 2, 3, 4, 5, 6);
const T2 = T1 - 1_000;

function answer(events: JobAnswer['events'], meta: Partial<JobAnswer['metaData']> = {}): JobAnswer {
  return {
    done: true,
    cancelled: false,
    events,
    metaData: { eventCount: events.length, timeMillis: 12, isAggregate: false, fieldNames: [...new Set(events.flatMap((e) => Object.keys(e)))], totalWork: 4, workDone: 4, ...meta },
  };
}

const EVENTS = answer([
  { '@timestamp': T1, '@rawstring': 'user=ann action=deny', '#connector': 'fw', user: 'ann', action: 'deny' },
  { '@timestamp': T2, '@rawstring': 'user=bob', '#connector': 'fw', user: 'bob' },
]);
const RAW_ONLY = answer([{ '@timestamp': T1, '@rawstring': 'plain line', '@host': 'h1' }]);
const ROWS = answer([{ user: 'ann', _count: '2' }, { user: 'bobby', _count: '10' }], { isAggregate: true, fieldNames: ['user', '_count'] });

describe('formatRowsTable', () => {
  it('aligns aggregate rows under their field names, in the given column order', () => {
    const text = formatRowsTable([{ user: 'ann', _count: '2' }, { user: 'bobby', _count: '10' }], ['user', '_count']);
    expect(text).toBe(['user   _count', '-----  ------', 'ann    2', 'bobby  10', ''].join('\n'));
  });

  it('prints missing values as blanks and flattens line breaks', () => {
    const text = formatRowsTable([{ a: 'x\ny' }, { b: '1' }], ['a', 'b']);
    expect(text.split('\n')).toEqual(['a    b', '---  -', 'x y', '     1', '']);
  });
});

describe('--format raw (the default)', () => {
  it('prints one line per event: ISO time, two spaces, @rawstring', () => {
    expect(formatAnswer(EVENTS, 'raw')).toBe(`2025-01-02T03:04:05.006Z  user=ann action=deny\n2025-01-02T03:04:04.006Z  user=bob\n`);
  });

  it('prints aggregate rows as a table', () => {
    expect(formatAnswer(ROWS, 'raw')).toBe(formatRowsTable(ROWS.events, ['user', '_count']));
  });
});

describe('--format table', () => {
  it('shows events as @timestamp and their own fields, leaving out @… and #… metadata', () => {
    expect(formatAnswer(EVENTS, 'table').split('\n')).toEqual([
      '@timestamp                user  action',
      '------------------------  ----  ------',
      '2025-01-02T03:04:05.006Z  ann   deny',
      '2025-01-02T03:04:04.006Z  bob',
      '',
    ]);
  });

  it('shows @rawstring when events have no fields of their own', () => {
    expect(eventColumns(RAW_ONLY.metaData.fieldNames)).toEqual(['@timestamp', '@rawstring']);
    expect(formatAnswer(RAW_ONLY, 'table')).toContain('2025-01-02T03:04:05.006Z  plain line');
  });

  it('shows aggregate rows in the order of fieldNames', () => {
    expect(formatAnswer(ROWS, 'table').split('\n')[0]).toBe('user   _count');
  });
});

describe('--format csv (RFC 4180)', () => {
  it('puts @timestamp first, then every other field in the order of fieldNames', () => {
    const shuffled = answer(EVENTS.events, { fieldNames: ['@id', '@timestamp', 'user'] });
    expect(formatAnswer(shuffled, 'csv').split('\r\n')[0]).toBe('@timestamp,@id,user');
  });

  it('writes a header row and one CRLF-ended record per event, with every field', () => {
    expect(formatAnswer(EVENTS, 'csv')).toBe(
      '@timestamp,@rawstring,#connector,user,action\r\n' + `${T1},user=ann action=deny,fw,ann,deny\r\n` + `${T2},user=bob,fw,bob,\r\n`,
    );
  });

  it('writes aggregate rows under their field names', () => {
    expect(formatAnswer(ROWS, 'csv')).toBe('user,_count\r\nann,2\r\nbobby,10\r\n');
  });

  it.each([
    ['a comma', 'a,b', '"a,b"'],
    ['a double quote, doubled', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'one\ntwo', '"one\ntwo"'],
    ['a carriage return', 'one\rtwo', '"one\rtwo"'],
    ['nothing special', 'plain text', 'plain text'],
    ['leading spaces, kept as they are', '  x ', '  x '],
  ])('quotes a field holding %s', (_name, value, field) => {
    expect(toCsv(['v'], [{ v: value }])).toBe(`v\r\n${field}\r\n`);
  });

  it('quotes header names too, and writes missing and null values as empty fields', () => {
    expect(toCsv(['a,b', 'c'], [{ c: null }, {}])).toBe('"a,b",c\r\n,\r\n,\r\n');
  });

  it('writes an empty answer as the header alone', () => {
    expect(formatAnswer(answer([]), 'csv')).toBe('@timestamp,@rawstring\r\n');
  });
});

describe('--format json', () => {
  it('prints the job answer as the API gives it', () => {
    expect(JSON.parse(formatAnswer(EVENTS, 'json'))).toEqual(EVENTS);
  });
});

describe('summaryLine', () => {
  it('counts events and says when the limit cut the answer', () => {
    expect(summaryLine(EVENTS, 200)).toBe('2 event(s) in 12 ms\n');
    const cut = answer(EVENTS.events, { extraData: { hasMoreEvents: 'true', note: 'more than 2 events matched' } });
    expect(summaryLine(cut, 2)).toBe('2 event(s) (limit 2 reached; use --limit) in 12 ms\n');
  });

  it('counts rows of aggregates and passes notes on', () => {
    const noted = { ...ROWS, metaData: { ...ROWS.metaData, extraData: { note: 'only the first 50000 events' } } };
    expect(summaryLine(noted, 200)).toBe('2 row(s) (only the first 50000 events) in 12 ms\n');
  });

  it('says when the job stopped at its time limit', () => {
    expect(summaryLine({ ...EVENTS, cancelled: true }, 200)).toContain('partial');
  });
});
