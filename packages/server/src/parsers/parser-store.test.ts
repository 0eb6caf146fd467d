import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.js';
import { openMetadataDb, type MetadataDb } from '../metadata/metadata-db.js';
import { BUILTIN_PARSERS } from '../parse/builtin-parsers.js';
import { BuiltinParserError, loadBuiltinParsers } from './builtin-parser-loader.js';
import { CustomParserStore } from './custom-parser-store.js';
import type { ParserSpec } from './parser-definition.js';
import { ParserRegistry } from './parser-registry.js';
import { findArrayGaps, runParserTests } from './parser-test-runner.js';
import { parseParserYaml, toParserYaml } from './parser-yaml.js';

const spec = (over: Partial<ParserSpec> = {}): ParserSpec => ({
  name: 'acme',
  description: 'Acme widgets',
  script: 'kvParse() | Vendor := "acme"',
  tagFields: ['Vendor'],
  fieldsToBeRemovedBeforeParsing: [],
  testCases: [],
  ...over,
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof ApiError ? err.code : 'not-an-api-error';
  }
  return undefined;
};

describe('ParserRegistry with the SQLite store', () => {
  let dir: string;
  let db: MetadataDb;
  const registry = (builtins = loadBuiltinParsers(join(dir, 'none'), new Set()).parsers) =>
    new ParserRegistry({ native: BUILTIN_PARSERS, builtins, custom: new CustomParserStore(db) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hecate-parsers-'));
    db = openMetadataDb(dir);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, lists, survives a reopen, and refuses duplicate names', () => {
    registry().create(spec());
    const again = registry();
    expect(again.names()).toEqual(['raw', 'json', 'acme']);
    expect(again.definition('acme')).toMatchObject({ builtIn: false, version: '1', tagFields: ['Vendor'] });
    expect(codeOf(() => again.create(spec()))).toBe('NAME_TAKEN');
    expect(codeOf(() => again.create(spec({ name: 'json' })))).toBe('NAME_TAKEN');
  });

  it('rejects a script with diagnostics (code, message, range) on save', () => {
    let error: ApiError | undefined;
    try {
      registry().create(spec({ script: 'kvParse( | x := ' }));
    } catch (err) {
      error = err as ApiError;
    }
    expect(error?.status).toBe(400);
    const diagnostics = (error?.toJSON().error.diagnostics ?? []) as Array<{ code: string; message: string; range: { start: number; end: number } }>;
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ code: expect.any(String), message: expect.any(String), range: { start: expect.any(Number) } });
  });

  it('compiles once per version: the cached parser is reused until the script changes', () => {
    const r = registry();
    r.create(spec());
    const first = r.get('acme');
    expect(r.get('acme')).toBe(first);
    r.update('acme', spec({ script: 'kvParse() | Vendor := "acme2"' }));
    const second = r.get('acme');
    expect(second).not.toBe(first);
    expect(r.definition('acme')?.version).toBe('2');
    expect(second?.parseAll?.({ raw: 'a=1', structured: false, index: 'main' })[0]?.tags).toEqual({ '#Vendor': 'acme2' });
  });

  it('keeps built-ins read-only and deletes custom parsers', () => {
    const r = registry();
    r.create(spec());
    expect(codeOf(() => r.update('json', spec()))).toBe('READ_ONLY');
    expect(codeOf(() => r.delete('raw'))).toBe('READ_ONLY');
    expect(codeOf(() => r.delete('nope'))).toBe('NOT_FOUND');
    r.delete('acme');
    expect(r.get('acme')).toBeUndefined();
    expect(registry().names()).toEqual(['raw', 'json']);
  });

  it('loads built-in YAML files and fails loudly on a broken one', () => {
    const lib = join(dir, 'lib');
    const good = toParserYaml(spec({ name: 'acme-builtin' }));
    mkdirSync(lib);
    writeFileSync(join(lib, 'acme.yaml'), good);
    writeFileSync(join(lib, 'json.yaml'), toParserYaml(spec({ name: 'json' })));
    const loaded = loadBuiltinParsers(lib, new Set(BUILTIN_PARSERS.keys()));
    expect(loaded.parsers.map((p) => [p.name, p.builtIn, p.version.length])).toEqual([['acme-builtin', true, 12]]);
    expect(loaded.skipped).toHaveLength(1);
    const r = registry(loaded.parsers);
    expect(codeOf(() => r.delete('acme-builtin'))).toBe('READ_ONLY');
    expect(r.get('acme-builtin')?.name).toBe('acme-builtin');
    writeFileSync(join(lib, 'broken.yaml'), toParserYaml(spec({ name: 'broken', script: 'nosuchfunction()' })));
    expect(() => loadBuiltinParsers(lib, new Set())).toThrow(BuiltinParserError);
    expect(() => loadBuiltinParsers(lib, new Set())).toThrow(/broken\.yaml/);
  });
});

