import { compileParser } from './compile-parser.js';

/** Compiles (failing the test on diagnostics) and runs one raw line; returns each output's fields. */
export function parse(script: string, raw: string, extra: Record<string, string> = {}): Record<string, string>[] {
  const compiled = compileParser(script);
  if (!compiled.ok) throw new Error(`${script}: ${compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return compiled.run({ fields: new Map([['@rawstring', raw], ...Object.entries(extra)]) }).map((e) => Object.fromEntries(e.fields));
}

export function one(script: string, raw: string, extra: Record<string, string> = {}): Record<string, string> {
  const out = parse(script, raw, extra);
  if (out.length !== 1) throw new Error(`expected one event, got ${out.length}`);
  return out[0] ?? {};
}

export function codes(script: string): string[] {
  const compiled = compileParser(script);
  return compiled.diagnostics.map((d) => d.code);
}
