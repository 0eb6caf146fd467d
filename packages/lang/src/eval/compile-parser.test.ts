import { describe, expect, test, vi } from 'vitest';
import { compileParser } from './compile-parser.js';
import type { FunctionImpl } from './function-impl.js';
import { IMPLEMENTATIONS } from './functions/implementations.js';
import { one, parse } from './test-helpers.fixture.js';

describe('filters', () => {
  test.each([
    ['error', 'an ERROR happened', 1],
    ['"connection refused"', 'x connection refused y', 1],
    ['*fail*', 'it failed', 1],
    ['status=200', 'x', 1],
    ['status=2*', 'x', 1],
    ['status=3*', 'x', 0],
    ['status!=404', 'x', 1],
    ['missing!=1', 'x', 1],
    ['status=/^2\\d\\d$/', 'x', 1],
    ['status>=200 status<300', 'x', 1],
    ['missing>1', 'x', 0],
    ['#Vendor=acme', 'x', 1],
    ['status=500 or user=bob', 'x', 1],
    ['not user=bob', 'x', 0],
    ['!in(user, values=["al*", "bob"])', 'x', 0],
  ])('%s on a line → %s event(s)', (script, raw, count) => {
    expect(parse(script, raw, { status: '200', user: 'bob', Vendor: 'acme' })).toHaveLength(count);
  });

  test('a bare /regex/ with named groups extracts fields', () => {
    expect(one('/user=(?<user.name>\\w+)/', 'login user=alice ok')['user.name']).toBe('alice');
  });
});

describe('assignment, eval, case, match, if, test', () => {
  test(':= and eval compute arithmetic and strings', () => {
    const e = one('x := a * 2 + 1 | eval(y = lower(name), z = a % 4) | w := a / 0', '', { a: '5', name: 'BOB' });
    expect([e.x, e.y, e.z, e.w]).toEqual(['11', 'bob', '1', undefined]);
  });

  test('case takes the first branch that keeps the event; no branch drops it unless *', () => {
    const script = 'case { r="ok" | o := "success"; r="fail" | o := "failure"; * }';
    expect(one(script, '', { r: 'fail' }).o).toBe('failure');
    expect(one(script, '', { r: 'other' }).o).toBeUndefined();
    expect(parse('case { r="ok" | o := 1 }', '', { r: 'x' })).toHaveLength(0);
  });

  test('a case clause that drops the event leaves none of its changes for the next clause', () => {
    const script = 'case { a := "1" | r="ok" | o := "first"; b := "2" | r="nope"; * | o := "default" }';
    const other = one(script, '', { r: 'x' });
    expect([other.o, other.a, other.b]).toEqual(['default', undefined, undefined]);
    const ok = one(script, '', { r: 'ok' });
    expect([ok.o, ok.a, ok.b]).toEqual(['first', '1', undefined]);
    // A clause that fails after replacing a field gives the next clause the original value.
    const restored = one('case { r := "changed" | q="yes"; o := r }', '', { r: 'orig' });
    expect([restored.o, restored.r]).toEqual(['orig', 'orig']);
  });

  test('match chooses by string, wildcard, regex, in() and *', () => {
    const script = 'code match { "200" => k := "ok"; "3*" => k := "redirect"; /^5/ => k := "error"; in(values=["401", "403"]) => k := "denied"; * => k := "other" }';
    const k = (code: string) => one(script, '', { code }).k;
    expect([k('200'), k('301'), k('503'), k('403'), k('999')]).toEqual(['ok', 'redirect', 'error', 'denied', 'other']);
    expect(parse('code match { "1" => * }', '', { code: '2' })).toHaveLength(0);
  });

  test('if() and test()', () => {
    expect(one('o := if(n > 3, then="big", else="small")', '', { n: '10' }).o).toBe('big');
    expect(parse('test(a > b)', '', { a: '10', b: '9' })).toHaveLength(1);
    expect(parse('test(a == b)', '', { a: 'x', b: 'y' })).toHaveLength(0);
  });
});

