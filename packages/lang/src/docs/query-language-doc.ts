/**
 * docs/query-language.md, generated (`npm run docs:query-language`) so the reference cannot drift from
 * the language. The syntax overview is written here by hand, and every claim in it is checked against
 * syntax/script-parser.ts, the checker and the evaluator; every function section is rendered from the
 * function registry, which stays the one place a function is declared. The output depends on nothing
 * but the registry (no dates, no environment): a test compares it with the file on disk.
 */
import { FUNCTION_REGISTRY } from '../check/function-registry.js';
import type { FunctionOutput, FunctionSpec, ParamSpec, ParamType } from '../check/function-spec.js';
import { DEFAULT_EVENT_BUDGET_MS } from '../eval/compile-parser.js';
import { MAX_QUERY_LENGTH } from '../syntax/parse-query.js';
import { MAX_SCRIPT_LENGTH } from '../syntax/parse-script.js';
import { MAX_NESTING_DEPTH, MAX_TERMS } from '../syntax/parser.js';
import { MAX_SCRIPT_DEPTH, MAX_SCRIPT_NODES } from '../syntax/script-parser.js';

type GroupId = 'parsing' | 'values' | 'filters' | 'fields' | 'events' | 'aggregates';

interface Group {
  readonly id: GroupId;
  readonly title: string;
  readonly intro: string;
}

const GROUPS: readonly Group[] = [
  { id: 'parsing', title: 'Parsing functions', intro: 'Turn text into fields: structured formats, regular expressions, timestamps.' },
  { id: 'values', title: 'Value functions', intro: 'Compute values and set fields. A function of kind *value* may stand inside an expression (`x := lower(y)`); as a stage of its own it writes its `as` field.' },
  { id: 'filters', title: 'Filter functions', intro: 'Keep or drop the event. Inside an expression, `case` or `match` a filter function is a condition, and `!` or `not` negates it (`!in(status, values=["200", "204"])`).' },
  { id: 'fields', title: 'Field management', intro: 'Remove, rename and select fields; build arrays.' },
  { id: 'events', title: 'Event functions', intro: 'Turn one event into several. They are pipeline stages of their own: not allowed inside an expression, `case` or `match` (`FANOUT_IN_BRANCH`).' },
  {
    id: 'aggregates',
    title: 'Aggregates and search-only functions',
    intro: 'They need many events, so they run in searches only: a parser that calls one fails its check with `AGGREGATE_IN_PARSER` (`NOT_A_PARSER_FUNCTION` for other search-only functions). The search API documentation ([search.md](search.md)) describes the rows they return.',
  },
];

/** Field management has no output kind of its own, so it is named; array:… functions join it. */
const FIELD_MANAGEMENT: ReadonlySet<string> = new Set(['drop', 'rename', 'select']);

/**
 * The registry has no group field: the group follows from what a function does, so a function added
 * to the registry lands in a group without touching this file.
 */
export function groupOf(spec: FunctionSpec): GroupId {
  if (spec.output === 'aggregate' || !spec.parserSafe) return 'aggregates';
  if (spec.output === 'fanout') return 'events';
  if (/^parse|Parse$|Timestamp$/.test(spec.name) || spec.name === 'regex') return 'parsing';
  if (FIELD_MANAGEMENT.has(spec.name) || spec.name.startsWith('array:')) return 'fields';
  return spec.output === 'filter' ? 'filters' : 'values';
}

const KIND: Readonly<Record<FunctionOutput, string>> = {
  filter: 'filter — keeps or drops the event (and may set fields); a condition inside expressions',
  transform: 'transform — changes the event, never drops it',
  value: 'value — computes one value; as a stage it writes its `as` field',
  fanout: 'fan-out — turns the event into zero or more events',
  aggregate: 'aggregate — turns the events into rows',
};

const TYPE: Readonly<Record<ParamType, string>> = {
  field: 'field',
  string: 'string',
  regex: 'regex: `"…"` or `/…/`',
  number: 'number',
  boolean: 'boolean',
  enum: 'one of',
  fields: 'field or [fields]',
  strings: 'string or [strings]',
  value: 'expression',
  values: 'expression or [expressions]',
  condition: 'condition',
  assignments: 'field = expression, …',
};

