/**
 * The conformance cases: each query runs through SQL (DuckDB) and through the evaluator alone on the
 * same events, and the answers must be identical. `sql`: the whole query compiles to one statement;
 * `mixed`: a stage SQL cannot express ends the SQL prefix and the evaluator runs the rest. `empty`
 * marks the few cases whose right answer is nothing; every other case must find something, so a
 * back end that loses everything cannot pass by agreeing with another.
 */
export type CasePath = 'sql' | 'mixed';
export type ConformanceCase = readonly [query: string, path: CasePath, empty?: 'empty'];

const sql = (...queries: string[]): ConformanceCase[] => queries.map((q) => [q, 'sql'] as const);
const mixed = (...queries: string[]): ConformanceCase[] => queries.map((q) => [q, 'mixed'] as const);

export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  // ---- filters ------------------------------------------------------------------------------
  ...sql('error', 'ERROR', '"connection refused"', 'fire*deny', 'user=carol', 'user=car*', 'user=*ol', 'user=*', 'user!=*', 'user!=carol',
    'not user=*', '#Vendor=acme', '#Vendor!=*', '#repo=web', '#repo=fw action=deny', 'status>=500', 'status<300', 'bytes>100', 'bytes<=0',
    'score<0', '/disk\\s+full/', '/^user=/', 'user=/^c/i', 'user!=/^adm/', 'action=deny or action=allow', '(error or firewall) and not deny',
    '!firewall', 'status=200 user=carol', 'empty=""', '@timestamp>=5000 @timestamp<8000'),
  ['nosuchword', 'sql', 'empty'],
  ['user=nobody | count()', 'sql'],
  // ---- assignments and expressions -----------------------------------------------------------
  ...sql('x := bytes * 2 | select([user, x])', 'x := bytes + 1 | table([user, x])', 'x := bytes - 100 | table([user, x])',
    'x := bytes / 4 | table([user, x])', 'x := bytes % 7 | table([user, x])', 'x := bytes / 0 | table([user, x])', 'x := -bytes | table([user, x])',
    'x := 1 + 2 * 3 | head(1) | select([x])', 'x := (1 + 2) * 3 | head(1) | select([x])', 'x := bytes * 1.5 | table([user, x])',
    'x := bytes > 100 | table([user, x])', 'x := user == "carol" | table([user, x])', 'x := user != "carol" | table([user, x])',
    'x := status >= 401 | table([status, x])', 'x := user < "d" | table([user, x])', 'x := bytes > 100 and status == 200 | table([user, x])',
    'x := bytes > 100 or user == "erin" | table([user, x])', 'x := not (bytes > 100) | table([user, x])', 'x := bytes | x > 100',
    'eval(x = bytes * 2, y = x + 1) | table([user, x, y])', 'eval(user = upper(user)) | user=CAROL', 'x := user | drop([user]) | table([x, user])',
    'x := "lit" | table([x])', 'total := bytes + status | sort(total) | table([total])', 'x := missing + 1 | table([user, x])'),
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
  ['sum(nosuchfield) | select([_sum])', 'sql', 'empty'],
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
  ['head(3) | user=nobody', 'sql', 'empty'],
  ['drop([user]) | user=*', 'sql', 'empty'],
  // ---- stages only the evaluator runs, then SQL-able stages in the evaluator ----------------
  ...mixed('parseJson()', 'parseJson() | ok=true', 'parseJson() | groupBy(user)', 'parseJson(prefix="j.") | table([j.user, j.bytes])',
    'parseJson() | count()', 'parseJson() | sort(bytes) | head(2)', 'kvParse() | table([user, bytes])', 'kvParse() | groupBy(user, function=sum(bytes))',
    'kvParse(prefix="kv.") | kv.action=login', 'regex("user=(?<who>\\\\w+)") | table([who])', 'regex("bytes=(?<b>\\\\d+)") | sum(b)',
    '/user=(?<who>\\w+)/ | top(who)', 'replace("\\\\d", with="#") | table([@rawstring])', 'replace("a", with="A", field=user, as=u) | groupBy(u)',
    'case { bytes > 100 | size := "big"; * | size := "small" } | groupBy(size)', 'case { user=carol | who := "c"; user=dave | who := "d" } | table([who])',
    'action match { "login" => kind := "in"; "logout" => kind := "out"; * => kind := "other" } | groupBy(kind)',
    'user match { /^c/i => x := "c"; * => * } | table([user, x])', 'x := format("%s-%s", field=[user, action]) | table([x])',
    'concat([user, action], as=ua) | table([ua])', 'default(field=user, value="nobody") | groupBy(user)', 'x := coalesce([user, action]) | top(x)',
    'parseJson() | timeChart(span=1h)', 'kvParse() | sort(bytes, order=asc) | tail(1)', 'parseJson() | x := bytes * 2 | table([x])',
    'n := lower(user, locale="tr") | table([n])', 'parseJson() | user=*', 'kvParse() | head(2)', 'regex("(?<w>deny)") | count()'),
];