describe('parseJson', () => {
  const raw = '{"a":{"b":1,"c":"x"},"arr":["p","q"],"n":null,"e":"","t":true}';
  test('flattens objects and arrays', () => {
    expect(one('parseJson()', raw)).toMatchObject({ 'a.b': '1', 'a.c': 'x', 'arr[0]': 'p', 'arr[1]': 'q', n: 'null', e: '', t: 'true' });
  });
  test('prefix, excludeEmpty, handleNull=discard, include and exclude', () => {
    const e = one('parseJson(prefix="Vendor.", excludeEmpty=true, handleNull=discard, exclude=[arr])', raw);
    expect(e['Vendor.a.b']).toBe('1');
    expect('Vendor.n' in e || 'Vendor.e' in e || 'Vendor.arr[0]' in e).toBe(false);
    expect(Object.keys(one('parseJson(include=[a])', raw)).filter((k) => k !== '@rawstring')).toEqual(['a.b', 'a.c']);
  });
  test('invalid JSON leaves the event unchanged', () => {
    expect(one('parseJson()', '{nope')).toEqual({ '@rawstring': '{nope' });
  });
});

describe('kvParse, regex, replace, splitString', () => {
  test('kvParse reads quoted and unquoted values', () => {
    expect(one('kvParse()', 'a=1 b="two words" c=\'x\' d=, e=5')).toMatchObject({ a: '1', b: 'two words', c: 'x', e: '5' });
    expect(one('kvParse(prefix="kv.", onDuplicate=keepFirst)', 'a=1 a=2')['kv.a']).toBe('1');
  });
  test('regex extracts named groups, filters when strict, keeps when not', () => {
    expect(one('regex("(?<user>\\\\w+)@(?<domain>\\\\S+)")', 'mail bob@x.org')).toMatchObject({ user: 'bob', domain: 'x.org' });
    expect(parse('regex("nomatch")', 'abc')).toHaveLength(0);
    expect(parse('regex("nomatch", strict=false)', 'abc')).toHaveLength(1);
  });
  test('regex(repeat=true) emits one event per match', () => {
    expect(parse('regex("(?<n>\\\\d+)", repeat=true)', 'a1 b22 c333').map((e) => e.n)).toEqual(['1', '22', '333']);
  });
  test('replace with groups, into as=', () => {
    expect(one('replace("(\\\\d+)", with="<$1>", field=m, as=o)', '', { m: 'a1b22' }).o).toBe('a<1>b<22>');
  });
  test('splitString into an array or one index', () => {
    expect(one('part := splitString(field=p, by="/")', '', { p: 'a/b/c' })).toMatchObject({ 'part[0]': 'a', 'part[2]': 'c' });
    expect(one('splitString(field=p, by="[/]", index=-1, as=last)', '', { p: 'a/b/c' }).last).toBe('c');
  });
});

describe('parseTimestamp and formatTime', () => {
  test.each([
    ["parseTimestamp(\"yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX\", field=t)", '2024-03-01T12:00:00.250+02:00', '1709287200250'],
    ['parseTimestamp("yyyy-MM-dd HH:mm:ss", field=t, timezone="UTC")', '2024-03-01 10:00:00', '1709287200000'],
    ['parseTimestamp("yyyy-MM-dd HH:mm:ss", field=t, timezone="Europe/Paris")', '2024-07-01 12:00:00', '1719828000000'],
    ['parseTimestamp("dd/MMM/yyyy:HH:mm:ss Z", field=t)', '10/Oct/2000:13:55:36 -0700', '971211336000'],
    ['parseTimestamp("seconds", field=t)', '1700000000', '1700000000000'],
    ['parseTimestamp("millis", field=t)', '1700000000123', '1700000000123'],
    ['parseTimestamp("nanos", field=t)', '1700000000123456789', '1700000000123'],
  ])('%s on %s', (script, t, expected) => {
    expect(one(script, '', { t })['@timestamp']).toBe(expected);
  });
  test('a failure records @error and keeps the event', () => {
    const e = one('parseTimestamp("yyyy-MM-dd", field=t)', '', { t: 'garbage' });
    expect(e['@error']).toBe('true');
    expect(e['@error_msg']).toContain('parseTimestamp');
  });
  test('formatTime uses strftime patterns', () => {
    expect(one('d := formatTime("%Y-%m-%d %H:%M:%S.%L", field=ts, timezone="UTC")', '', { ts: '971211336000' }).d).toBe('2000-10-10 20:55:36.000');
  });
});

