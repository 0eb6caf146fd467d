/**
 * Every parser a connector can use: the native `raw` and `json`, the built-in library (read-only,
 * from YAML) and custom parsers (SQLite). Scripts are compiled once per parser version and cached,
 * so the ingest path only looks a name up; a change to a custom parser recompiles on next use.
 */
import { compileParser, type Diagnostic } from '@hecate/lang';
import { ApiError } from '../api/api-error.js';
import type { Parser, ParserLookup } from '../parse/parser.js';
import { createScriptParser } from '../parse/script-parser.js';
import type { CustomParserStore } from './custom-parser-store.js';
import type { ParserDefinition, ParserSpec } from './parser-definition.js';

/** What the native parsers are equivalent to as scripts, shown to users and copied by clone. */
const NATIVE_SCRIPTS: Readonly<Record<string, string>> = {
  raw: '// Stores each event as it came: @rawstring plus the HEC metadata and indexed fields.\n',
  json: 'parseJson()\n',
};

export interface ParserRegistryOptions {
  native: ReadonlyMap<string, Parser>;
  builtins: readonly ParserDefinition[];
  custom: CustomParserStore;
  /** Per-event time budget of a script parser, in ms. */
  eventBudgetMs?: number;
}

export class ParserRegistry implements ParserLookup {
  private readonly native: ReadonlyMap<string, Parser>;
  private readonly builtins = new Map<string, ParserDefinition>();
  /** Custom parsers, mirrored in memory so the ingest path never reads SQLite. */
  private readonly customs = new Map<string, ParserDefinition>();
  private readonly compiled = new Map<string, { version: string; parser: Parser }>();
  private readonly store: CustomParserStore;
  private readonly eventBudgetMs: number | undefined;

  constructor(options: ParserRegistryOptions) {
    this.native = options.native;
    this.store = options.custom;
    this.eventBudgetMs = options.eventBudgetMs;
    for (const p of options.native.values()) {
      this.builtins.set(p.name, {
        name: p.name,
        description: p.description,
        script: NATIVE_SCRIPTS[p.name] ?? '',
        tagFields: [],
        fieldsToBeRemovedBeforeParsing: [],
        testCases: [],
        builtIn: true,
        native: true,
        version: 'native',
      });
    }
    for (const def of options.builtins) this.builtins.set(def.name, def);
    for (const def of this.store.list()) this.customs.set(def.name, def);
  }

  names(): string[] {
    return [...this.builtins.keys(), ...this.customs.keys()];
  }

  list(): ParserDefinition[] {
    return [...this.builtins.values(), ...[...this.customs.values()].sort((a, b) => a.name.localeCompare(b.name))];
  }

  definition(name: string): ParserDefinition | undefined {
    return this.builtins.get(name) ?? this.customs.get(name);
  }

  /** The runnable parser for a connector; undefined when no parser has this name. */
  get(name: string): Parser | undefined {
    const native = this.native.get(name);
    if (native !== undefined) return native;
    const def = this.definition(name);
    if (def === undefined) return undefined;
    const cached = this.compiled.get(name);
    if (cached !== undefined && cached.version === def.version) return cached.parser;
    const compiled = compileParser(def.script, this.eventBudgetMs !== undefined ? { eventBudgetMs: this.eventBudgetMs } : {});
    // Saved scripts were checked on save and built-ins at start-up, so this only fails if the
    // language changed under a stored parser: such events are kept, marked as parse errors.
    const parser: Parser = compiled.ok
      ? createScriptParser(def, compiled)
      : brokenParser(def.name, def.description, compiled.diagnostics);
    this.compiled.set(name, { version: def.version, parser });
    return parser;
  }

  create(spec: ParserSpec): ParserDefinition {
    if (this.definition(spec.name) !== undefined) throw new ApiError('NAME_TAKEN', `a parser named "${spec.name}" already exists`, 'name');
    checkScript(spec.script);
    const def = this.store.create(spec);
    this.customs.set(def.name, def);
    return def;
  }

  update(name: string, spec: Omit<ParserSpec, 'name'>): ParserDefinition {
    this.requireCustom(name);
    checkScript(spec.script);
    const def = this.store.update(name, spec) as ParserDefinition;
    this.customs.set(name, def);
    return def;
  }

  delete(name: string): void {
    this.requireCustom(name);
    this.store.delete(name);
    this.customs.delete(name);
    this.compiled.delete(name);
  }

  private requireCustom(name: string): void {
    if (this.builtins.has(name)) throw new ApiError('READ_ONLY', `"${name}" is a built-in parser and cannot be changed; clone it to make a custom parser`);
    if (!this.customs.has(name)) throw new ApiError('NOT_FOUND', `no parser named "${name}"`);
  }
}

/** Rejects a script with diagnostics: 400 with each problem's code, message and range. */
export function checkScript(script: string): void {
  const compiled = compileParser(script);
  if (compiled.ok) return;
  const first = compiled.diagnostics[0] as Diagnostic;
  throw new ApiError('INVALID_FIELD', `the script has ${compiled.diagnostics.length} problem(s); first: ${first.message} (line ${first.line}, column ${first.column})`, 'script', {
    diagnostics: compiled.diagnostics.map(diagnosticView),
  });
}

export function diagnosticView(d: Diagnostic): Record<string, unknown> {
  return { code: d.code, message: d.message, range: { start: d.start, end: d.end }, line: d.line, column: d.column };
}

function brokenParser(name: string, description: string, diagnostics: readonly Diagnostic[]): Parser {
  const error = `the parser script does not compile: ${diagnostics.map((d) => d.message).join('; ')}`;
  return { name, description, parse: () => ({ fields: {}, tags: {}, error }) };
}
