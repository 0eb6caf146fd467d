import { describe, expect, test } from 'vitest';
import { QuerySyntaxError } from '../errors/query-syntax-error.js';
import { parseScript } from './parse-script.js';

const stages = (text: string) => parseScript(text).stages.map((s) => s.kind);

describe('parseScript builds pipelines', () => {
  test.each([
    ['a=1 | parseJson()', ['filterStage', 'filterStage']],
    ['x := a + 2 * b', ['assignStage']],
    ['ip =~ cidr(subnet="10.0.0.0/8")', ['fieldCallStage']],
    ['case { a=1 | x := 1; * }', ['caseStage']],
    ['status match { "200" => ok := 1; /^5/ => err := 1; * => * }', ['matchStage']],
    ['// comment\n/* block */ parseJson(prefix="Vendor.", excludeEmpty=true) | eval(x = lower(y))', ['filterStage', 'filterStage']],
    ['', []],
  ])('%s', (text, kinds) => {
    expect(stages(text)).toEqual(kinds);
  });

  test('expressions respect precedence and positions', () => {
    const stage = parseScript('x := 1 + 2 * 3').stages[0];
    expect(stage?.kind).toBe('assignStage');
    if (stage?.kind !== 'assignStage') return;
    expect(stage.value).toMatchObject({ kind: 'binary', operator: '+', right: { kind: 'binary', operator: '*' }, start: 5, end: 14 });
  });

  test('named, positional and array arguments, field references with [n], @ and #', () => {
    const stage = parseScript('f(a, field=[Vendor.x, event.category[0], @timestamp, #Vendor], n=-1)').stages[0];
    if (stage?.kind !== 'filterStage' || stage.filter.kind !== 'call') throw new Error('not a call');
    expect(stage.filter.args.map((a) => a.name)).toEqual([null, 'field', 'n']);
    expect(stage.filter.args[1]?.value).toMatchObject({ kind: 'array', items: [{ name: 'Vendor.x' }, { name: 'event.category[0]' }, { name: '@timestamp' }, { name: '#Vendor' }] });
  });

  test.each([
    ['a | | b', 'EMPTY_STAGE'],
    ['a |', 'EMPTY_STAGE'],
    ['f(a', 'MISSING_CLOSE_PAREN'],
    ['case { a=1 | x := 1', 'UNEXPECTED_END'],
    ['x := ', 'UNEXPECTED_END'],
    ['s match { "a" b }', 'UNEXPECTED_TOKEN'],
    ['x := "open', 'UNTERMINATED_STRING'],
    ['('.repeat(200), 'NESTING_TOO_DEEP'],
  ])('%s is refused with %s', (text, code) => {
    expect(() => parseScript(text)).toThrow(QuerySyntaxError);
    try {
      parseScript(text);
    } catch (error) {
      expect((error as QuerySyntaxError).code).toBe(code);
    }
  });
});
