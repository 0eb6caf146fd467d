/**
 * The parser linter: a CPS-compliant parser has no findings; each rule fires on a parser broken in
 * exactly that way, with a message naming the field and a concrete fix; every parser of the built-in
 * library lints without errors (generic ones with the one not-CPS warning).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { ParserSpec } from './parser-definition.js';
import { LINT_RULES, lintParser, type Finding, type LintRule } from './parser-lint.js';
import { parseParserYaml } from './parser-yaml.js';

const BUILTIN = fileURLToPath(new URL('../../parsers/builtin/', import.meta.url));

const SCRIPT = [
  '// #region PREPARSE',
  'parseJson(prefix="Vendor.", excludeEmpty=true, handleNull=discard)',
  '| parseTimestamp("yyyy-MM-dd\'T\'HH:mm:ss[.SSS]XXX", field=Vendor.ts)',
  '// #region METADATA',
  '| Parser.version := "1.0.0"',
  '| Cps.version := "1.1.0"',
  '| ecs.version := "9.1.0"',
  '| Vendor := "acme"',
  '| event.module := "widget"',
  '| event.dataset := "widget.audit"',
  '| event.kind := "event"',
  '| observer.type := "identity"',
  '// #region NORMALIZATION',
  '| array:append("event.category[]", values=["authentication"])',
  '| array:append("event.type[]", values=["start"])',
  '| Vendor.result match { "ok" => event.outcome := "success"; "fail" => event.outcome := "failure"; * => event.outcome := "unknown" }',
  '| source.ip := Vendor.src_ip',
  '| user.name := Vendor.user',
].join('\n');

const CPS_TAGS = ['Cps.version', 'Vendor', 'ecs.version', 'event.dataset', 'event.kind', 'event.module', 'event.outcome', 'observer.type'];

const EVENTS: Array<[string, string, string, string]> = [
  ['2025-10-07T10:40:51.750Z', '10.1.2.3', 'alice', 'ok'],
  ['2025-10-07T10:41:00.000Z', '10.1.2.4', 'bob', 'fail'],
  ['2025-10-07T10:42:00.000Z', '10.1.2.5', 'carol', 'ok'],
  ['2025-10-07T10:43:00.000Z', '10.1.2.6', 'dave', 'pending'],
  ['2025-10-07T10:44:00.000Z', '10.1.2.7', 'erin', 'ok'],
];

function goodSpec(): ParserSpec {
  return {
    name: 'acme-widget',
    description: '',
    script: SCRIPT,
    tagFields: [...CPS_TAGS],
    fieldsToBeRemovedBeforeParsing: [],
    testCases: EVENTS.map(([ts, ip, user, result]) => ({
      event: { rawString: JSON.stringify({ ts, src_ip: ip, user, result }) },
      assertions: [{ outputEventIndex: 0, fieldsHaveValues: { '#Vendor': 'acme', 'source.ip': ip, 'user.name': user, '@timestamp': String(Date.parse(ts)) }, fieldsNotPresent: [] }],
    })),
  };
}

/** The good parser with one script line replaced (or, with `from` '', with `to` appended). */
function withScript(from: string, to: string): ParserSpec {
  const spec = goodSpec();
  if (from === '') spec.script += `\n${to}`;
  else {
    expect(spec.script).toContain(from);
    spec.script = spec.script.replace(from, to);
  }
  return spec;
}

const byRule = (findings: readonly Finding[], rule: LintRule): Finding[] => findings.filter((f) => f.rule === rule);

test('a CPS-compliant parser has no findings', () => {
  const report = lintParser(goodSpec());
  expect(report.findings).toEqual([]);
  expect(report.summary).toEqual({ errors: 0, warnings: 0, cps: true });
});

interface Case {
  rule: LintRule;
  spec: () => ParserSpec;
  /** Parts of the message and the fix of the finding. */
  message: string;
  fix: string;
}