const SYNTAX: readonly { readonly title: string; readonly lines: readonly string[] }[] = [
  {
    title: 'Pipelines',
    lines: [
      'A query or a parser script is a pipeline: stages separated by `|`, run in order on every event. A stage is a filter,',
      'a function call, an assignment (`x := …`), a `case { … }` or a `match { … }`. A filter drops the events it does not',
      'match; the stages after it never see them. In a parser an event dropped by any stage is not stored, and it is counted',
      '(reason `dropped_by_parser`).',
      '',
      '```',
      '#connector=fw action=deny | groupBy(source.ip, function=count()) | sort(_count) | head(10)',
      'parseJson(prefix="Vendor.") | Vendor.type!="heartbeat" | user.name := lower(Vendor.user)',
      '```',
      '',
      'Function names are case-insensitive (`groupby()` is `groupBy()`); field names are case-sensitive. `and`, `or`, `not`',
      'and `case` may be written in any case.',
    ],
  },
  {
    title: 'Free text',
    lines: [
      'A word or a quoted phrase on its own searches `@rawstring`, ignoring case, anywhere in the text.',
      '',
      '| form | keeps events whose `@rawstring` |',
      '|---|---|',
      '| `error` | contains `error`, `Error`, `ERROR`, … |',
      '| `"connection refused"` | contains the phrase; quote text with spaces or any of `( ) \\| = < > , ; { }` |',
      '| `*fail*`, `user*42` | contains text matching the pattern: `*` is any run of characters |',
      '| `*` | everything |',
    ],
  },
  {
    title: 'Field filters',
    lines: [
      '| form | keeps events where |',
      '|---|---|',
      '| `user=ann` | `user` is exactly `ann` (case-sensitive, the whole value) |',
      '| `user="Ann Lee"` | quoted values may hold spaces and special characters |',
      '| `user=adm*`, `host=*-prod-*` | the value matches the pattern (`*` is any run of characters) |',
      '| `user=*` | the field exists; `user!=*`: it does not |',
      '| `user!=ann` | `user` is not `ann`, or the field is missing |',
      '| `url=/login/i` | a regular expression finds a match in the value (not anchored) |',
      '| `"user name"=ann` | a quoted field name |',
      '',
      'Spaces around `=` are allowed (`user = ann`). `==` is the comparison of expressions, not a filter.',
    ],
  },
  {
    title: 'Regular expressions',
    lines: [
      '`/pattern/flags` alone searches `@rawstring`; `field=/pattern/flags` searches a field. A literal ends at the first',
      '`/` that is not escaped and not inside a `[class]`, and must stay on one line. Flags: `i` ignores case, `m` makes `^`',
      'and `$` match at line breaks, `s` lets `.` match a newline, `g` finds every match (with named groups, below).',
      'Flags may also lead the pattern: `/(?i)error/` is `/error/i`, and `regex("(?i)user=(?<user>\\S+)")` ignores case.',
      'Only a leading group counts; `(?i)` in the middle of a pattern, or `(?i:…)`, is refused with `INVALID_REGEX`.',
      '',
      'Named groups create fields, and their names may be field names: `/user=(?<user.name>\\S+)/` sets `user.name`. With',
      '`g`, every match is kept: `/(?<ip>\\d+\\.\\d+\\.\\d+\\.\\d+)/g` sets `ip[0]`, `ip[1]`, … The `regex()` function does the',
      'same with more control (`field=`, `strict=`, `repeat=`), and takes the pattern as a `/literal/` or a `"string"`. In a',
      'string, `\\"` and `\\\\` are escapes and any other backslash stays as written, so `"\\d+"` is the pattern `\\d+`.',
      '',
      'Patterns use JavaScript regular expression syntax. A search made only of filters runs in the database with RE2,',
      'which refuses lookaround and back-references (`UNSUPPORTED_REGEX`); parsers accept them.',
    ],
  },
  {
    title: 'Comparisons',
    lines: [
      'In filters, `status>=500`, `bytes<1000`, `duration>0.5` compare numbers (`<`, `<=`, `>`, `>=`); the right side must be',
      'a number (`EXPECTED_NUMBER` otherwise), and events whose field is missing or not a number do not match.',
      '',
      'In expressions (`test()`, `if()`, `:=`), `==`, `!=`, `<`, `<=`, `>` and `>=` compare numbers when both sides are',
      'numbers, quoted or not (`"10" > "9"`), and text otherwise (`"b" > "a"`); a missing side makes the comparison false.',
    ],
  },
  {
    title: 'Tags',
    lines: [
      'Tags are fields whose name starts with `#` and are filtered like any field: `#connector=fw`, `#repo=main`,',
      '`#Vendor=acme`, `#error=true`. Every stored event carries `#connector`, `#repo` and `#type` (the name of its parser); a parser',
      'turns the fields named in its `tagFields` into tags after its script has run (`Vendor` becomes `#Vendor`), so a parser',
      'script sets `Vendor`, never `#Vendor` (see [parsers.md](parsers.md)).',
    ],
  },
  {
    title: 'And, or, not',
    lines: [
      'Filters side by side must all match: `a b` is `a and b`. As in LogScale, **`or` binds tighter than `and`** in filters:',
      '`error or warning deny` means `(error or warning) and deny`. `not` and `!` bind tightest: `not a or b` is',
      '`(not a) or b`. Parentheses group. A keyword followed by `=` or a comparison is a field name: `or=1` filters the field',
      '`or`.',
      '',
      'Inside expressions the usual order holds: `not` before comparisons, comparisons before `and`, `and` before `or`, so',
      '`test(a == 1 or b == 2 and c == 3)` is `a == 1 or (b == 2 and c == 3)`. A value is true unless it is missing, empty',
      'or `"false"`.',
    ],
  },
  {
    title: 'Assignments and expressions',
    lines: [
      '`field := expression` sets a field; `eval(a = expression, b = expression)` sets several. Later stages see the new',
      'values. Expressions are fields, `"strings"`, numbers, function calls of kind *value* or *filter*, parentheses and',
      'the operators `+ - * / %` (and unary `-`), comparisons, `and`, `or`, `not`.',
      '',
      '```',
      'bytes := source.bytes + destination.bytes',
      'ratio := (hits * 100) / total',
      'user.name := lower(coalesce([Vendor.user, Vendor.account]))',
      '```',
      '',
      'Arithmetic needs numbers: a missing or non-numeric operand, or a division by zero, gives a missing result, and',
      'assigning a missing result removes the field. `+` does not join text: use `concat()` or `format()`. Numbers are',
      'stored as written (`x := 1.5e3` stores `1.5e3`).',
      '',
      'For a function that writes a field rather than returns a value, `x := fn(…)` is `fn(…, as=x)`:',
      '`part := splitString(field=path, by="/")`.',
    ],
  },
  {
    title: 'Case',
    lines: [
      '`case { branch; branch; … }` tries its branches in order; each is a pipeline, and the first that keeps the event is',
      'the one that runs. `*` alone is a branch that keeps the event unchanged; `* | …` runs stages for everything else.',
      '**When no branch keeps the event, the event is dropped**, so end with `; *` to keep it.',
      '',
      '```',
      'case {',
      '  Vendor.result="ok" | event.outcome := "success";',
      '  Vendor.result=fail* | event.outcome := "failure";',
      '  *',
      '}',
      '```',
    ],
  },
  {
    title: 'Match',
    lines: [
      '`field match { pattern => pipeline; … }` tests one field against each pattern in order and runs the pipeline of the',
      'first that matches; `*` as a pipeline does nothing. Patterns: `"text"` or a bare word (the whole value, case-sensitive,',
      '`*` wildcards allowed), `/regex/` (a match anywhere in the value), a filter function call whose `field` is the matched',
      'field (`in(values=[…])`, `cidr(subnet=[…])`), and `*` (anything). **When no pattern matches, the event is dropped**,',
      'so end with `* => *` to keep it.',
      '',
      '```',
      'http.response.status_code match {',
      '  "2*" => event.outcome := "success";',
      '  /^[45]/ => event.outcome := "failure";',
      '  * => *',
      '}',
      '```',
    ],
  },
  {
    title: 'Calling functions',
    lines: [
      'Arguments are named (`prefix="Vendor."`) or unnamed; unnamed arguments fill the parameters marked *unnamed* in the',
      'reference below, in order. A list is written `[a, b, "c"]`. An unknown function or argument is an error',
      '(`UNKNOWN_FUNCTION`, `UNKNOWN_ARGUMENT`) with a suggestion.',
      '',
      '| form | meaning |',
      '|---|---|',
      '| `if(condition, then=a, else=b)` | a value chosen by a condition: `outcome := if(status < 400, then="success", else="failure")` |',
      '| `test(expression)` | keeps the event when the expression is true: `test(bytes_out > bytes_in * 10)` |',
      '| `field =~ fn(…)` | calls `fn` with `field=field`: `source.ip =~ cidr(subnet=["10.0.0.0/8"])`, `message =~ regex("id=(?<id>\\d+)")`; any function with a `field` parameter |',
      '| `!fn(…)`, `not fn(…)` | negates a filter function: `!in(user, values=["root", "admin"])` |',
      '| `[count(), avg(x)]` | as a search stage, `stats([count(), avg(x)])` |',
    ],
  },
  {
    title: 'Comments',
    lines: [
      '`//` comments run to the end of the line; `/* … */` comments may span lines (one never closed is an error,',
      '`UNTERMINATED_COMMENT`). Parser templates use `// #region NAME` comments to mark their parts. A `/` inside a word is',
      'part of it (`url=http://example.com/a` is one value).',
    ],
  },
  {
    title: 'Field names and quoting',
    lines: [
      'Field names may contain letters, digits, `_`, `.`, `@`, `#`, `:` and `$`, and end in array indexes: `source.ip`,',
      '`@timestamp`, `#repo`, `event.category[0]`, `Vendor.records[2].id`. `name[]` names a whole array where a function',
      'expects one (`array:append("event.category[]", values=[…])`). In filters and in field arguments a quoted name may hold',
      'any character (`"user name"=ann`, `rename(field="user name", as=user.name)`); in expressions a quoted text is a string.',
      '',
      'Strings are written in double quotes; `\\"`, `\\\\`, `\\n`, `\\t` and `\\r` are escapes, and any other backslash stays as',
      'written (`"C:\\Windows"`).',
    ],
  },
];