describe('parser template YAML', () => {
  it('round-trips through export and import, and reads older `tests:` lists', () => {
    const s = spec({ testCases: [{ event: { rawString: 'a=1' }, assertions: [{ outputEventIndex: 0, fieldsHaveValues: { '#Vendor': 'acme', a: '1' }, fieldsNotPresent: ['b'] }] }] });
    const text = toParserYaml(s);
    expect(text).toContain('$schema: https://schemas.humio.com/parser/v0.3.0');
    expect(text).toContain('script: |-');
    expect(parseParserYaml(text)).toEqual(s);
    expect(parseParserYaml('name: old\nscript: kvParse()\ntests:\n- a=1\n').testCases).toEqual([{ event: { rawString: 'a=1' }, assertions: [] }]);
  });

  it('names what is wrong', () => {
    expect(() => parseParserYaml('name: x\nscript: y\ncolour: red\n')).toThrow(/colour/);
    expect(() => parseParserYaml('name: x\n')).toThrow(/script/);
    expect(() => parseParserYaml('$schema: https://example.com/other\nname: x\nscript: y\n')).toThrow(/\$schema/);
    expect(() => parseParserYaml('name: [\n')).toThrow(/not valid YAML/);
  });
});

describe('the parser test runner', () => {
  it('reports each failure category with the output events', () => {
    const report = runParserTests(
      spec({
        script: 'kvParse() | Vendor := "acme" | a[0] := "x" | a[2] := "z" | #bogus := "1" | case { fail="1" | parseTimestamp("yyyy", field=fail); * }',
        testCases: [
          { event: { rawString: 'k=v' }, assertions: [{ outputEventIndex: 0, fieldsHaveValues: { '#Vendor': 'acme', k: 'w', missing: '1' }, fieldsNotPresent: ['k'] }, { outputEventIndex: 3, fieldsHaveValues: {}, fieldsNotPresent: [] }] },
          { event: { rawString: 'fail=1' }, assertions: [] },
        ],
      }),
    );
    expect(report.passed).toBe(false);
    const [first, second] = report.testCases;
    expect(first?.failures.assertionFailuresOnFields.map((f) => f.field)).toEqual(['k', 'missing', 'k', '']);
    expect(first?.failures.arraysWithGaps).toEqual([{ outputEventIndex: 0, array: 'a[]', missingIndexes: [1] }]);
    expect(first?.failures.falselyTaggedFields).toEqual([{ outputEventIndex: 0, field: '#bogus' }]);
    expect(first?.outputEvents[0]).toMatchObject({ '#Vendor': 'acme', k: 'v' });
    expect(second?.failures.parsingErrors).toHaveLength(1);
    expect(report.summary).toEqual({ testCases: 2, passed: 0, failed: 2 });
  });

  it('passes a correct parser and reports diagnostics of a broken one', () => {
    const ok = runParserTests(spec({ testCases: [{ event: { rawString: 'k=v' }, assertions: [{ outputEventIndex: 0, fieldsHaveValues: { '#Vendor': 'acme', k: 'v' }, fieldsNotPresent: ['Vendor'] }] }] }));
    expect(ok.passed).toBe(true);
    const broken = runParserTests(spec({ script: 'kvParse(' }));
    expect(broken.passed).toBe(false);
    expect(broken.diagnostics.length).toBeGreaterThan(0);
  });

  it('counts @error as a parsing error only on output events whose assertions do not name @error', () => {
    const report = runParserTests(
      spec({
        script: 'kvParse() | Vendor := "acme" | parseTimestamp("yyyy-MM-dd", field=t)',
        testCases: [
          { event: { rawString: 't=garbage k=v' }, assertions: [{ outputEventIndex: 0, fieldsHaveValues: { '@error': 'true', k: 'v' }, fieldsNotPresent: [] }] },
          { event: { rawString: 't=garbage k=v' }, assertions: [{ outputEventIndex: 0, fieldsHaveValues: { k: 'v' }, fieldsNotPresent: [] }] },
          { event: { rawString: 't=2024-03-14' }, assertions: [{ outputEventIndex: 0, fieldsHaveValues: { '@error': 'true' }, fieldsNotPresent: [] }] },
        ],
      }),
    );
    const [expected, unexpected, missing] = report.testCases;
    expect(expected?.failures).toEqual({ parsingErrors: [], assertionFailuresOnFields: [], falselyTaggedFields: [], arraysWithGaps: [] });
    expect(expected?.passed).toBe(true);
    expect(unexpected?.failures.parsingErrors).toEqual([{ outputEventIndex: 0, message: expect.stringContaining('parseTimestamp') }]);
    expect(missing?.failures.assertionFailuresOnFields.map((f) => f.field)).toEqual(['@error']);
    expect(report.summary).toEqual({ testCases: 3, passed: 1, failed: 2 });
  });

  it('finds gaps in nested arrays', () => {
    expect(findArrayGaps(['x[0].y[0]', 'x[0].y[1]', 'x[1].y[3]', 'z[1]'])).toEqual([
      { array: 'x[1].y[]', missingIndexes: [0, 1, 2] },
      { array: 'z[]', missingIndexes: [0] },
    ]);
  });
});