const CASES: Case[] = [
  { rule: 'parser/compile', spec: () => withScript('', '| foo('), message: '19:7 UNEXPECTED_END', fix: 'line 19, column 7' },
  { rule: 'parser/aggregate-function', spec: () => withScript('', '| groupBy(user.name)'), message: '19:3 AGGREGATE_IN_PARSER groupBy()', fix: 'remove the aggregate function' },
  { rule: 'parser/no-test-cases', spec: () => ({ ...goodSpec(), testCases: [] }), message: 'no test cases', fix: 'add testCases' },
  { rule: 'parser/few-test-cases', spec: () => ({ ...goodSpec(), testCases: goodSpec().testCases.slice(0, 2) }), message: 'has 2 test case(s); at least 5', fix: 'add 3 more' },
  {
    rule: 'parser/test-case-fails',
    spec: () => withScript('| user.name := Vendor.user', '| user.name := "nobody"'),
    message: 'test case 0 fails: expected user.name to be "alice", but it is "nobody"',
    fix: 'hecate parser test',
  },
  { rule: 'parser/array-gap', spec: () => withScript('', '| related.ip[0] := source.ip | related.ip[2] := source.ip'), message: 'array related.ip[] misses index(es) 1 (test case 0 event 0', fix: 'array:append("related.ip[]"' },
  { rule: 'parser/temporary-field', spec: () => withScript('', '| _tmp := "x"'), message: 'temporary field _tmp', fix: 'drop([_tmp])' },
  { rule: 'parser/hash-field', spec: () => withScript('', '| #env := "prod"'), message: 'writes the field #env', fix: 'write env := … instead and add env to tagFields' },
  { rule: 'parser/hash-field', spec: () => withScript('| Vendor := "acme"', '| #Vendor := "acme" | Vendor := "acme"'), message: 'writes the field #Vendor', fix: 'Vendor is in tagFields, so it is stored as #Vendor' },
  { rule: 'cps/required-field', spec: () => withScript('| Cps.version := "1.1.0"\n', ''), message: 'Cps.version is not set (test case 0 event 0, test case 1 event 0, test case 2 event 0 and 2 more)', fix: 'add "| Cps.version := \\"1.1.0\\"" in the METADATA region' },
  { rule: 'cps/required-field', spec: () => withScript('| observer.type := "identity"\n', ''), message: 'observer.type is not set', fix: 'observer.type :=' },
  { rule: 'cps/required-field', spec: () => withScript('| event.dataset := "widget.audit"\n', ''), message: 'event.dataset is not set', fix: 'event.dataset := \\"widget.<dataset>\\"' },
  { rule: 'cps/required-field', spec: () => withScript('| array:append("event.type[]", values=["start"])\n', ''), message: 'event.type[0] is not set', fix: 'array:append("event.type[]", values=[…])' },
  { rule: 'cps/required-field', spec: () => withScript('| Parser.version := "1.0.0"\n', ''), message: 'Parser.version is not set', fix: 'Parser.version := \\"1.0.0\\"' },
  { rule: 'cps/version-format', spec: () => withScript('| Parser.version := "1.0.0"', '| Parser.version := "v1"'), message: 'Parser.version is "v1", not a semantic version', fix: 'Parser.version := "1.0.0"' },
  { rule: 'cps/version-format', spec: () => withScript('| ecs.version := "9.1.0"', '| ecs.version := "9"'), message: 'ecs.version is "9"', fix: 'ecs.version := "9.1.0"' },
  { rule: 'cps/dataset-format', spec: () => withScript('| event.dataset := "widget.audit"', '| event.dataset := "audit"'), message: 'event.dataset is "audit", not "<event.module>.<dataset>"', fix: 'event.dataset := "widget.audit"' },
  { rule: 'cps/allowed-value', spec: () => withScript('| event.kind := "event"', '| event.kind := "incident"'), message: 'event.kind is "incident", not an allowed ECS value', fix: 'alert, asset, enrichment, event' },
  { rule: 'cps/allowed-value', spec: () => withScript('| event.kind := "event"', '| event.kind := "signal"'), message: 'event.kind is "signal"', fix: 'use one of' },
  { rule: 'cps/allowed-value', spec: () => withScript('values=["authentication"]', 'values=["login"]'), message: 'event.category[] is "login", not an allowed ECS value', fix: 'authentication, configuration' },
  { rule: 'cps/allowed-value', spec: () => withScript('values=["start"]', 'values=["begin"]'), message: 'event.type[] is "begin"', fix: 'connection, creation' },
  { rule: 'cps/allowed-value', spec: () => withScript('"fail" => event.outcome := "failure"', '"fail" => event.outcome := "failed"'), message: 'event.outcome is "failed", not an allowed ECS value (test case 1 event 0)', fix: 'failure, success, unknown' },
  {
    rule: 'cps/categorization-array',
    spec: () => withScript('| array:append("event.category[]", values=["authentication"])', '| event.category := "authentication"'),
    message: 'event.category is set as a single value ("authentication")',
    fix: 'use array:append("event.category[]", values=["authentication"])',
  },
  { rule: 'cps/alert-severity', spec: () => withScript('| event.kind := "event"', '| event.kind := "alert"'), message: 'event.kind is "alert" but event.severity is not set', fix: 'set event.severity' },
  { rule: 'cps/timestamp', spec: () => withScript('| parseTimestamp("yyyy-MM-dd\'T\'HH:mm:ss[.SSS]XXX", field=Vendor.ts)\n', ''), message: 'no @timestamp from the event', fix: 'parseTimestamp(' },
  { rule: 'cps/timestamp', spec: () => withScript('', '| @timestamp := "yesterday"'), message: '@timestamp is "yesterday", not Unix ms', fix: 'parseTimestamp(' },
  { rule: 'cps/tag-fields', spec: () => ({ ...goodSpec(), tagFields: CPS_TAGS.filter((t) => t !== 'event.outcome' && t !== 'observer.type') }), message: 'tagFields misses the CPS tag field(s) event.outcome, observer.type', fix: '- event.outcome - observer.type' },
  { rule: 'cps/high-cardinality-tag', spec: () => ({ ...goodSpec(), tagFields: [...CPS_TAGS, 'source.ip'] }), message: 'tag field source.ip', fix: 'remove source.ip from tagFields' },
  { rule: 'cps/high-cardinality-tag', spec: () => ({ ...goodSpec(), tagFields: [...CPS_TAGS, 'user.name'] }), message: 'tag field user.name', fix: 'remove user.name' },
  { rule: 'cps/non-ecs-field', spec: () => withScript('', '| src := Vendor.src_ip'), message: 'src is neither an ECS field nor a Vendor.* field', fix: 'rename src to Vendor.src or to its ECS name (source.ip?)' },
  { rule: 'cps/non-ecs-field', spec: () => withScript('', '| user := Vendor.user'), message: 'user is neither an ECS field', fix: '(user.name?)' },
  { rule: 'cps/non-ecs-field', spec: () => withScript('', '| parseJson()'), message: 'src_ip is neither an ECS field', fix: 'it comes from a parse function: give it prefix="Vendor."' },
  { rule: 'cps/forbidden-field', spec: () => withScript('', '| event.original := @rawstring'), message: 'event.original is set; CPS keeps the original event in @rawstring', fix: 'remove event.original' },
  { rule: 'cps/forbidden-field', spec: () => withScript('', '| event.ingested := "1"'), message: 'event.ingested is set', fix: 'remove event.ingested' },
  { rule: 'cps/lower-case', spec: () => withScript('| Vendor := "acme"', '| Vendor := "Acme"'), message: 'Vendor is "Acme"; CPS wants it in lower case', fix: 'the literal "acme"' },
  { rule: 'cps/lower-case', spec: () => withScript('"ok" => event.outcome := "success"', '"ok" => event.outcome := "Success"'), message: 'event.outcome is "Success"', fix: 'write "success"' },
  { rule: 'cps/lower-case', spec: () => withScript('', '| user.email := "Alice@Example.com" | source.domain := "Example.COM"'), message: 'user.email is "Alice@Example.com"', fix: 'user.email := lower(…)' },
  { rule: 'cps/lower-case', spec: () => withScript('', '| source.domain := "Example.COM"'), message: 'source.domain is "Example.COM"', fix: 'lower(' },
  { rule: 'cps/lower-case', spec: () => withScript('', '| file.hash.sha256 := "ABCDEF"'), message: 'file.hash.sha256 is "ABCDEF"', fix: 'lower(' },
  { rule: 'cps/lower-case', spec: () => withScript('', '| host.hostname := "WEB-01" | network.transport := "TCP"'), message: 'network.transport is "TCP"', fix: 'lower(' },
];

