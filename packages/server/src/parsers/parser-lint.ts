/**
 * `hecate parser lint` and `POST /api/v1/parsers/lint`: checks a parser against the CrowdStrike Parsing
 * Standard (CPS 1.1, docs/parsers.md) and says, for every problem, what is wrong and how to fix it.
 *
 * Design: the script is compiled and its test cases run by the parser test runner (the ingest engine),
 * and the rules read what the script emitted for each test case: a field the test cases never produce
 * cannot be judged, so the test cases are part of what is linted. Findings are grouped: one finding
 * per problem, naming every test case / output event it was seen on. A parser whose outputs set no
 * `Cps.version` or `Vendor` is a generic (format) parser: it gets one `parser/not-cps` warning and only
 * the `parser/*` rules. Rule ids are stable (tests and tools key on them); messages are for people.
 */
import type { ParserSpec } from './parser-definition.js';
import { runParserTests, type ParserTestReport } from './parser-test-runner.js';
import {
  ALERT_NEEDS,
  CATEGORIZATION,
  CPS_REQUIRED,
  CPS_TAG_FIELDS,
  HIGH_CARDINALITY_TAG,
  isEcsName,
  mustBeLowerCase,
  SEMVER,
  SEMVER_FIELDS,
  suggestEcsName,
} from './cps-vocabulary.js';

export type LintSeverity = 'error' | 'warning';

/** Every rule, with its severity: the ids are part of the interface (JSON output, API). */
export const LINT_RULES = {
  'parser/compile': 'error',
  'parser/aggregate-function': 'error',
  'parser/no-test-cases': 'error',
  'parser/few-test-cases': 'warning',
  'parser/test-case-fails': 'error',
  'parser/array-gap': 'error',
  'parser/temporary-field': 'error',
  'parser/hash-field': 'error',
  'parser/not-cps': 'warning',
  'cps/required-field': 'error',
  'cps/version-format': 'error',
  'cps/dataset-format': 'error',
  'cps/allowed-value': 'error',
  'cps/categorization-array': 'error',
  'cps/alert-severity': 'error',
  'cps/timestamp': 'warning',
  'cps/tag-fields': 'error',
  'cps/high-cardinality-tag': 'warning',
  'cps/non-ecs-field': 'error',
  'cps/forbidden-field': 'error',
  'cps/lower-case': 'error',
} as const satisfies Record<string, LintSeverity>;

export type LintRule = keyof typeof LINT_RULES;

/** An output event of a test case: `testCase` indexes spec.testCases, `outputEvent` what that case emitted. */
export interface LintLocation {
  testCase: number;
  outputEvent: number;
}

export interface Finding {
  rule: LintRule;
  severity: LintSeverity;
  /** What is wrong, naming the field, the value and where it was seen. */
  message: string;
  /** How to fix it, concretely. */
  fix: string;
  field?: string;
  /** Script position (compile diagnostics). */
  line?: number;
  column?: number;
  /** The output events the problem was seen on. */
  at?: LintLocation[];
}

export interface LintReport {
  findings: Finding[];
  summary: { errors: number; warnings: number; cps: boolean };
}

/** Below this many test cases the parser is warned about: CPS parsers cover each kind of event they map. */
export const MIN_TEST_CASES = 5;
const MAX_LOCATIONS_IN_MESSAGE = 3;

interface Detail {
  field?: string;
  at?: LintLocation;
  line?: number;
  column?: number;
}

/** Collects findings, merging the same problem seen on several output events into one finding. */
class Findings {
  private readonly byKey = new Map<string, Finding>();

  add(rule: LintRule, message: string, fix: string, detail: Detail = {}): void {
    const key = `${rule}\u0000${message}`;
    const seen = this.byKey.get(key);
    if (seen !== undefined) {
      if (detail.at !== undefined) seen.at?.push(detail.at);
      return;
    }
    const finding: Finding = { rule, severity: LINT_RULES[rule], message, fix };
    if (detail.field !== undefined) finding.field = detail.field;
    if (detail.line !== undefined) finding.line = detail.line;
    if (detail.column !== undefined) finding.column = detail.column;
    if (detail.at !== undefined) finding.at = [detail.at];
    this.byKey.set(key, finding);
  }

  /** Errors first; the message gains where the problem was seen. */
  list(): Finding[] {
    const all = [...this.byKey.values()].map((f) => (f.at === undefined ? f : { ...f, message: `${f.message} (${where(f.at)})` }));
    return [...all.filter((f) => f.severity === 'error'), ...all.filter((f) => f.severity === 'warning')];
  }
}

