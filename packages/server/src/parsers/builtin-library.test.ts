/**
 * The built-in parser library (packages/server/parsers/builtin/*.yaml): every parser compiles, every
 * test case in its YAML passes, and the CPS vendor parsers follow the CrowdStrike Parsing Standard
 * (required tag fields set, Vendor. prefix for vendor fields, ECS names, lower-cased values, arrays
 * without gaps). The assertion runner here is deliberately small and independent of the product's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileParser } from '@hecate/lang';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';

const DIR = fileURLToPath(new URL('../../parsers/builtin/', import.meta.url));
const SCHEMA = 'https://schemas.humio.com/parser/v0.3.0';

interface Assertion {
  outputEventIndex?: number;
  fieldsHaveValues?: Record<string, unknown>;
  fieldsNotPresent?: string[];
}
interface TestCase {
  event: { rawString: string };
  assertions?: Assertion[];
}
interface ParserFile {
  $schema: string;
  name: string;
  script: string;
  tagFields: string[];
  fieldsToBeRemovedBeforeParsing: string[];
  testCases: TestCase[];
}

/** Generic (format) parsers: no CPS metadata. Every other file must be a CPS vendor parser. */
const GENERIC = new Set(['kv', 'syslog', 'syslog-utc', 'csv', 'cef', 'leef', 'accesslog']);
const CPS_TAGS = ['Cps.version', 'Vendor', 'ecs.version', 'event.dataset', 'event.kind', 'event.module', 'event.outcome', 'observer.type'];
/** Fields a CPS parser must set on every event (event.outcome is checked separately: only when applicable). */
const CPS_ALWAYS = ['Cps.version', 'Vendor', 'ecs.version', 'event.dataset', 'event.kind', 'event.module', 'observer.type', 'Parser.version', '@timestamp', 'event.category[0]', 'event.type[0]'];
/** ECS top-level field sets (and the few LogScale/CPS names) a CPS parser may write besides Vendor.*. */
const ECS_ROOTS = new Set([
  'agent', 'as', 'client', 'cloud', 'container', 'destination', 'device', 'dns', 'ecs', 'email', 'error', 'event', 'file', 'group', 'host', 'http', 'log',
  'message', 'network', 'observer', 'organization', 'package', 'process', 'registry', 'related', 'rule', 'server', 'service', 'source', 'threat', 'tls',
  'url', 'user', 'user_agent', 'vulnerability', 'labels', 'tags',
]);
const CPS_NAMES = new Set(['Vendor', 'Cps.version', 'Parser.version']);
const EVENT_ENUMS = { 'event.kind': ['alert', 'asset', 'enrichment', 'event', 'metric', 'state', 'pipeline_error', 'signal'], 'event.outcome': ['success', 'failure', 'unknown'] };
/** Values CPS wants in lower case (fields named like this, outside Vendor.*). */
const LOWER_CASE_FIELD = /(^|\.)(address|domain|email)$|^email\..*\.address$|^host\.hostname$|\.hash\.|^event\.(kind|category\[\d+\]|type\[\d+\]|outcome|dataset|module)$|^observer\.type$|^network\.transport$|^Vendor$/;

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const parsers = files.map((file) => ({ file, parser: parseYaml(readFileSync(DIR + file, 'utf8')) as ParserFile }));

function run(script: string, raw: string): Map<string, string>[] {
  const compiled = compileParser(script);
  if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return compiled.run({ fields: new Map([['@rawstring', raw]]) }).map((e) => e.fields);
}

/** A tag assertion '#X' reads field X (the product moves tag fields to #X after parsing). */
function lookup(fields: Map<string, string>, name: string, tagFields: readonly string[]): string | undefined {
  if (name.startsWith('#') && tagFields.includes(name.slice(1))) return fields.get(name.slice(1));
  return fields.get(name);
}

/** Every array (name[n], also nested a[0].b[1]) must have indexes 0..max without a gap. */
function arrayGaps(fields: Iterable<string>): string[] {
  const seen = new Map<string, Set<number>>();
  for (const name of fields) {
    for (const m of name.matchAll(/\[(\d+)\]/g)) {
      const base = name.slice(0, m.index);
      let set = seen.get(base);
      if (set === undefined) seen.set(base, (set = new Set()));
      set.add(Number(m[1]));
    }
  }
  const gaps: string[] = [];
  for (const [base, set] of seen) {
    for (let i = 0; i < set.size; i++) if (!set.has(i)) gaps.push(`${base}[${i}]`);
  }
  return gaps;
}

/** Problems with one output event of a test case; empty when every assertion holds. */
function checkAssertions(out: Map<string, string>[], assertions: readonly Assertion[], tagFields: readonly string[]): string[] {
  const problems: string[] = [];
  for (const a of assertions) {
    const index = a.outputEventIndex ?? 0;
    const fields = out[index];
    if (fields === undefined) {
      problems.push(`no output event ${index} (got ${out.length})`);
      continue;
    }
    for (const [name, expected] of Object.entries(a.fieldsHaveValues ?? {})) {
      if (name.startsWith('#') && !tagFields.includes(name.slice(1))) problems.push(`${name} is asserted as a tag but ${name.slice(1)} is not in tagFields`);
      const got = lookup(fields, name, tagFields);
      if (got !== String(expected)) problems.push(`${name}: expected ${JSON.stringify(String(expected))}, got ${JSON.stringify(got)}`);
    }
    for (const name of a.fieldsNotPresent ?? []) {
      const got = lookup(fields, name, tagFields);
      if (got !== undefined) problems.push(`${name} should not be present, got ${JSON.stringify(got)}`);
    }
  }
  return problems;
}