describe.each(CASES)('$rule', ({ rule, spec, message, fix }) => {
  test(`fires with "${message}"`, () => {
    const report = lintParser(spec());
    const found = byRule(report.findings, rule);
    expect(found.length, JSON.stringify(report.findings, null, 1)).toBeGreaterThan(0);
    const match = found.find((f) => f.message.includes(message));
    expect(match, JSON.stringify(found, null, 1)).toBeDefined();
    expect(match?.fix).toContain(fix);
    expect(match?.severity).toBe(LINT_RULES[rule]);
    expect(report.summary.errors).toBe(report.findings.filter((f) => f.severity === 'error').length);
  });
});

test('every rule has a case that makes it fire', () => {
  const covered = new Set<string>([...CASES.map((c) => c.rule), 'parser/not-cps']);
  expect(Object.keys(LINT_RULES).filter((r) => !covered.has(r))).toEqual([]);
});

test('merges one problem seen on many output events into one finding that lists them', () => {
  const [finding, ...rest] = byRule(lintParser(withScript('| observer.type := "identity"\n', '')).findings, 'cps/required-field');
  expect(rest).toEqual([]);
  expect(finding?.field).toBe('observer.type');
  expect(finding?.at).toEqual(EVENTS.map((_, testCase) => ({ testCase, outputEvent: 0 })));
});