describe('value functions', () => {
  test('lower, upper, length, concat, coalesce, format, default', () => {
    const e = one(
      'l := lower(a) | u := upper(a) | n := length(a) | c := concat([a, "-", b]) | k := coalesce([missing, empty, b]) | f := format("%s:%05d %.2f", field=[a, b, b]) | default(field=[z], value="dz")',
      '',
      { a: 'MiX', b: '42', empty: '' },
    );
    expect([e.l, e.u, e.n, e.c, e.k, e.f, e.z]).toEqual(['mix', 'MIX', '3', 'MiX-42', '42', 'MiX:00042 42.00', 'dz']);
  });
  test('in, wildcard and cidr (IPv4 and IPv6) filter', () => {
    expect(parse('in(a, values=["x", "y*"], ignoreCase=true)', '', { a: 'YES' })).toHaveLength(1);
    expect(parse('wildcard(field=h, pattern="web-*")', '', { h: 'web-01' })).toHaveLength(1);
    expect(parse('ip =~ cidr(subnet=["10.0.0.0/8", "2001:db8::/32"])', '', { ip: '10.2.3.4' })).toHaveLength(1);
    expect(parse('ip =~ cidr(subnet=["10.0.0.0/8", "2001:db8::/32"])', '', { ip: '2001:db8::1' })).toHaveLength(1);
    expect(parse('ip =~ cidr(subnet="10.0.0.0/8")', '', { ip: '11.0.0.1' })).toHaveLength(0);
  });
});

describe('fields and events', () => {
  test('drop, rename, select and array:append without gaps', () => {
    const e = one('rename(field=a, as=b) | drop([c]) | array:append("event.category[]", values=["network", missing, "web"]) | array:append("event.category[]", values=["x"])', '', { a: '1', c: '2' });
    expect(e).toMatchObject({ b: '1', 'event.category[0]': 'network', 'event.category[1]': 'web', 'event.category[2]': 'x' });
    expect('c' in e || 'a' in e).toBe(false);
    expect(one('select([a])', 'raw', { a: '1', b: '2' })).toEqual({ a: '1' });
  });
  test('dropEvent drops; split and createEvents emit several events', () => {
    expect(parse('dropEvent()', 'x')).toHaveLength(0);
    const split = parse('parseJson() | split(r)', '{"r":[{"a":1},{"a":2}],"k":"v"}');
    expect(split.map((e) => [e['r.a'], e.k, e._index])).toEqual([['1', 'v', '0'], ['2', 'v', '1']]);
    expect(parse('createEvents(["a=1", "a=2"]) | kvParse()', 'x').map((e) => e.a)).toEqual(['1', '2']);
  });
  test('split keeps fields outside the array on every event, nests inner arrays, and strip lifts element fields', () => {
    const fields = { k: 'v', 'r[0]': 'scalar', 'r[1].a': '1', 'r[1].t[0]': 'x', 'r[1].t[1]': 'y', 'r[2][0]': 'p', 'r[2][1].b': 'q', 'r[01].a': 'bad', 'r[4].a': 'gap', rx: 'w' };
    expect(parse('split(r)', '', fields)).toEqual([
      { '@rawstring': '', k: 'v', rx: 'w', r: 'scalar', _index: '0' },
      { '@rawstring': '', k: 'v', rx: 'w', 'r.a': '1', 'r.t[0]': 'x', 'r.t[1]': 'y', _index: '1' },
      { '@rawstring': '', k: 'v', rx: 'w', 'r[0]': 'p', 'r[1].b': 'q', _index: '2' },
    ]);
    expect(parse('split(r, strip=true)', '', fields)).toEqual([
      { '@rawstring': '', k: 'v', rx: 'w', r: 'scalar', _index: '0' },
      { '@rawstring': '', k: 'v', rx: 'w', a: '1', 't[0]': 'x', 't[1]': 'y', _index: '1' },
      { '@rawstring': '', k: 'v', rx: 'w', '[0]': 'p', '[1].b': 'q', _index: '2' },
    ]);
    expect(parse('split(r[1].t)', '', fields).map((e) => [e['r[1].t'], e['r[1].a'], e._index])).toEqual([['x', '1', '0'], ['y', '1', '1']]);
    expect(parse('split(r)', '', { 'r[1].a': '1', k: 'v' })).toEqual([{ '@rawstring': '', 'r[1].a': '1', k: 'v' }]);
  });
  test('split turns 2,000 records of 20 keys into 2,000 events within the default time budget', () => {
    // The fields parseJson(prefix="Vendor", include=[records], removePrefixes=["records"]) makes of a {"records":[…]} envelope.
    const fields = new Map([['@rawstring', 'envelope']]);
    for (let i = 0; i < 2000; i++) for (let k = 0; k < 20; k++) fields.set(`Vendor[${i}].key${k}`, `value-${i}-${k}`);
    const compiled = compileParser('split(Vendor)');
    if (!compiled.ok) throw new Error('did not compile');
    // The first run also pays for JIT compilation and heap growth, which a running server has paid already.
    compiled.run({ fields: new Map(fields) });
    const out = compiled.run({ fields });
    expect(out).toHaveLength(2000);
    expect(out.filter((e) => e.fields.has('@error'))).toEqual([]);
    expect(Object.fromEntries(out[1999]?.fields ?? [])).toMatchObject({ 'Vendor.key0': 'value-1999-0', 'Vendor.key19': 'value-1999-19', _index: '1999' });
  });
});