/** CPS rules checked on every output event of a CPS parser. */
function cpsProblems(fields: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const name of CPS_ALWAYS) if (!fields.has(name)) problems.push(`${name} is not set`);
  for (const [name, allowed] of Object.entries(EVENT_ENUMS)) {
    const v = fields.get(name);
    if (v !== undefined && !allowed.includes(v)) problems.push(`${name}=${v} is not one of ${allowed.join('/')}`);
  }
  const dataset = fields.get('event.dataset');
  const module = fields.get('event.module');
  if (dataset !== undefined && module !== undefined && !dataset.startsWith(`${module}.`)) problems.push(`event.dataset ${dataset} is not <module>.<dataset>`);
  if (!/^\d+\.\d+\.\d+$/.test(fields.get('Parser.version') ?? '')) problems.push('Parser.version is not semver');
  if (!/^\d+$/.test(fields.get('@timestamp') ?? '')) problems.push('@timestamp is not Unix ms');
  if (fields.get('event.kind') === 'alert' && !fields.has('event.severity')) problems.push('event.kind=alert without event.severity');
  for (const [name, value] of fields) {
    if (name.startsWith('#')) problems.push(`${name}: falsely tagged field (tags come from tagFields)`);
    if (name.startsWith('_')) problems.push(`${name}: temporary field left behind`);
    if (name === 'event.original' || name === 'event.ingested') problems.push(`${name} must not be set (CPS uses @rawstring / @ingesttimestamp)`);
    const root = name.split(/[.[]/)[0] ?? '';
    if (!name.startsWith('@') && !name.startsWith('Vendor.') && !CPS_NAMES.has(name) && !ECS_ROOTS.has(root)) problems.push(`${name}: neither ECS nor under Vendor.`);
    if (!name.startsWith('Vendor.') && LOWER_CASE_FIELD.test(name) && value !== value.toLowerCase()) problems.push(`${name}=${value} must be lower case`);
  }
  return problems;
}

test('the library has files', () => {
  expect(files.length).toBeGreaterThanOrEqual(10);
});

describe.each(parsers)('$file', ({ file, parser }) => {
  const cps = !GENERIC.has(parser.name);

  test('follows the YAML template', () => {
    expect(parser.$schema).toBe(SCHEMA);
    expect(`${parser.name}.yaml`).toBe(file);
    expect(typeof parser.script).toBe('string');
    expect(Array.isArray(parser.tagFields)).toBe(true);
    expect(parser.fieldsToBeRemovedBeforeParsing).toEqual([]);
    expect(parser.testCases.length).toBeGreaterThanOrEqual(5);
    for (const tc of parser.testCases) {
      expect(typeof tc.event.rawString).toBe('string');
      expect(tc.assertions?.length ?? 0).toBeGreaterThan(0);
    }
  });

  test('compiles', () => {
    const compiled = compileParser(parser.script);
    expect(compiled.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(compiled.ok).toBe(true);
  });

  if (cps) {
    test('declares every CPS tag field', () => {
      expect([...parser.tagFields].sort()).toEqual([...CPS_TAGS].sort());
    });
  }

  test.each(parser.testCases.map((tc, i) => ({ i, tc })))('test case $i', ({ tc }) => {
    const out = run(parser.script, tc.event.rawString);
    const problems = checkAssertions(out, tc.assertions ?? [], parser.tagFields);
    const expectsError = (tc.assertions ?? []).some((a) => a.fieldsHaveValues !== undefined && '@error' in a.fieldsHaveValues);
    out.forEach((fields, n) => {
      const at = (p: string) => `event ${n}: ${p}`;
      if (!expectsError && fields.has('@error')) problems.push(at(`parse error ${fields.get('@error_msg') ?? ''}`));
      for (const gap of arrayGaps(fields.keys())) problems.push(at(`array with a gap at ${gap}`));
      if (cps) problems.push(...cpsProblems(fields).map(at));
      for (const tag of parser.tagFields) if (fields.has(`#${tag}`)) problems.push(at(`#${tag} set directly`));
    });
    expect(problems, `output: ${JSON.stringify(out.map((f) => Object.fromEntries(f)), null, 1)}`).toEqual([]);
  });
});

describe('the assertion runner', () => {
  test('finds gaps, wrong values and fields that should be absent', () => {
    expect(arrayGaps(['a[0]', 'a[2]', 'b[0].c[1]', 'b[0].c[0]', 'b[1].c[0]'])).toEqual(['a[1]']);
    const fields = new Map([['Vendor', 'acme'], ['x', '1']]);
    expect(checkAssertions([fields], [{ fieldsHaveValues: { '#Vendor': 'acme', x: 1 }, fieldsNotPresent: ['y'] }], ['Vendor'])).toEqual([]);
    expect(checkAssertions([fields], [{ fieldsHaveValues: { x: '2' }, fieldsNotPresent: ['x'] }, { outputEventIndex: 1 }], [])).toHaveLength(3);
  });
  test('flags CPS violations', () => {
    const p = cpsProblems(new Map([['src', '1'], ['Vendor', 'Acme'], ['_tmp', 'x'], ['event.kind', 'alert']]));
    expect(p).toEqual(expect.arrayContaining(['src: neither ECS nor under Vendor.', 'Vendor=Acme must be lower case', '_tmp: temporary field left behind', 'event.kind=alert without event.severity']));
  });
});