function limitsSection(): readonly string[] {
  return [
    `- A parser script is at most ${MAX_SCRIPT_LENGTH / 1024} KiB, nests at most ${MAX_SCRIPT_DEPTH} levels and has at most ${MAX_SCRIPT_NODES.toLocaleString('en-US')} terms.`,
    `- A search query is at most ${MAX_QUERY_LENGTH / 1024} KiB; a search made only of filters nests at most ${MAX_NESTING_DEPTH} levels and has at most ${MAX_TERMS.toLocaleString('en-US')} terms.`,
    `- A parser spends at most ${DEFAULT_EVENT_BUDGET_MS} ms on one event; beyond it the event is stored as it came in, with \`@error\` (see [parsers.md](parsers.md)).`,
  ];
}

/** GitHub's heading anchors: lower case, punctuation removed, each space a hyphen, repeats numbered. */
class Anchors {
  private readonly seen = new Map<string, number>();

  next(heading: string): string {
    const base = heading
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = this.seen.get(base) ?? 0;
    this.seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  }
}

interface TocEntry {
  readonly title: string;
  readonly anchor: string;
  readonly children: { readonly title: string; readonly anchor: string }[];
  /** Function lists go on one line; syntax sections one per line. */
  readonly inline: boolean;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** Registry prose is plain text: `(?<name>…)` must not read as an HTML tag, nor `_x` or `*` as emphasis. */
const prose = (text: string): string => text.replace(/[\\`*_]/g, '\\$&').replace(/</g, '&lt;');
const code = (text: string): string => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

function defaultText(param: ParamSpec): string | undefined {
  const value = param.default;
  if (value === undefined) return undefined;
  if (typeof value === 'string') return param.type === 'string' || param.type === 'regex' ? JSON.stringify(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `[${value.join(', ')}]`;
}

export function signatureOf(spec: FunctionSpec): string {
  const params = spec.params.map((p) => {
    if (p.type === 'assignments') return 'field = expression, …';
    if (p.required === true) return p.name;
    const fallback = defaultText(p);
    return fallback === undefined ? `[${p.name}]` : `${p.name}=${fallback}`;
  });
  return `${spec.name}(${params.join(', ')})`;
}

const ORDINALS = ['1st', '2nd', '3rd', '4th', '5th'];

function paramRows(spec: FunctionSpec): string[] {
  const positional = spec.params.filter((p) => p.positional === true);
  return spec.params.map((p) => {
    const order = positional.indexOf(p);
    const name = order < 0 ? code(p.name) : `${code(p.name)} (unnamed ${ORDINALS[order] ?? `#${order + 1}`})`;
    const type = p.type === 'enum' ? `one of ${(p.values ?? []).map(code).join(', ')}` : TYPE[p.type];
    const fallback = defaultText(p);
    const cells = [name, type, fallback === undefined ? '—' : code(fallback), p.required === true ? 'yes' : 'no', prose(p.description)];
    return `| ${cells.map(cell).join(' | ')} |`;
  });
}

function parserUse(spec: FunctionSpec): string {
  if (spec.parserSafe) return 'yes';
  return spec.output === 'aggregate' ? 'no (an aggregate: searches only)' : 'no (searches only)';
}

function functionSection(spec: FunctionSpec): string[] {
  const lines = [prose(spec.summary), '', `**In parsers:** ${parserUse(spec)}. **Kind:** ${KIND[spec.output]}.`, '', '```', signatureOf(spec), '```', ''];
  if (spec.params.length === 0) lines.push('No parameters.', '');
  else lines.push('| parameter | type | default | required | description |', '|---|---|---|---|---|', ...paramRows(spec), '');
  lines.push('Example:', '', '```', spec.example, '```', '');
  return lines;
}

function readingGuide(): string[] {
  return [
    'Each function shows its signature, where a bare name is required, `name=value` shows the default and `[name]` is',
    'optional without a default; *unnamed 1st* means the argument may be given without its name, as the first unnamed',
    'argument (`regex("…")` is `regex(regex="…")`). Defaults that are field names (`@rawstring`) are written bare.',
    '**In parsers** says whether a parser script may call it; every function may be used in searches, where the stages',
    'that SQL cannot run go to the evaluator ([search.md](search.md)).',
    '',
  ];
}

export function renderQueryLanguageDoc(): string {
  const anchors = new Anchors();
  const title = 'Query language reference';
  anchors.next(title);
  anchors.next('Contents');
  const toc: TocEntry[] = [];
  const body: string[] = [];
  const h2 = (text: string, inline: boolean): TocEntry => {
    const entry: TocEntry = { title: text, anchor: anchors.next(text), children: [], inline };
    toc.push(entry);
    body.push(`## ${text}`, '');
    return entry;
  };
  const h3 = (parent: TocEntry, text: string): void => {
    parent.children.push({ title: text, anchor: anchors.next(text) });
    body.push(`### ${text}`, '');
  };

  const syntax = h2('Syntax', false);
  for (const section of SYNTAX) {
    h3(syntax, section.title);
    body.push(...section.lines, '');
  }
  h3(syntax, 'Limits');
  body.push(...limitsSection(), '');

  h2('Reading the function reference', false);
  body.push(...readingGuide());
  for (const group of GROUPS) {
    const members = FUNCTION_REGISTRY.filter((spec) => groupOf(spec) === group.id);
    if (members.length === 0) continue;
    const entry = h2(group.title, true);
    body.push(group.intro, '');
    for (const spec of members) {
      h3(entry, `\`${spec.name}()\``);
      body.push(...functionSection(spec));
    }
  }

  const contents = toc.flatMap((entry) => {
    const head = `- [${entry.title}](#${entry.anchor})`;
    const links = entry.children.map((c) => `[${c.title}](#${c.anchor})`);
    if (links.length === 0) return [head];
    return entry.inline ? [head, `  - ${links.join(', ')}`] : [head, ...links.map((link) => `  - ${link}`)];
  });

  return [
    `# ${title}`,
    '',
    '<!-- Generated from packages/lang/src/check/function-registry.ts and packages/lang/src/docs/query-language-doc.ts by `npm run docs:query-language`. Do not edit by hand. -->',
    '',
    'Hecate speaks the LogScale query language (the language of CrowdStrike NG-SIEM) in two places: searches',
    '([search.md](search.md)) and parser scripts, which run on every event before it is stored ([parsers.md](parsers.md)).',
    'This page is the reference for both: the syntax first, then every function.',
    '',
    '## Contents',
    '',
    ...contents,
    '',
    ...body,
  ].join('\n');
}
