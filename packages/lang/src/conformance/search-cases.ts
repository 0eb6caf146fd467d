/**
 * The conformance cases: each query runs through SQL (DuckDB) and through the evaluator alone on the
 * same events, and the answers must be identical. `sql`: the whole query compiles to one statement;
 * `mixed`: a stage SQL cannot express ends the SQL prefix and the evaluator runs the rest. `empty`
 * marks the few cases whose right answer is nothing; every other case must find something, so a
 * back end that loses everything cannot pass by agreeing with another. A case with a time range
 * searches only that range (and lowers `span=auto` against it).
 */
export type CasePath = 'sql' | 'mixed';

export interface CaseOptions {
  readonly empty?: true;
  /** The search's time range: inclusive start, exclusive end, epoch ms. */
  readonly start?: number;
  readonly end?: number;
}

export type ConformanceCase = readonly [query: string, path: CasePath, options?: CaseOptions];

const sql = (...queries: string[]): ConformanceCase[] => queries.map((q) => [q, 'sql'] as const);
const mixed = (...queries: string[]): ConformanceCase[] => queries.map((q) => [q, 'mixed'] as const);
const inRange = (start: number, end: number, path: CasePath, ...queries: string[]): ConformanceCase[] => queries.map((q) => [q, path, { start, end }] as const);
const EMPTY: CaseOptions = { empty: true };
const HOUR = 3_600_000;

