import { describe, expect, it } from 'vitest';
import { createParserOutputMapper, mapParserOutput } from './parser-output.js';

const event = (entries: [string, string][]) => ({ fields: new Map(entries) });

describe('mapping a parser script output onto the stored event', () => {
  const tagFields = new Set(['Vendor', 'event.module', '@timestamp']);
  const map = createParserOutputMapper(tagFields);

  it('makes #tags of tag fields and #-named fields, keeps the rest as fields in their order', () => {
    const out = map(event([
      ['b', '2'],
      ['Vendor', 'acme'],
      ['#team', 'blue'],
      ['a', '1'],
      ['event.module', 'fw'],
      ['c.d', '3'],
    ]));
    expect(out).toEqual({ fields: { b: '2', a: '1', 'c.d': '3' }, tags: { '#Vendor': 'acme', '#team': 'blue', '#event.module': 'fw' } });
    // The order of the keys is the order of the stored JSON.
    expect(Object.keys(out.fields)).toEqual(['b', 'a', 'c.d']);
    expect(Object.keys(out.tags)).toEqual(['#Vendor', '#team', '#event.module']);
  });

  it.each([
    ['a Unix ms @timestamp becomes the event time', '1600000000123.9', 1_600_000_000_123],
    ['a non-numeric @timestamp is ignored', 'yesterday', undefined],
    ['an empty @timestamp is ignored', '', undefined],
  ])('%s (even when it is listed as a tag field)', (_name, value, expected) => {
    const out = map(event([['@timestamp', value], ['x', '1']]));
    expect(out.timestamp).toBe(expected);
    expect(out.tags).toEqual({});
    expect(out.fields).toEqual({ x: '1' });
  });

  it('takes @rawstring as the raw text and never stores the column fields as fields', () => {
    const out = map(event([['@rawstring', 'new raw'], ['@id', 'i'], ['@ingesttimestamp', '5'], ['@timezone', 'UTC']]));
    expect(out.rawstring).toBe('new raw');
    expect(out.fields).toEqual({ '@timezone': 'UTC' });
  });

  it('reports @error with its message, or a default one', () => {
    expect(map(event([['@error', 'true'], ['@error_msg', 'bad']])).error).toBe('bad');
    expect(map(event([['@error', 'true']])).error).toBe('the parser reported an error');
    expect(map(event([['@error', 'false']])).error).toBeUndefined();
  });

  it('keeps nothing from one event to the next', () => {
    map(event([['Vendor', 'acme'], ['a', '1'], ['@timestamp', '7'], ['@rawstring', 'r']]));
    expect(map(event([['b', '2']]))).toEqual({ fields: { b: '2' }, tags: {} });
  });

  it('gives the same answer as the one-off mapping', () => {
    const e = event([['Vendor', 'acme'], ['#x', 'y'], ['a', '1'], ['@timestamp', '9'], ['@error', 'true']]);
    expect(mapParserOutput(e, tagFields)).toEqual(map(e));
  });
});