describe('parseCEF and parseCsv', () => {
  test('parseCEF reads the header, extensions with spaces and escapes, and labels', () => {
    const e = one('parseCEF()', '<134>Jan 1 00:00:00 host CEF:0|Acme|FW|1.0|100|Blocked \\| conn|5|src=10.0.0.1 msg=hello world a\\=b cs1Label=Rule cs1=r-7');
    expect(e).toMatchObject({ 'cef.version': '0', 'cef.device.vendor': 'Acme', 'cef.name': 'Blocked | conn', 'cef.severity': '5', 'cef.ext.src': '10.0.0.1', 'cef.ext.msg': 'hello world a=b', 'cef.label.Rule': 'r-7' });
    expect('cef.ext.cs1' in e).toBe(false);
    expect(parse('parseCEF()', 'not cef')).toHaveLength(0);
  });
  test('parseCsv handles quotes, doubled quotes and trim', () => {
    expect(one('parseCsv(columns=[a, b, c], trim=true)', ' 1 ,"x, ""y""" ,3')).toMatchObject({ a: '1', b: 'x, "y"', c: '3' });
    // A quoted field after a blank: with trim the quotes still protect the delimiter inside.
    expect(one('parseCsv(columns=[a, b, c], trim=true)', 'a, "b,c" , d')).toMatchObject({ a: 'a', b: 'b,c', c: 'd' });
    expect(one('parseCsv(columns=[a, b, c])', 'a, "b,c"')).toMatchObject({ a: 'a', b: ' "b', c: 'c"' });
  });
});

describe('robustness', () => {
  test('a catastrophic regex does not stall the event (V8 falls back to its linear engine)', () => {
    const started = performance.now();
    const out = parse('regex("^(a+)+$", strict=false)', `${'a'.repeat(5000)}b`);
    expect(out).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });
  test('an implementation that fails unexpectedly while compiling yields an INTERNAL diagnostic, not an exception', () => {
    const spy = vi.spyOn(IMPLEMENTATIONS as Record<string, FunctionImpl>, 'lower').mockImplementation(() => {
      throw new TypeError('boom');
    });
    try {
      const script = 'x := lower(a)';
      expect(compileParser(script).diagnostics).toEqual([expect.objectContaining({ code: 'INTERNAL', message: expect.stringContaining('boom'), start: 0, end: script.length })]);
    } finally {
      spy.mockRestore();
    }
    expect(compileParser('x := lower(a)').ok).toBe(true);
  });
  test('the per-event time budget stops a long event and keeps it with @error', () => {
    const compiled = compileParser('regex("(?<n>a)", repeat=true)', { eventBudgetMs: 0.001 });
    if (!compiled.ok) throw new Error('did not compile');
    const out = compiled.run({ fields: new Map([['@rawstring', 'a'.repeat(100_000)]]) });
    expect(out).toHaveLength(1);
    expect(out[0]?.fields.get('@error_msg')).toContain('budget');
  });
});
