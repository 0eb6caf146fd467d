import { describe, expect, it } from 'vitest';
import type { ParserSummary } from '../api/types.js';
import { emptyDraft, filterParsers, parserKind, sameParser, specOf, testCasesFromSamples, withAssertion, withoutAssertion } from './parser-draft.js';

const summary = (name: string, builtIn: boolean, version: string | number, description = ''): ParserSummary => ({ name, description, builtIn, version, tagFields: [], testCases: 0, updatedAt: null });

describe('a parser draft', () => {
  it('becomes an API body with its lists split', () => {
    const draft = { ...emptyDraft(), name: ' acme ', script: 'kvParse()', tagFields: 'Vendor, event.module\nevent.kind', removedFields: 'host' };
    expect(specOf(draft, true)).toEqual({
      name: 'acme',
      description: '',
      script: 'kvParse()',
      tagFields: ['Vendor', 'event.module', 'event.kind'],
      fieldsToBeRemovedBeforeParsing: ['host'],
      testCases: [],
    });
    expect(specOf(draft)).not.toHaveProperty('name');
    expect(sameParser(draft, { ...draft, tagFields: 'Vendor,event.module, event.kind' })).toBe(true);
    expect(sameParser(draft, { ...draft, script: 'parseJson()' })).toBe(false);
  });

  it('takes one test case per non-blank sample line', () => {
    expect(testCasesFromSamples('a=1\r\n\n  \nb=2\n')).toEqual([
      { event: { rawString: 'a=1' }, assertions: [] },
      { event: { rawString: 'b=2' }, assertions: [] },
    ]);
  });

  it('adds and removes assertions per output event', () => {
    const [first] = testCasesFromSamples('a=1');
    if (first === undefined) throw new Error('no case');
    let cases = withAssertion([first], 0, 0, 'a', '1');
    cases = withAssertion(cases, 0, 0, 'b', '2');
    cases = withAssertion(cases, 0, 1, 'a', '3');
    expect(cases[0]?.assertions).toEqual([
      { outputEventIndex: 0, fieldsHaveValues: { a: '1', b: '2' }, fieldsNotPresent: [] },
      { outputEventIndex: 1, fieldsHaveValues: { a: '3' }, fieldsNotPresent: [] },
    ]);
    cases = withoutAssertion(cases, 0, 1, 'a');
    expect(cases[0]?.assertions).toEqual([{ outputEventIndex: 0, fieldsHaveValues: { a: '1', b: '2' }, fieldsNotPresent: [] }]);
  });
});

describe('the parser list', () => {
  const parsers = [summary('raw', true, 'native'), summary('accesslog', true, 'abc', 'Apache access logs'), summary('mine', false, 3)];

  it('tells native, built-in and custom parsers apart', () => {
    expect(parsers.map(parserKind)).toEqual(['native', 'built-in', 'custom']);
  });

  it('filters by name or description and by kind', () => {
    expect(filterParsers(parsers, 'apache', '').map((p) => p.name)).toEqual(['accesslog']);
    expect(filterParsers(parsers, '', 'custom').map((p) => p.name)).toEqual(['mine']);
    expect(filterParsers(parsers, 'raw', 'custom')).toEqual([]);
  });
});
