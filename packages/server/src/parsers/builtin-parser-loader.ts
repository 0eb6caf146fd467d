/**
 * Loads the built-in parser library: every `*.yaml` template in `packages/server/parsers/builtin/`.
 * A broken built-in (bad YAML, a script with diagnostics, a duplicate name) stops start-up with the
 * file and the problem: shipping a parser that cannot run must not go unnoticed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileParser } from '@hecate/lang';
import { ApiError } from '../api/api-error.js';
import type { ParserDefinition } from './parser-definition.js';
import { parseParserYaml } from './parser-yaml.js';

/** dist/parsers/ → ../../parsers/builtin (the same relative place from src/parsers/). */
export const BUILTIN_PARSER_DIR = fileURLToPath(new URL('../../parsers/builtin/', import.meta.url));

export class BuiltinParserError extends Error {}

export interface LoadedBuiltins {
  parsers: ParserDefinition[];
  /** Files skipped on purpose (a name the native raw/json parsers own), for a start-up warning. */
  skipped: Array<{ file: string; reason: string }>;
}

export function loadBuiltinParsers(dir: string, reservedNames: ReadonlySet<string>): LoadedBuiltins {
  const parsers: ParserDefinition[] = [];
  const skipped: LoadedBuiltins['skipped'] = [];
  if (!existsSync(dir)) return { parsers, skipped };
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const seen = new Map<string, string>();
  for (const file of files) {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    let spec;
    try {
      spec = parseParserYaml(text);
    } catch (err) {
      throw new BuiltinParserError(`built-in parser ${path} is invalid: ${err instanceof ApiError ? err.message : String(err)}`);
    }
    if (reservedNames.has(spec.name)) {
      skipped.push({ file: path, reason: `"${spec.name}" is a native parser; the native implementation is used` });
      continue;
    }
    const other = seen.get(spec.name);
    if (other !== undefined) throw new BuiltinParserError(`built-in parsers ${other} and ${path} are both named "${spec.name}"`);
    seen.set(spec.name, path);
    const compiled = compileParser(spec.script);
    if (!compiled.ok) {
      const problems = compiled.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('; ');
      throw new BuiltinParserError(`built-in parser ${path} ("${spec.name}") does not compile: ${problems}`);
    }
    const version = createHash('sha256').update(text).digest('hex').slice(0, 12);
    parsers.push({ ...spec, builtIn: true, native: false, version });
  }
  return { parsers, skipped };
}