test('a compile diagnostic carries its line and column, and no event rule runs', () => {
  const report = lintParser(withScript('| user.name := Vendor.user', '| user.name := Vendor.user | groupBy(user.name)'));
  expect(report.findings.map((f) => [f.rule, f.line, f.column])).toEqual([['parser/aggregate-function', 18, 30]]);
  expect(report.summary).toEqual({ errors: 1, warnings: 0, cps: true });
});

test('a CPS parser that does not compile is still held to the CPS tag fields', () => {
  const report = lintParser({ ...withScript('', '| foo('), tagFields: ['Vendor'] });
  expect(report.findings.map((f) => f.rule).sort()).toEqual(['cps/tag-fields', 'parser/compile']);
});

test('a generic parser gets one not-CPS warning and none of the CPS rules', () => {
  const spec: ParserSpec = {
    ...goodSpec(),
    script: 'kvParse() | parseTimestamp("yyyy-MM-dd\'T\'HH:mm:ssXXX", field=time)',
    tagFields: [],
    testCases: Array.from({ length: 5 }, (_, i) => ({ event: { rawString: `time=2025-01-0${i + 1}T00:00:00Z src=10.0.0.${i} User=X` }, assertions: [] })),
  };
  const report = lintParser(spec);
  expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['parser/not-cps', 'warning']]);
  expect(report.summary).toEqual({ errors: 0, warnings: 1, cps: false });
});

describe('a parse error in a test case', () => {
  const withBadTime = (assertError: boolean): ParserSpec => {
    const spec = goodSpec();
    const first = spec.testCases[0];
    if (first === undefined) throw new Error('no test case');
    first.event.rawString = JSON.stringify({ ts: 'yesterday', src_ip: '10.1.2.3', user: 'alice', result: 'ok' });
    first.assertions = [{ outputEventIndex: 0, fieldsHaveValues: assertError ? { '@error': 'true' } : { 'source.ip': '10.1.2.3' }, fieldsNotPresent: [] }];
    return spec;
  };
  test('fails the test case when nothing expects it', () => {
    const [finding] = byRule(lintParser(withBadTime(false)).findings, 'parser/test-case-fails');
    expect(finding?.message).toMatch(/^test case 0 fails: event 0: parseTimestamp/);
  });
  test('is accepted when the test case asserts @error', () => {
    expect(byRule(lintParser(withBadTime(true)).findings, 'parser/test-case-fails')).toEqual([]);
  });
});

test('errors come before warnings', () => {
  const spec = { ...withScript('| Cps.version := "1.1.0"\n', ''), testCases: goodSpec().testCases.slice(0, 1) };
  const severities = lintParser(spec).findings.map((f) => f.severity);
  expect(severities).toEqual([...severities].sort());
  expect(severities).toContain('warning');
});

describe('the built-in library', () => {
  const files = readdirSync(BUILTIN).filter((f) => f.endsWith('.yaml')).sort();
  test.each(files)('%s lints without errors', (file) => {
    const report = lintParser(parseParserYaml(readFileSync(BUILTIN + file, 'utf8')));
    expect(report.findings.filter((f) => f.severity === 'error'), JSON.stringify(report.findings, null, 1)).toEqual([]);
    if (!report.summary.cps) {
      expect(byRule(report.findings, 'parser/not-cps')).toHaveLength(1);
      expect(report.findings.filter((f) => f.rule.startsWith('cps/'))).toEqual([]);
    }
  });
  test('kv is a generic parser: warnings only', () => {
    const report = lintParser(parseParserYaml(readFileSync(BUILTIN + 'kv.yaml', 'utf8')));
    expect(report.summary.cps).toBe(false);
    expect(report.summary.errors).toBe(0);
    expect(report.summary.warnings).toBeGreaterThan(0);
  });
});