function where(at: readonly LintLocation[]): string {
  const shown = at.slice(0, MAX_LOCATIONS_IN_MESSAGE).map((l) => `test case ${l.testCase} event ${l.outputEvent}`);
  const more = at.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** `a[3].b[0]` → `a[].b[]`: one finding for every element of an array. */
const shapeOf = (name: string): string => name.replace(/\[\d+\]/g, '[]');
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the script assigns the field itself (`name :=`), as opposed to a parse function creating it. */
function assignedInScript(script: string, name: string): boolean {
  return new RegExp(`(^|[\\s|{;(])${escapeRegExp(name)}\\s*:=`).test(script);
}

export function lintParser(spec: ParserSpec): LintReport {
  const findings = new Findings();
  // The events each test case emitted, as the script wrote them (`#x` names intact, tags not yet mapped).
  const emitted: Array<Array<Map<string, string>>> = spec.testCases.map(() => []);
  const report = runParserTests(spec, {
    onEmitted: (i, events) => {
      emitted[i] = events.map((e) => new Map(e.fields));
    },
  });
  lintRun(spec, report, findings);
  lintNames(emitted, new Set(spec.tagFields), findings);

  const cps = isCpsParser(spec, emitted);
  if (!cps) {
    findings.add(
      'parser/not-cps',
      'the parser sets neither Cps.version nor Vendor: it is a generic parser, not a CPS vendor parser, so the CPS rules were skipped',
      'for a vendor parser, set the METADATA region (Parser.version, Cps.version, ecs.version, Vendor, event.module, event.dataset, event.kind, observer.type) and the CPS tagFields',
    );
  } else {
    lintTagFields(spec.tagFields, findings);
    emitted.forEach((events, testCase) => events.forEach((fields, outputEvent) => lintCpsEvent(fields, { testCase, outputEvent }, spec.script, findings)));
  }

  const list = findings.list();
  const errors = list.filter((f) => f.severity === 'error').length;
  return { findings: list, summary: { errors, warnings: list.length - errors, cps } };
}

/** The script's diagnostics, the number of test cases, and what the test runner found. */
function lintRun(spec: ParserSpec, report: ParserTestReport, findings: Findings): void {
  for (const d of report.diagnostics) {
    const aggregate = d.code === 'AGGREGATE_IN_PARSER';
    findings.add(
      aggregate ? 'parser/aggregate-function' : 'parser/compile',
      `${d.line}:${d.column} ${d.code} ${d.message}`,
      aggregate
        ? 'remove the aggregate function: a parser sees one event at a time; aggregate in a search over the stored events instead'
        : `correct the script at line ${d.line}, column ${d.column}`,
      { line: d.line, column: d.column },
    );
  }
  if (spec.testCases.length === 0) {
    findings.add('parser/no-test-cases', 'the parser has no test cases, so nothing it emits can be checked', 'add testCases: a real raw event of each kind the parser maps, with assertions on the fields it sets');
  } else if (spec.testCases.length < MIN_TEST_CASES) {
    findings.add(
      'parser/few-test-cases',
      `the parser has ${spec.testCases.length} test case(s); at least ${MIN_TEST_CASES} are expected`,
      `add ${MIN_TEST_CASES - spec.testCases.length} more test case(s): one per kind of event (each case branch, a failure outcome, an event without optional fields)`,
    );
  }

  for (const t of report.testCases) {
    // A test case asserting `@error: "true"` on an output event expects that event's parse error.
    const expectsError = new Set((spec.testCases[t.index]?.assertions ?? []).filter((a) => a.fieldsHaveValues['@error'] === 'true').map((a) => a.outputEventIndex));
    const parsingErrors = t.failures.parsingErrors.filter((p) => !expectsError.has(p.outputEventIndex));
    const problems = [...parsingErrors.map((p) => `event ${p.outputEventIndex}: ${p.message}`), ...t.failures.assertionFailuresOnFields.map((a) => a.message)];
    if (problems.length > 0) {
      findings.add('parser/test-case-fails', `test case ${t.index} fails: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`, 'run `hecate parser test FILE` to see the output events, then correct the script or the assertion');
    }
    for (const gap of t.failures.arraysWithGaps) {
      findings.add(
        'parser/array-gap',
        `array ${gap.array} misses index(es) ${gap.missingIndexes.join(', ')}`,
        `fill ${gap.array} with array:append("${gap.array}", values=[…]), which numbers the elements from 0 without gaps, instead of assigning indexes`,
        { field: gap.array, at: { testCase: t.index, outputEvent: gap.outputEventIndex } },
      );
    }
  }
}

/** Names the script must not leave on an event: `#x` (tags come from tagFields) and temporary `_x`. */
function lintNames(emitted: ReadonlyArray<ReadonlyArray<ReadonlyMap<string, string>>>, tagFields: ReadonlySet<string>, findings: Findings): void {
  emitted.forEach((events, testCase) =>
    events.forEach((fields, outputEvent) => {
      const at = { testCase, outputEvent };
      for (const name of fields.keys()) {
        if (name.startsWith('#')) {
          const plain = name.slice(1);
          findings.add(
            'parser/hash-field',
            `the script writes the field ${name}; tags come from tagFields`,
            tagFields.has(plain) ? `write ${plain} := … instead; ${plain} is in tagFields, so it is stored as ${name}` : `write ${plain} := … instead and add ${plain} to tagFields`,
            { field: name, at },
          );
        } else if (name.startsWith('_')) {
          findings.add('parser/temporary-field', `the temporary field ${shapeOf(name)} is left on the event`, `drop it at the end of the script: | drop([${name}]) in the POST-NORMALIZATION region`, { field: name, at });
        }
      }
    }),
  );
}

/** CPS when any output sets Cps.version or Vendor; without outputs (no test cases, no compile), by the script and tagFields. */
function isCpsParser(spec: ParserSpec, emitted: ReadonlyArray<ReadonlyArray<ReadonlyMap<string, string>>>): boolean {
  const marks = ['Cps.version', 'Vendor', '#Cps.version', '#Vendor'];
  if (emitted.some((events) => events.some((fields) => marks.some((m) => fields.has(m))))) return true;
  if (emitted.some((events) => events.length > 0)) return false;
  return spec.tagFields.includes('Cps.version') || assignedInScript(spec.script, 'Cps.version') || assignedInScript(spec.script, 'Vendor');
}

function lintTagFields(tagFields: readonly string[], findings: Findings): void {
  const missing = CPS_TAG_FIELDS.filter((t) => !tagFields.includes(t));
  if (missing.length > 0) {
    findings.add('cps/tag-fields', `tagFields misses the CPS tag field(s) ${missing.join(', ')}`, `add to tagFields: ${missing.map((t) => `- ${t}`).join(' ')}`, { field: 'tagFields' });
  }
  for (const tag of tagFields) {
    if (!HIGH_CARDINALITY_TAG.test(tag)) continue;
    findings.add(
      'cps/high-cardinality-tag',
      `tag field ${tag} may take a different value on every event; tags are for a few distinct values (in NG-SIEM each combination of tag values is a datasource of its own)`,
      `remove ${tag} from tagFields: it stays a searchable field (${tag}=…)`,
      { field: tag },
    );
  }
}

const METADATA_FIX: Record<string, string> = {
  'Parser.version': 'add "| Parser.version := \\"1.0.0\\"" in the METADATA region (the parser\'s own semver)',
  'Cps.version': 'add "| Cps.version := \\"1.1.0\\"" in the METADATA region',
  'ecs.version': 'add "| ecs.version := \\"9.1.0\\"" in the METADATA region',
  Vendor: 'add "| Vendor := \\"<vendor, lower case>\\"" in the METADATA region',
  'event.module': 'add "| event.module := \\"<product family, lower case>\\"" in the METADATA region',
  'event.kind': 'add "| event.kind := \\"event\\"" in the METADATA region ("alert" for alerts)',
  'observer.type': 'add "| observer.type := \\"<firewall, ids, proxy, identity, …>\\"" in the METADATA region',
  'event.category[0]': 'add array:append("event.category[]", values=[…]) in the NORMALIZATION region, on every path (give the case a * branch)',
  'event.type[0]': 'add array:append("event.type[]", values=[…]) in the NORMALIZATION region, on every path (give the case a * branch)',
};

/** The CPS rules on one output event (fields as the script wrote them). */
function lintCpsEvent(fields: ReadonlyMap<string, string>, at: LintLocation, script: string, findings: Findings): void {
  const module = fields.get('event.module');
  for (const name of CPS_REQUIRED) {
    if (fields.has(name)) continue;
    const fix = name === 'event.dataset' ? `add "| event.dataset := \\"${module ?? '<module>'}.<dataset>\\"" in the METADATA region` : (METADATA_FIX[name] ?? `set ${name}`);
    findings.add('cps/required-field', `${name} is not set`, fix, { field: name, at });
  }
  const stamp = fields.get('@timestamp');
  if (stamp === undefined || stamp === '' || !Number.isFinite(Number(stamp))) {
    findings.add(
      'cps/timestamp',
      stamp === undefined ? 'no @timestamp from the event: it would be stored with the HEC time or the ingest time' : `@timestamp is "${stamp}", not Unix ms: it would be stored with the HEC time or the ingest time`,
      'parse the event time in the PREPARSE region: | parseTimestamp("<format>", field=Vendor.<time field>)',
      { field: '@timestamp', at },
    );
  }
  for (const name of SEMVER_FIELDS) {
    const v = fields.get(name);
    if (v !== undefined && !SEMVER.test(v)) findings.add('cps/version-format', `${name} is "${v}", not a semantic version (major.minor.patch)`, `set ${name} := "${name === 'Cps.version' ? '1.1.0' : name === 'ecs.version' ? '9.1.0' : '1.0.0'}"`, { field: name, at });
  }
  const dataset = fields.get('event.dataset');
  if (dataset !== undefined && module !== undefined && (!dataset.startsWith(`${module}.`) || dataset.length === module.length + 1)) {
    findings.add('cps/dataset-format', `event.dataset is "${dataset}", not "<event.module>.<dataset>" with event.module "${module}"`, `set event.dataset := "${module}.${dataset.split('.').pop() || '<dataset>'}"`, { field: 'event.dataset', at });
  }
  if (fields.get('event.kind') === 'alert') {
    const lacking = ALERT_NEEDS.filter((n) => !fields.has(n));
    if (lacking.length > 0) {
      findings.add('cps/alert-severity', `event.kind is "alert" but ${lacking.join(', ')} ${lacking.length > 1 ? 'are' : 'is'} not set`, 'set event.severity (50 when the vendor gives none; 10 info … 90 critical) and the categorization, or use event.kind := "event"', { field: 'event.kind', at });
    }
  }
  for (const [name, value] of fields) {
    if (name.startsWith('@') || name.startsWith('#') || name.startsWith('_') || name.startsWith('Vendor.')) continue;
    const shape = shapeOf(name);
    if (name === 'event.original' || name === 'event.ingested') {
      findings.add('cps/forbidden-field', `${name} is set; CPS keeps ${name === 'event.original' ? 'the original event in @rawstring' : 'the ingest time in @ingesttimestamp'}`, `remove ${name} (drop([${name}]) or delete its assignment)`, { field: name, at });
      continue;
    }
    if (!isEcsName(name)) {
      const suggestion = suggestEcsName(name);
      const rename = `rename ${shape} to Vendor.${shape} or to its ECS name${suggestion === undefined ? '' : ` (${suggestion}?)`}`;
      const fromParse = assignedInScript(script, name.replace(/\[\d+\].*$/, '')) ? '' : '; it comes from a parse function: give it prefix="Vendor."';
      findings.add('cps/non-ecs-field', `${shape} is neither an ECS field nor a Vendor.* field`, rename + fromParse, { field: shape, at });
      continue;
    }
    const categorization = CATEGORIZATION[shape];
    if (name === 'event.category' || name === 'event.type') {
      findings.add('cps/categorization-array', `${name} is set as a single value ("${value}"); CPS wants the array ${name}[]`, `use array:append("${name}[]", values=["${value.toLowerCase()}"])`, { field: name, at });
    } else if (categorization !== undefined && !categorization.includes(value)) {
      const lower = value.toLowerCase();
      if (categorization.includes(lower)) findings.add('cps/lower-case', `${shape} is "${value}"; CPS wants it in lower case`, `write "${lower}" (or lower(…) when the value comes from the event)`, { field: shape, at });
      else findings.add('cps/allowed-value', `${shape} is "${value}", not an allowed ECS value`, `use one of: ${categorization.join(', ')}`, { field: shape, at });
    } else if (mustBeLowerCase(name) && value !== value.toLowerCase()) {
      findings.add('cps/lower-case', `${shape} is "${value}"; CPS wants it in lower case`, `write ${name.replace(/\[\d+\]/g, '[…]')} := lower(…), or the literal "${value.toLowerCase()}"`, { field: shape, at });
    }
  }
}
