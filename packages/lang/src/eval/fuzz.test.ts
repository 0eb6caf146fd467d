/**
 * Random scripts and events: compileParser must return diagnostics or a parser, and run() must
 * return events — never throw, never hang. Inputs are capped (MAX_SCRIPT_LENGTH).
 */
import { describe, expect, test } from 'vitest';
import { ERROR_CODES } from '../errors/error-codes.js';
import { compileParser } from './compile-parser.js';

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a', 'x', '1', '2.5', ' ', '|', ' | ', ':=', '=~', '=', '==', '!=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']',
  '{', '}', ',', ';', '=>', '"s"', '"', '/re/', '/(?<g>\\w+)/', 'and ', 'or ', 'not ', '!', '#Vendor', '@rawstring', 'case ', 'match ',
  'parseJson(', 'kvParse(', 'regex(', 'lower(', 'if(', 'test(', 'concat([', 'coalesce([', 'array:append(', 'split(', 'parseCEF(',
  'parseTimestamp(', 'format(', 'field=', 'prefix="V."', 'values=[', 'strict=false', 'repeat=true', 'then=', 'else=', '//c\n', '*',
];
const RAWS = ['{"a":1,"b":[1,2]}', 'a=1 b="x"', 'CEF:0|V|P|1|2|n|3|src=1.2.3.4', '', 'aaaa', '2024-01-01T00:00:00Z', '\u0000\uffff'];

describe('fuzzing compileParser and run', () => {
  test('3,000 random scripts yield diagnostics or a parser whose run() returns events', () => {
    const next = random(4242);
    let compiled = 0;
    const started = performance.now();
    for (let i = 0; i < 3000; i++) {
      let script = '';
      const n = Math.floor(next() * 12);
      for (let k = 0; k < n; k++) script += PIECES[Math.floor(next() * PIECES.length)] ?? '';
      let result: ReturnType<typeof compileParser>;
      try {
        result = compileParser(script);
      } catch (error) {
        throw new Error(`compileParser(${JSON.stringify(script)}) threw ${String(error)}`);
      }
      if (!result.ok) {
        expect(result.diagnostics.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) expect(d.end).toBeLessThanOrEqual(script.length);
        continue;
      }
      compiled++;
      for (const raw of RAWS) {
        const out = result.run({ fields: new Map([['@rawstring', raw], ['a', '3'], ['x', 'y']]) });
        expect(Array.isArray(out)).toBe(true);
      }
    }
    expect(compiled).toBeGreaterThan(200);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  test('2,000 calls with random pattern arguments yield diagnostics with a known code or a parser, never a throw', () => {
    const next = random(777);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    // Pattern letters and syntax of Java time patterns, strftime, printf and regexes, plus quotes.
    const ALPHABET = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', "'", "''", '[', ']', '%', '%%', '\\\\', '\\"', '(', ')', '(?<g>', '(?i)', '?', '*', '+', '{', '}', '{2,1}', '|', '^', '$', '.', ':', '-', '/', ' ', '#', 'yyyy', 'MMMMM', 'SSS', 'XXX', '%Y', '%-', '%.2f', '%5$s', '\\p{', '\\k<'];
    const text = (): string => {
      let out = '';
      for (let n = Math.floor(next() * 8); n > 0; n--) out += pick(ALPHABET);
      return `"${out}"`;
    };
    const calls: readonly (() => string)[] = [
      () => `parseTimestamp(${text()}, field=t${next() < 0.3 ? `, timezone=${text()}` : ''})`,
      () => `x := formatTime(${text()}, field=t${next() < 0.3 ? `, timezone=${text()}` : ''})`,
      () => `regex(${text()}, field=t, flags=${text()}, strict=false${next() < 0.3 ? ', repeat=true' : ''})`,
      () => `replace(${text()}, with=${text()}, field=t, flags=${text()})`,
      () => `splitString(by=${text()}, field=t, as=p)`,
      () => `x := format(${text()}, field=[t, n])`,
      () => `t =~ regex(${text()})`,
      () => `case { t=* | parseTimestamp(${text()}, field=t); * }`,
    ];
    let compiled = 0;
    for (let i = 0; i < 2000; i++) {
      const script = pick(calls)();
      let result: ReturnType<typeof compileParser>;
      try {
        result = compileParser(script);
      } catch (error) {
        throw new Error(`compileParser(${JSON.stringify(script)}) threw ${String(error)}`);
      }
      if (!result.ok) {
        expect(result.diagnostics.length, script).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          expect(Object.keys(ERROR_CODES), script).toContain(d.code);
          expect(d.code, `${script}: ${d.message}`).not.toBe('INTERNAL');
          expect(d.end).toBeLessThanOrEqual(script.length);
        }
        continue;
      }
      compiled++;
      for (const t of ['2024-03-14T10:15:32Z', 'Mar 14 10:15:32', '1710411332000', 'a(b)c', '']) {
        expect(Array.isArray(result.run({ fields: new Map([['@rawstring', t], ['t', t], ['n', '4.5']]) }))).toBe(true);
      }
    }
    expect(compiled).toBeGreaterThan(200);
  });

  test.each([
    ['parseTimestamp("qq", field=t)', 'INVALID_TIME_FORMAT', "parseTimestamp(): Time pattern letter 'q' is not supported"],
    ['parseTimestamp("\'unclosed", field=t)', 'INVALID_TIME_FORMAT', 'unclosed quote'],
    ['parseTimestamp("yyyy]", field=t)', 'INVALID_TIME_FORMAT', '] without ['],
    ['case { * | parseTimestamp("MMMMM d", field=t) }', 'INVALID_TIME_FORMAT', 'narrow month'],
    ['x := test(t == "a") | parseTimestamp(format="yyyy-MM-dd bb", field=t)', 'INVALID_TIME_FORMAT', "letter 'b'"],
  ])('%s is refused with %s, not thrown', (script, code, message) => {
    const result = compileParser(script);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code, message: expect.stringContaining(message), start: 0, end: script.length })]);
  });

  test('pathological scripts finish quickly with a diagnostic', () => {
    for (const script of ['('.repeat(50_000), 'x := '.repeat(10_000), 'f('.repeat(10_000), 'a | '.repeat(20_000), '"'.repeat(300_000), '[' + '['.repeat(5000)]) {
      const started = performance.now();
      const result = compileParser(script);
      expect(result.ok).toBe(false);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });
});
