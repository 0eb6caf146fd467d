import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUNCTION_REGISTRY, checkSearch, diagnoseParser } from './browser.js';
import { compileParser } from './eval/compile-parser.js';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm;

/** Every module reachable from `entry` by static imports and re-exports (type-only ones included). */
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const specifiers = [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] as string);
    seen.set(file, specifiers);
    for (const s of specifiers) if (s.startsWith('.')) queue.push(path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
  }
  return seen;
}

const SCRIPTS: ReadonlyArray<[string, string]> = [
  ['a script that compiles', 'parseJson(prefix="Vendor.") | user.name := Vendor.user'],
  ['an unknown function', 'parseJsn()'],
  ['an unclosed call', 'kvParse(prefix="x."'],
  ['an aggregate in a parser', 'groupBy(user)'],
  ['an unterminated string', 'x := "abc'],
  ['a time pattern only the implementation judges', 'parseTimestamp("yyyy-MM-dd QQQQQQ", field=t)'],
  ['a fan-out inside case', 'case { a=1 | split(list); * }'],
  ['an empty script', ''],
];

describe('the browser entry point', () => {
  it('reaches no Node built-in through its imports', () => {
    const modules = reachable(path.join(SRC, 'browser.ts'));
    const builtins = [...modules].flatMap(([file, specifiers]) => specifiers.filter((s) => s.startsWith('node:') || !s.startsWith('.')).map((s) => `${path.relative(SRC, file)} → ${s}`));
    expect(builtins).toEqual([]);
    expect(modules.size).toBeGreaterThan(10);
  });

  it.each(SCRIPTS)('diagnoses %s as compileParser does', (_name, script) => {
    expect(diagnoseParser(script)).toEqual(compileParser(script).diagnostics);
  });

  it('offers the whole function registry and the search checker', () => {
    expect(FUNCTION_REGISTRY.map((f) => f.name)).toContain('timeChart');
    const checked = checkSearch('x | groupBy(');
    expect(checked.ok).toBe(false);
    expect(checkSearch('#connector=fw | groupBy(user)').ok).toBe(true);
  });
});
