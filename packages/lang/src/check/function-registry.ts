/**
 * The function registry: every function of the language, declared once as data. The checker binds
 * arguments with it, the evaluator implements every parser-safe entry (a missing implementation is a
 * compile error, see eval/functions/implementations.ts), and docs are generated from it.
 */
import type { FunctionSpec, ParamSpec } from './function-spec.js';

const field = (description: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({ name: 'field', type: 'field', description, positional: true, ...extra });
const rawField = (description = 'The input field.'): ParamSpec => field(description, { default: '@rawstring' });
const as = (fallback: string | undefined, description = 'The output field.'): ParamSpec =>
  fallback === undefined ? { name: 'as', type: 'field', description } : { name: 'as', type: 'field', description, default: fallback };
const bool = (name: string, fallback: boolean, description: string): ParamSpec => ({ name, type: 'boolean', default: fallback, description });
const prefix = (name: string, fallback: string, description: string): ParamSpec => ({ name, type: 'string', default: fallback, description });
const timezone: ParamSpec = { name: 'timezone', type: 'string', description: 'An IANA zone (Europe/Paris) or offset (+02:00) for times without one.' };

const aggregate = (name: string, summary: string, params: readonly ParamSpec[], example: string): FunctionSpec =>
  ({ name, summary, output: 'aggregate', parserSafe: false, params, example });

export const FUNCTION_SPECS = [
  // ---- parsing ------------------------------------------------------------------------------
  { name: 'parseJson', summary: 'Parses JSON into fields: objects become a.b, arrays a[0].', output: 'transform', parserSafe: true, example: 'parseJson(prefix="Vendor.", excludeEmpty=true, handleNull=discard)', params: [
    rawField('The field holding the JSON text.'),
    prefix('prefix', '', 'Prefix for every field name.'),
    { name: 'include', type: 'strings', description: 'Only these paths (and their children).' },
    { name: 'exclude', type: 'strings', description: 'Leave out these paths (and their children).' },
    bool('excludeEmpty', false, 'Leave out empty strings, objects and arrays.'),
    { name: 'handleNull', type: 'enum', values: ['keep', 'empty', 'discard'], default: 'keep', description: 'null becomes "null" (keep), "" (empty) or no field (discard).' },
    { name: 'removePrefixes', type: 'strings', description: 'Path prefixes removed from field names.' },
  ] },
  { name: 'kvParse', summary: 'Extracts key=value pairs.', output: 'transform', parserSafe: true, example: 'kvParse(prefix="Vendor.")', params: [
    rawField(),
    prefix('prefix', '', 'Prefix for every key.'),
    { name: 'as', type: 'string', description: 'Alias of prefix.' },
    prefix('separator', '=', 'Between key and value.'),
    bool('excludeEmpty', false, 'Skip empty values.'),
    bool('override', false, 'Replace fields that already exist.'),
    { name: 'onDuplicate', type: 'enum', values: ['keepLast', 'keepFirst'], default: 'keepLast', description: 'Which value wins when a key repeats.' },
  ] },
  { name: 'regex', summary: 'Matches a regular expression; named groups become fields. Drops non-matching events unless strict=false.', output: 'filter', parserSafe: true, example: 'regex("user=(?<user.name>\\\\S+)", field=message)', params: [
    { name: 'regex', type: 'regex', required: true, positional: true, description: 'The pattern; (?<name>…) groups create fields.' },
    rawField(),
    { name: 'flags', type: 'string', default: 'm', description: 'i (ignore case), m (multi-line), d (dot matches newline).' },
    bool('strict', true, 'Drop events that do not match.'),
    bool('repeat', false, 'One output event per match.'),
    { name: 'limit', type: 'number', default: 100, description: 'Most events repeat=true produces.' },
  ] },
  { name: 'parseTimestamp', summary: 'Parses a time into @timestamp (Unix ms).', output: 'transform', parserSafe: true, example: 'parseTimestamp("yyyy-MM-dd HH:mm:ss", field=Vendor.time, timezone="UTC")', params: [
    { name: 'format', type: 'string', positional: true, default: "yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS]XXXXX", description: 'A Java DateTimeFormatter pattern, or seconds, milliseconds/millis, nanos, unixTimeSeconds, unixTimeMillis.' },
    { name: 'field', type: 'field', required: true, description: 'The field holding the time.' },
    as('@timestamp'),
    timezone,
    { name: 'timezoneAs', type: 'field', default: '@timezone', description: 'Where the zone found is stored.' },
    bool('caseSensitive', true, 'Month and day names must match in case.'),
    bool('addErrors', true, 'Record a failure in @error/@error_msg.'),
  ] },
  { name: 'findTimestamp', summary: 'Finds the first timestamp in the first 128 characters of a field (ISO 8601, syslog, access log, US, epoch…) and parses it into @timestamp.', output: 'transform', parserSafe: true, example: 'findTimestamp(timezone="UTC")', params: [
    { name: 'field', type: 'field', default: '@rawstring', description: 'The field to search.' },
    as('@timestamp'),
    { ...timezone, description: 'An IANA zone (Europe/Paris) or offset (+02:00) for times without one; without it such times are not parsed.' },
    { name: 'timezoneField', type: 'field', description: 'A field holding the zone for times without one; used before timezone when it holds a valid zone.' },
    { name: 'timezoneAs', type: 'field', default: '@timezone', description: 'Where the zone used is stored.' },
    bool('addErrors', true, 'Record a failure in @error/@error_msg.'),
  ] },
  { name: 'parseCEF', summary: 'Parses ArcSight CEF (any syslog header before CEF: is skipped).', output: 'filter', parserSafe: true, example: 'parseCEF()', params: [
    rawField(), prefix('prefix', 'cef.ext.', 'Prefix of extension fields.'), prefix('headerprefix', 'cef.', 'Prefix of header fields.'),
    prefix('labelprefix', 'cef.label.', 'Prefix of labelled custom fields (cs1Label=x cs1=y → cef.label.x).'), bool('keeplabels', false, 'Keep the raw csN/csNLabel fields too.'),
  ] },
  { name: 'parseCsv', summary: 'Parses one CSV line into the named columns.', output: 'transform', parserSafe: true, example: 'parseCsv(columns=[time, user, action])', params: [
    rawField(), { name: 'columns', type: 'strings', required: true, description: 'Field names, in column order.' },
    prefix('delimiter', ',', 'Column delimiter.'), prefix('quoteChar', '"', 'Quote character.'), bool('excludeEmpty', false, 'Skip empty columns.'), bool('trim', false, 'Trim spaces around values.'),
  ] },
  { name: 'parseLEEF', summary: 'Parses IBM QRadar LEEF 1.0/2.0 (any syslog header before LEEF: is skipped; an event without LEEF is dropped, as with parseCEF). Header fields: version, device.vendor, device.product, device.version, event_id. devTime is not turned into @timestamp here: use parseTimestamp on it.', output: 'filter', parserSafe: true, example: 'parseLEEF(prefix="Vendor.", headerprefix="Vendor.leef.") | parseTimestamp("MMM dd yyyy HH:mm:ss", field=Vendor.devTime, timezone="UTC")', params: [
    rawField(), prefix('prefix', 'leef.ext.', 'Prefix of attribute fields.'), prefix('headerprefix', 'leef.', 'Prefix of header fields.'),
    { name: 'delimiter', type: 'string', description: 'Attribute delimiter when the header names none (LEEF:1.0): a character or xHH/0xHH. Default: tab, or CEF-style space-separated key=value when the line has no tab.' },
    prefix('labelprefix', 'leef.label.', 'Prefix of labelled custom fields, LEEF:1.0 only (cs1Label=x cs1=y → leef.label.x).'), bool('keeplabels', false, 'Keep the raw csN/csNLabel fields too.'),
  ] },
  { name: 'parseXml', summary: 'Parses XML into fields named by element path (Event.System.EventID); attributes become path.attr; repeated siblings become a[0], a[1], … and the first also a; text is trimmed. Malformed XML adds @error (strict=true drops the event). For Windows events, nameAttribute="Data@Name" turns <Data Name="TargetUserName">bob</Data> into Event.EventData.TargetUserName.', output: 'filter', parserSafe: true, example: 'parseXml(prefix="Vendor.", nameAttribute="Data@Name") | user.name := Vendor.Event.EventData.TargetUserName', params: [
    rawField('The field holding the XML document.'), prefix('prefix', '', 'Prefix for every field name.'), bool('strict', false, 'Drop events whose field is not valid XML (instead of keeping them with @error).'),
    { name: 'nameAttribute', type: 'string', description: 'Hecate addition: Element@attribute (or attribute, for any element); such a child is named by the attribute value instead of its tag, e.g. Data@Name for Windows <Data Name="…">.' },
  ] },
  // ---- fields and values --------------------------------------------------------------------
  { name: 'eval', summary: 'Assigns expressions to fields: eval(x = a * 2, y = lower(b)).', output: 'transform', parserSafe: true, example: 'eval(bytes = sent + received)', params: [
    { name: 'assignments', type: 'assignments', required: true, description: 'field = expression, any number of them.' },
  ] },
  { name: 'if', summary: 'Chooses a value: if(condition, then=…, else=…).', output: 'value', parserSafe: true, example: 'event.outcome := if(Vendor.ok == "true", then="success", else="failure")', params: [
    { name: 'condition', type: 'condition', required: true, positional: true, description: 'A boolean expression.' },
    { name: 'then', type: 'value', required: true, description: 'The value when true.' },
    { name: 'else', type: 'value', required: true, description: 'The value when false.' },
  ] },
  { name: 'test', summary: 'Keeps the event when the expression is true.', output: 'filter', parserSafe: true, example: 'test(bytes > 1000)', params: [
    { name: 'expression', type: 'condition', required: true, positional: true, description: 'A boolean expression.' },
  ] },
  { name: 'replace', summary: 'Replaces every match of a regex ($1, ${name} refer to groups).', output: 'transform', parserSafe: true, example: 'replace("\\\\s+", with=" ", field=msg)', params: [
    { name: 'regex', type: 'regex', required: true, positional: true, description: 'The pattern.' },
    { name: 'with', type: 'string', default: '', description: 'The replacement.' },
    { name: 'replacement', type: 'string', description: 'Alias of with.' },
    rawField(), as(undefined, 'The output field (default: the input field).'), { name: 'flags', type: 'string', default: '', description: 'i, m, d.' },
  ] },
  { name: 'format', summary: 'printf-style formatting of field values.', output: 'value', parserSafe: true, example: 'format("%s:%d", field=[host, port], as=address)', params: [
    { name: 'format', type: 'string', required: true, positional: true, description: 'The format (%s, %d, %f, %.2f, %x, %%).' },
    { name: 'field', type: 'values', description: 'Values for the placeholders.' }, as('_format'), timezone,
  ] },
  { name: 'lower', summary: 'Lower-cases a value.', output: 'value', parserSafe: true, example: 'user.email := lower(Vendor.email)', params: [
    { name: 'field', type: 'value', required: true, positional: true, description: 'The input.' }, as('_lower'), { name: 'locale', type: 'string', description: 'e.g. tr or en_US.' },
  ] },
  { name: 'upper', summary: 'Upper-cases a value.', output: 'value', parserSafe: true, example: 'code := upper(Vendor.code)', params: [
    { name: 'field', type: 'value', required: true, positional: true, description: 'The input.' }, as('_upper'), { name: 'locale', type: 'string', description: 'e.g. tr or en_US.' },
  ] },
  { name: 'length', summary: 'Number of characters in a value.', output: 'value', parserSafe: true, example: 'length(message)', params: [
    { name: 'field', type: 'value', required: true, positional: true, description: 'The input.' }, as('_length'),
  ] },
  { name: 'concat', summary: 'Joins values (missing ones are skipped).', output: 'value', parserSafe: true, example: 'concat([first, " ", last], as=name)', params: [
    { name: 'field', type: 'values', required: true, positional: true, description: 'Fields or strings.' }, as('_concat'),
  ] },
  { name: 'coalesce', summary: 'The first value that is present (and not empty).', output: 'value', parserSafe: true, example: 'source.ip := coalesce([Vendor.src, Vendor.client_ip])', params: [
    { name: 'expressions', type: 'values', required: true, positional: true, description: 'Fields, strings or expressions, in order.' }, as('_coalesce'), bool('ignoreEmpty', true, 'Skip empty strings.'),
  ] },
  { name: 'default', summary: 'Sets fields that are missing (or empty with replaceEmpty).', output: 'transform', parserSafe: true, example: 'default(field=[user.name], value="unknown")', params: [
    { name: 'field', type: 'fields', required: true, description: 'The fields.' },
    { name: 'value', type: 'string', required: true, positional: true, description: 'The default value.' }, bool('replaceEmpty', false, 'Also replace empty values.'),
  ] },
  { name: 'splitString', summary: 'Splits by a regex into as[0], as[1], … (or one element with index).', output: 'transform', parserSafe: true, example: 'part := splitString(field=path, by="/")', params: [
    rawField(), { name: 'by', type: 'regex', required: true, description: 'String or regex to split by.' }, as('_splitstring'), { name: 'index', type: 'number', description: 'Only this element (-1 is the last).' },
  ] },
  { name: 'formatTime', summary: 'Formats a Unix time with strftime patterns (%Y-%m-%dT%H:%M:%S.%L%z).', output: 'value', parserSafe: true, example: 'formatTime("%Y-%m-%d", field=@timestamp, as=day)', params: [
    { name: 'format', type: 'string', required: true, positional: true, description: 'strftime pattern.' }, { name: 'field', type: 'field', default: '@timestamp', description: 'The time field.' },
    as('_time'), timezone, { name: 'unit', type: 'enum', values: ['milliseconds', 'seconds', 'auto'], default: 'milliseconds', description: 'Unit of the input.' }, { name: 'locale', type: 'string', description: 'Ignored; en_US names are used.' },
  ] },
  // ---- filters -------------------------------------------------------------------------------
  { name: 'in', summary: 'Keeps events whose field equals one of the values (wildcards allowed).', output: 'filter', parserSafe: true, example: 'in(Vendor.action, values=["deny", "drop"])', params: [
    field('The field.', { required: true }), { name: 'values', type: 'strings', required: true, description: 'Values, * is a wildcard.' }, bool('ignoreCase', false, 'Compare case-insensitively.'),
  ] },
  { name: 'wildcard', summary: 'Keeps events whose field matches a * pattern.', output: 'filter', parserSafe: true, example: 'wildcard(field=host, pattern="web-*")', params: [
    { name: 'field', type: 'field', default: '@rawstring', description: 'The field.' }, { name: 'pattern', type: 'string', required: true, positional: true, description: 'The pattern.' },
    bool('ignoreCase', false, 'Match case-insensitively.'),
  ] },
  { name: 'cidr', summary: 'Keeps events whose IP field is in one of the subnets (IPv4 and IPv6).', output: 'filter', parserSafe: true, example: 'source.ip =~ cidr(subnet=["10.0.0.0/8", "192.168.0.0/16"])', params: [
    field('The IP field.', { required: true }), { name: 'subnet', type: 'strings', required: true, description: 'Subnets in CIDR notation.' }, bool('negate', false, 'Keep events outside the subnets.'),
  ] },
  { name: 'dropEvent', summary: 'Drops the event.', output: 'filter', parserSafe: true, example: 'case { Vendor.type="heartbeat" | dropEvent(); * }', params: [] },
  // ---- field management ----------------------------------------------------------------------
  { name: 'drop', summary: 'Removes fields.', output: 'transform', parserSafe: true, example: 'drop([Vendor.raw, tmp])', params: [{ name: 'fields', type: 'fields', required: true, positional: true, description: 'The fields.' }] },
  { name: 'rename', summary: 'Renames a field.', output: 'transform', parserSafe: true, example: 'rename(field=src, as=source.ip)', params: [field('The field.', { required: true }), as(undefined, 'The new name.')] },
  { name: 'select', summary: 'Keeps only these fields.', output: 'transform', parserSafe: true, example: 'select([@timestamp, @rawstring, source.ip])', params: [{ name: 'fields', type: 'fields', required: true, positional: true, description: 'The fields.' }] },
  { name: 'array:append', summary: 'Appends values to an array field x[] (no gaps).', output: 'transform', parserSafe: true, example: 'array:append("event.category[]", values=["network"])', params: [
    { name: 'array', type: 'field', required: true, positional: true, description: 'The array, written name[].' }, { name: 'values', type: 'values', required: true, description: 'Values to append; missing ones are skipped.' },
  ] },
  // ---- events --------------------------------------------------------------------------------
  { name: 'split', summary: 'One event per element of the array field (with _index).', output: 'fanout', parserSafe: true, example: 'split(Vendor.records)', params: [field('The array field (name without [n]).', { default: '_events' }), bool('strip', false, 'Put element fields at the top level.')] },
  { name: 'createEvents', summary: 'Replaces the event with one event per string (as @rawstring).', output: 'fanout', parserSafe: true, example: 'createEvents(["a=1", "a=2"]) | kvParse()', params: [{ name: 'rawstring', type: 'strings', required: true, positional: true, description: 'The raw strings.' }] },
  // ---- aggregates: declared so the checker can refuse them in parsers with a clear message --
  aggregate('groupBy', 'Groups events by fields and aggregates each group.', [{ name: 'field', type: 'fields', required: true, positional: true, description: 'Grouping fields.' }, { name: 'function', type: 'values', description: 'Aggregates.' }, { name: 'limit', type: 'string', description: 'Group limit.' }], 'groupBy(source.ip, function=count())'),
  aggregate('count', 'Counts events.', [{ name: 'field', type: 'field', positional: true, description: 'Only events with this field.' }, bool('distinct', false, 'Count distinct values.'), as('_count')], 'count()'),
  aggregate('sum', 'Sums a field.', [field('The field.', { required: true }), as('_sum')], 'sum(bytes)'),
  aggregate('avg', 'Averages a field.', [field('The field.', { required: true }), as('_avg')], 'avg(bytes)'),
  aggregate('min', 'Minimum of a field.', [field('The field.', { required: true }), as('_min')], 'min(bytes)'),
  aggregate('max', 'Maximum of a field.', [field('The field.', { required: true }), as('_max')], 'max(bytes)'),
  aggregate('percentile', 'Exact percentiles of a field by nearest rank (the value at rank max(1, ceil(p/100 × n)) of the n numbers sorted ascending; LogScale estimates them), one output per percentile named <as>_<p>: _50, _75, _99.', [field('The field.', { required: true }), { name: 'percentiles', type: 'strings', default: ['50', '75', '99'], description: 'Percentiles to compute, each from 0 to 100.' }, as(undefined, 'Prefix of the output fields (default none: _50, _75, …).'), { name: 'accuracy', type: 'number', description: 'Accepted for LogScale queries; ignored, the answer is exact.' }], 'percentile(responsetime, percentiles=[50, 95, 99])'),
  aggregate('stats', 'Several aggregates at once.', [{ name: 'function', type: 'values', positional: true, description: 'Aggregates.' }], 'stats([count(), avg(x)])'),
  aggregate('top', 'Most frequent values.', [{ name: 'field', type: 'fields', required: true, positional: true, description: 'Fields.' }, { name: 'limit', type: 'number', default: 10, description: 'Rows.' }], 'top(user.name)'),
  aggregate('sort', 'Sorts events.', [{ name: 'field', type: 'fields', positional: true, description: 'Fields.' }, { name: 'order', type: 'enum', values: ['asc', 'desc'], default: 'desc', description: 'Order.' }, { name: 'limit', type: 'number', default: 200, description: 'Rows.' }], 'sort(_count)'),
  aggregate('head', 'The first events.', [{ name: 'limit', type: 'number', default: 200, positional: true, description: 'Rows.' }], 'head(10)'),
  aggregate('tail', 'The last events.', [{ name: 'limit', type: 'number', default: 200, positional: true, description: 'Rows.' }], 'tail(10)'),
  aggregate('table', 'A table of fields.', [{ name: 'fields', type: 'fields', required: true, positional: true, description: 'Fields.' }, { name: 'limit', type: 'number', default: 200, description: 'Rows.' }], 'table([user, action])'),
  aggregate('timeChart', 'Aggregates over time buckets (_bucket), per series value.', [{ name: 'series', type: 'field', positional: true, description: 'Series field.' }, { name: 'function', type: 'values', description: 'Aggregates.' }, { name: 'span', type: 'string', default: 'auto', description: 'Bucket span (5m, 1h, 1d); auto: the time range over buckets, rounded up to a human span.' }, { name: 'buckets', type: 'number', description: 'Number of buckets span=auto aims at, 1 to 1500 (default 127).' }, { name: 'limit', type: 'number', default: 10, description: 'Most series kept (at most 500): those with the highest value in any aggregate output; the rest are dropped.' }], 'timeChart(function=count())'),
  aggregate('bucket', 'Aggregates over time buckets into _bucket.', [{ name: 'span', type: 'string', positional: true, default: 'auto', description: 'Bucket span (5m, 1h, 1d); auto: the time range over buckets, rounded up to a human span.' }, { name: 'function', type: 'values', description: 'Aggregates.' }, { name: 'field', type: 'fields', description: 'Series fields, grouped by besides _bucket.' }, { name: 'buckets', type: 'number', description: 'Number of buckets span=auto aims at, 1 to 1500 (default 127).' }, { name: 'limit', type: 'number', default: 10, description: 'Most series kept (at most 500), as in timeChart.' }], 'bucket(1h)'),
] as const satisfies readonly FunctionSpec[];

type Spec = (typeof FUNCTION_SPECS)[number];
/** Names of the functions the evaluator must implement. */
export type ParserFunctionName = Extract<Spec, { readonly parserSafe: true }>['name'];

const BY_LOWER_NAME: ReadonlyMap<string, FunctionSpec> = new Map(FUNCTION_SPECS.map((spec: FunctionSpec) => [spec.name.toLowerCase(), spec]));

/** Function names are case-insensitive, as in LogScale. */
export function findFunction(name: string): FunctionSpec | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

export const FUNCTION_REGISTRY: readonly FunctionSpec[] = FUNCTION_SPECS;