export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  // ---- filters ------------------------------------------------------------------------------
  ...sql('error', 'ERROR', '"connection refused"', 'fire*deny', 'user=carol', 'user=car*', 'user=*ol', 'user=*', 'user!=*', 'user!=carol',
    'not user=*', '#Vendor=acme', '#Vendor!=*', '#repo=web', '#repo=fw action=deny', 'status>=500', 'status<300', 'bytes>100', 'bytes<=0',
    'score<0', '/disk\\s+full/', '/^user=/', 'user=/^c/i', 'user!=/^adm/', 'action=deny or action=allow', '(error or firewall) and not deny',
    '!firewall', 'status=200 user=carol', 'empty=""', '@timestamp>=5000 @timestamp<8000', 'user!=car*', 'x := bytes <= 50 | table([user, x])'),
  ['nosuchword', 'sql', EMPTY],
  // Inline flags lead the pattern; an assignment a later stage drops leaves no unused parameter.
  ...sql('/(?i)DISK\\s+FULL/', 'user=/(?i)^C/', 'x := "1" | drop([x]) | table([user])', 'x := "1" | y := "2" | select([user, y])'),
  ['user=nobody | count()', 'sql'],
  // ---- assignments and expressions -----------------------------------------------------------
  ...sql('x := bytes * 2 | select([user, x])', 'x := bytes + 1 | table([user, x])', 'x := bytes - 100 | table([user, x])',
    'x := bytes / 4 | table([user, x])', 'x := bytes % 7 | table([user, x])', 'x := bytes / 0 | table([user, x])', 'x := -bytes | table([user, x])',
    'x := 1 + 2 * 3 | head(1) | select([x])', 'x := (1 + 2) * 3 | head(1) | select([x])', 'x := bytes * 1.5 | table([user, x])',
    'x := bytes > 100 | table([user, x])', 'x := user == "carol" | table([user, x])', 'x := user != "carol" | table([user, x])',
    'x := status >= 401 | table([status, x])', 'x := user < "d" | table([user, x])', 'x := bytes > 100 and status == 200 | table([user, x])',
    'x := bytes > 100 or user == "erin" | table([user, x])', 'x := not (bytes > 100) | table([user, x])', 'x := bytes | x > 100',
    'eval(x = bytes * 2, y = x + 1) | table([user, x, y])', 'eval(user = upper(user)) | user=CAROL', 'x := user | drop([user]) | table([x, user])',
    'x := "lit" | table([x])', 'total := bytes + status | sort(total) | table([total])', 'x := missing + 1 | table([user, x])',
    // Numbers as text the way JavaScript spells them: 1.2e+22, 12000000000000000, 0.0000012, 3e-7.
    'x := bytes * 10000000000000 | table([bytes, x])', 'x := bytes * 10000000000000000000 | table([bytes, x])', 'x := bytes / 1000000000 | table([bytes, x])',
    'x := bytes / 3 | table([bytes, x])', 'x := huge * 10 | table([huge, x])', 'x := huge / 7 | table([huge, x])', 'sum(huge)', 'avg(huge)', 'x := @timestamp | x=5000', 'groupBy(@timestamp, limit=3)'),
  // ---- lower / upper / length / if -----------------------------------------------------------
  ...sql('u := lower(user) | u=carol', 'u := upper(user) | table([u])', 'n := length(user) | table([user, n])', 'n := length(@rawstring) | n > 30',
    'lower(user, as=lu) | table([lu])', 'upper(action, as=action) | table([action])', 'length(user, as=len) | table([len])',
    'v := if(bytes > 100, then="big", else="small") | table([user, v])', 'v := if(user == "carol", then=upper(user), else=lower(user)) | table([v])',
    'n := length(user) | groupBy(n)', 'u := lower(user) | groupBy(u)', 'u := lower(user) | top(u)'),
  // ---- in / wildcard / cidr / test ------------------------------------------------------------
  ...sql('in(user, values=["carol", "dave"])', 'in(user, values=["carol", "dave"], ignoreCase=true)', 'in(user, values=["adm*", "*ol"])',
    'in(user, values=["ADM*"], ignoreCase=true)', '!in(user, values=["carol"])', 'in(action, values=[login]) or user=dave', 'user =~ in(values=["erin"])',
    'wildcard(field=user, pattern="c*")', 'wildcard(field=user, pattern="C*", ignoreCase=true)', 'wildcard(field=user, pattern="carol")',
    'wildcard("*deny*")', 'user =~ wildcard(pattern="*a*")', 'cidr(source.ip, subnet="10.0.0.0/8")', 'cidr(source.ip, subnet=["10.1.0.0/16", "172.16.0.0/12"])',
    'source.ip =~ cidr(subnet="10.0.0.5/32")', 'cidr(source.ip, subnet="10.0.0.0/8", negate=true)', 'cidr(source.ip, subnet="0.0.0.0/0")',
    'not cidr(source.ip, subnet="10.0.0.0/8")', 'test(bytes > 100)', 'test(user == "carol")', 'test(bytes > status)', 'test(length(user) > 4)',
    'test(bytes > 100 or status >= 500)'),
  ...mixed('cidr(source.ip, subnet="2001:db8::/32")', 'cidr(source.ip, subnet=["2001:db8::/32", "10.0.0.0/8"]) | count()'),
  // ---- count / sum / avg / min / max / stats --------------------------------------------------
  ...sql('count()', 'count(user)', 'count(user, distinct=true)', 'count(distinct=true)', 'count(as=n)', 'count(bytes, as=withBytes)',
    'sum(bytes)', 'avg(bytes)', 'min(bytes)', 'max(bytes)', 'sum(status)', 'avg(status, as=meanStatus)', 'min(@timestamp)', 'max(score)',
    'stats([count(), sum(bytes), avg(bytes), min(bytes), max(bytes)])', '[count(), avg(bytes)]', '[count(user, distinct=true), max(status)]',
    'stats(function=[count(), sum(bytes)])', '#repo=web | [count(), sum(bytes)]'),
  ['sum(nosuchfield) | select([_sum])', 'sql', EMPTY],
  // ---- groupBy ------------------------------------------------------------------------------
  ...sql('groupBy(user)', 'groupBy(action)', 'groupBy([action, status])', 'groupBy(#repo)', 'groupBy(#Vendor)', 'groupBy(@host)',
    'groupBy(user, function=count())', 'groupBy(user, function=[count(), sum(bytes)])', 'groupBy(action, function=[min(bytes), max(bytes), avg(bytes)])',
    'groupBy(action, function=count(user, distinct=true))', 'groupBy(action, limit=2)', 'groupBy(action, limit=max)', 'groupBy(#repo, function=sum(bytes, as=total))',
    'groupBy(action) | _count > 1', 'groupBy(action) | sort(_count)', 'groupBy(action) | sort(_count, order=asc)', 'groupBy(action) | head(2)',
    'groupBy(action) | tail(2)', 'groupBy(action) | n := _count * 10 | table([action, n])', 'groupBy(action) | rename(_count, as=n)',
    'groupBy(action) | drop([_count])', 'groupBy(action) | select([action])', 'groupBy(user, function=[count(), max(bytes)]) | sort(_max)',
    'groupBy(action) | _count=2', 'groupBy(action) | action=log*', 'action=login | groupBy(user)', 'x := lower(action) | groupBy(x, function=sum(bytes))',
    'groupBy(action, function=count(as=n)) | groupBy(n)', 'groupBy(status) | sort(status, order=asc)'),
  // ---- top ----------------------------------------------------------------------------------
  ...sql('top(action)', 'top(user, limit=3)', 'top([action, status])', 'top(#Vendor)', 'top(action) | head(1)', 'top(user, limit=1)', '#repo=web | top(user)'),
  // ---- timeChart / bucket -------------------------------------------------------------------
  ...sql('timeChart(span=1h)', 'timeChart(span=1h, function=count())', 'timeChart(span=30m, function=sum(bytes))', 'timeChart(action, span=1h)',
    'timeChart(series=#repo, span=1h, function=[count(), max(bytes)])', 'timeChart(span=1d)', 'timeChart(span=5s)', 'bucket(span=1h)', 'bucket(1h)',
    'bucket(span=2h, function=avg(bytes))', 'bucket(span=1h) | sort(_count)', 'timeChart(span=1h) | _count > 2'),
  // ---- sort / head / tail / table / select / drop / rename ------------------------------------
  ...sql('sort(bytes)', 'sort(bytes, order=asc)', 'sort(user, order=asc)', 'sort(user)', 'sort([action, bytes])', 'sort(bytes, limit=3)',
    'sort(@timestamp, order=asc, limit=2)', 'sort(status) | head(3)', 'sort(bytes, order=asc) | tail(2)', 'sort(score)', 'head()', 'head(3)', 'head(1)',
    'tail(3)', 'tail(1)', 'head(5) | tail(2)', 'tail(5) | head(2)', 'head(5) | user=*', 'head(10) | sort(user, order=asc)', 'table([user, action])',
    'table([user, bytes], limit=3)', 'table([@timestamp, user])', 'sort(bytes) | table([user, bytes])', 'table([user]) | user=c*',
    'select([user, action])', 'select([user]) | user=*', 'select([@id, #repo])', 'drop([@rawstring, fields])', 
    'rename(user, as=who) | table([who])', 'rename(field=user, as=who) | who=carol', 'rename(user, as=action) | table([action])',
    'rename(nosuch, as=user) | table([user])', 'select([user, bytes]) | rename(user, as=u) | sort(bytes)'),
  ['head(3) | user=nobody', 'sql', EMPTY],
  ['drop([user]) | user=*', 'sql', EMPTY],
  // ---- stages only the evaluator runs, then SQL-able stages in the evaluator ----------------
  ...mixed('parseJson()', 'parseJson() | ok=true', 'parseJson() | groupBy(user)', 'parseJson(prefix="j.") | table([j.user, j.bytes])',
    'parseJson() | count()', 'parseJson() | sort(bytes) | head(2)', 'kvParse() | table([user, bytes])', 'kvParse() | groupBy(user, function=sum(bytes))',
    'kvParse(prefix="kv.") | kv.action=login', 'regex("user=(?<who>\\\\w+)") | table([who])', 'regex("bytes=(?<b>\\\\d+)") | sum(b)',
    '/user=(?<who>\\w+)/ | top(who)', 'replace("\\\\d", with="#") | table([@rawstring])', 'replace("a", with="A", field=user, as=u) | groupBy(u)',
    'case { bytes > 100 | size := "big"; * | size := "small" } | groupBy(size)', 'case { user=carol | who := "c"; user=dave | who := "d" } | table([who])',
    'action match { "login" => kind := "in"; "logout" => kind := "out"; * => kind := "other" } | groupBy(kind)',
    'user match { /^c/i => x := "c"; * => * } | table([user, x])',
    'concat([user, action], as=ua) | table([ua])', 'default(field=user, value="nobody") | groupBy(user)', 'x := coalesce([user, action]) | top(x)',
    'parseJson() | timeChart(span=1h)', 'kvParse() | sort(bytes, order=asc) | tail(1)', 'parseJson() | x := bytes * 2 | table([x])',
    'n := lower(user, locale="tr") | table([n])', 'parseJson() | user=*', 'kvParse() | head(2)', 'regex("(?<w>deny)") | count()'),
  // ---- percentile: exact, nearest rank ------------------------------------------------------
  ...sql('percentile(bytes)', 'percentile(bytes, percentiles=[0, 10, 25, 50, 90, 100])', 'percentile(field=status, percentiles=[50, 99.9], as=st)',
    'percentile(@timestamp, percentiles=[50])', 'percentile(score, percentiles=[1, 99])', 'groupBy(action, function=percentile(bytes, percentiles=[50, 90]))',
    'groupBy(user, function=[count(), percentile(bytes, percentiles=[75], as=b)])', 'stats([percentile(bytes, percentiles=[50]), avg(bytes)])',
    '[percentile(status, percentiles=[33.3]), min(status)]', 'timeChart(span=1h, function=percentile(bytes, percentiles=[50]))',
    'bucket(span=2h, function=percentile(status, percentiles=[95]))', 'x := bytes * 3 | percentile(x, percentiles=[40])',
    'groupBy(action, function=percentile(bytes)) | sort(_99)', 'percentile(bytes, percentiles=[50]) | _50 > 0', '#repo=web | percentile(bytes, percentiles=[50, 51, 49])'),
  ['percentile(nosuchfield) | select([_50])', 'sql', EMPTY],
  ...mixed('parseJson() | percentile(bytes, percentiles=[50])', 'kvParse() | groupBy(user, function=percentile(bytes, percentiles=[60]))'),
  // ---- timeChart / bucket: series limit, span=auto and buckets over a time range -----------------
  ...sql('timeChart(action, span=1h, limit=2)', 'timeChart(action, span=1h, limit=1, function=sum(bytes))', 'timeChart(user, span=1d, limit=3, function=[count(), max(bytes)])',
    'bucket(span=1h, field=action, limit=3)', 'bucket(span=1h, field=[#repo, action], limit=2)', 'timeChart(#repo, span=1h, function=min(bytes), limit=2)',
    'timeChart(action, span=1h, limit=500)', 'timeChart(action, span=1d, limit=2)', 'timeChart(user, span=1h, function=percentile(bytes, percentiles=[50]), limit=2)'),
  ...inRange(0, 12_000, 'sql', 'timeChart()', 'bucket()', 'timeChart(buckets=3)', 'timeChart(action, buckets=4, limit=2)', 'count()',
    'bucket(buckets=6, function=percentile(status, percentiles=[50]))', 'timeChart(span=auto, buckets=1500)'),
  ...inRange(0, 4 * HOUR, 'sql', 'timeChart()', 'timeChart(buckets=8, function=sum(bytes))', 'timeChart(#repo, buckets=2)', 'bucket(buckets=1)',
    'timeChart(user, function=avg(bytes), limit=2)'),
  ...inRange(HOUR, 3 * HOUR, 'sql', 'groupBy(user)', 'tail(2)', 'timeChart(action, buckets=2, limit=1)'),
  ...inRange(0, 5 * HOUR, 'mixed', 'parseJson() | timeChart(user)', 'kvParse() | bucket(buckets=5, field=action, limit=2)'),
  // ---- format: %s, %d, %i and %% in SQL; everything else in the evaluator ------------------------
  ...sql('x := format("%s-%s", field=[user, action]) | table([x])', 'x := format("%d bytes", field=[bytes]) | table([user, x])',
    'x := format("%i|%s|%%|%d", field=[status, user, score]) | table([x])', 'format("user=%s", field=user, as=who) | table([who])',
    'format("100%%") | head(1) | select([_format])', 'x := format("%s and %s", field=[user]) | table([x])', 'x := format("%d", field=[bytes * 2]) | table([x])',
    'x := format("[%s]", field=[missing]) | table([x])', 'x := format("%s", field=[if(bytes > 100, then="big", else="small")]) | table([x])',
    'x := format("\'; DROP TABLE events; -- %s $1 ?", field=[user]) | table([x])', 'test(format("%s/%s", field=[user, status]) == "carol/200")',
    'x := format("%d", field=[path]) | table([x])', 'format("%s", field=[user], as=user) | groupBy(user)'),
  ...mixed('x := format("%5s|", field=[user]) | table([x])', 'x := format("%.2f", field=[bytes]) | table([x])', 'x := format("%x", field=[status]) | table([x])',
    'x := format("%-8s|%05d", field=[user, status]) | table([x])', 'x := format("%,d", field=[bytes]) | table([x])', 'x := format("%e", field=[bytes]) | table([x])',
    'x := format("50% off %s", field=[user]) | table([x])', 'x := format("%s", field=[user], timezone="UTC") | table([x])', 'x := format("%.1s", field=[user]) | table([x])'),
  // ---- formatTime: strftime letters, fixed offsets and named zones in SQL -------------------------
  ...sql('x := formatTime("%Y-%m-%dT%H:%M:%S.%L%z") | table([x])', 'x := formatTime("%F %T %Z", timezone="UTC") | table([x])',
    'x := formatTime("%y %b %a %e %j %I %p %s %N", field=@timestamp) | table([x])', 'x := formatTime("%H:%M", timezone="+05:30") | table([x])',
    'x := formatTime("%H:%M %z", timezone="-08:00") | table([x])', 'x := formatTime("%F", field=bytes, unit=seconds) | table([user, x])',
    'x := formatTime("%T.%L", field=bytes, unit=auto) | table([user, x])', 'x := formatTime("%F %T", field=status, unit=milliseconds) | table([status, x])',
    'formatTime("%Y", as=year) | groupBy(year)', 'x := formatTime("%H %z", timezone="Europe/Paris") | table([x])',
    'x := formatTime("%F %T %z %Z", timezone="America/New_York") | table([x])', 'x := formatTime("%%Y=%Y") | head(1) | select([x])',
    'x := formatTime("%s|%F", field=empty) | table([x])', 'x := formatTime("%F %T", field=score, unit=seconds) | table([x])',
    'x := formatTime("%F %T %b %a %p %j %s", field=huge) | table([huge, x])', 'x := formatTime("%a %d %b", timezone="gmt") | table([x])',
    'x := formatTime("%H", timezone="Asia/Kolkata") | groupBy(x)', 'x := formatTime("%H:%M", timezone="europe/paris") | groupBy(x)', 'test(formatTime("%H") == "01")',
    'x := formatTime("\'; DROP TABLE events; -- %Y $1") | head(1) | select([x])'),
  ['formatTime("%F", field=nosuch) | table([_time])', 'sql', EMPTY],
  ...mixed('x := formatTime("%F", locale="de") | table([x])', 'x := formatTime("%c") | table([x])', 'x := formatTime("%F", timezone="CET") | table([x])',
    'x := formatTime("%H", timezone="Europe/Paris", field=bytes) | table([x])', 'x := formatTime("%H", timezone="Mars/Olympus") | table([x])',
    'x := formatTime("%H%") | table([x])', 'x := formatTime("%H", timezone="Europe/Paris", unit=seconds) | table([x])'),
  // ---- promoted fields and tags (their own columns in the store: source.ip, #Vendor) --------------
  ...sql('source.ip=10.*', 'source.ip!=10.*', 'source.ip=*', 'source.ip!=*', '#Vendor=acme source.ip=*', 'groupBy(source.ip)',
    'groupBy([#Vendor, source.ip], function=[count(), max(bytes)])', 'top(source.ip, limit=2)', 'source.ip := "1.2.3.4" | groupBy(source.ip)',
    'rename(source.ip, as=src) | table([src, user])', 'drop([source.ip, #Vendor])', 'select([source.ip, #Vendor, user])',
    'count(source.ip, distinct=true)', 'timeChart(#Vendor, span=1h, function=count(source.ip))', 'sort(source.ip) | head(3) | select([source.ip])'),
  // ---- groupBy's limit: whether groups were dropped survives later stages (SearchOutcome.groupCut) ---
  ...sql('groupBy(action, limit=2) | table([action, _count])', 'groupBy(action, limit=2) | count()', 'groupBy(action, limit=4) | _count > 1',
    'groupBy(action, limit=2) | _count > 100 | count()', 'groupBy(action, limit=3) | top(_count)', 'groupBy(user, limit=3) | groupBy(_count, function=count(as=n))',
    'groupBy(action, limit=3) | groupBy(action, function=count(as=c), limit=2)'),
  ['groupBy(user, limit=2) | _count > 100', 'sql', EMPTY],
  ['groupBy(user, limit=3) | timeChart(user, span=1h, limit=2)', 'sql', EMPTY],
  ...mixed('kvParse() | groupBy(user, limit=2)', 'case { bytes > 100 | size := "big"; * | size := "small" } | groupBy(size, limit=1) | table([size])',
    'groupBy(user, limit=2) | case { _count > 1 | many := "y"; * | many := "n" } | table([user, many])'),
  // ---- names the SQL compiler uses itself, picked by the user --------------------------------------
  ...sql('groupBy(action, function=count(as=__group_cut), limit=2)', 'groupBy(action, function=count(as=__group_total)) | table([action, __group_total])',
    'timeChart(action, span=1h, function=count(as=__series_score), limit=2)', 'groupBy(action, function=count(as=__ord)) | table([action, __ord])',
    't0 := user | groupBy(t0, function=count(as=t1)) | table([t1, t0])', '__k0 := user | groupBy([action, __k0], function=sum(bytes, as=__a0))'),
  // ---- every other function of the registry (evaluator-only) ------------------------------------
  ...mixed('parseTimestamp("yyyy-MM-dd HH:mm:ss", field=when, timezone="UTC", as=t) | table([when, t])', 'findTimestamp(as=found, timezone="UTC") | table([found])',
    'parseCEF() | count()', 'parseCsv(columns=[a, b, c]) | groupBy(b)', 'parseLEEF() | count()', 'parseXml(strict=true) | count()',
    'splitString(field=path, by="/", as=parts) | table([path, "parts[1]"])', 'parseJson() | split(records) | table([records.a, _index])',
    'head(1) | createEvents(["a=1", "a=2"]) | kvParse() | table([a])', 'array:append("cats[]", values=[user, action]) | table(["cats[0]", "cats[1]"])',
    'case { user=carol | dropEvent(); * } | count()', 'action match { in(values=[deny, allow]) => kind := "fw"; * => kind := "other" } | groupBy(kind)',
    'default(field=[user, owner], value="-", replaceEmpty=true) | groupBy([user, owner])', 'replace(/[aeiou]/i, with="_", field=user, as=u) | table([u])'),
];
