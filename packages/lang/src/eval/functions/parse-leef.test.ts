/** parseLEEF through compileParser: headers, LEEF 2.0 delimiters, syslog prefixes, odd values, non-LEEF input. */
import { describe, expect, test } from 'vitest';
import { findFunction } from '../../check/function-registry.js';
import { compileParser } from '../compile-parser.js';
import { one, parse } from '../test-helpers.fixture.js';

const HEADER = { 'leef.version': '1.0', 'leef.device.vendor': 'Microsoft', 'leef.device.product': 'MSExchange', 'leef.device.version': '2016', 'leef.event_id': '15345' };

describe('parseLEEF headers and LEEF 1.0 attributes', () => {
  test('reads the five header fields and tab-separated attributes behind a syslog header', () => {
    const e = one('parseLEEF()', '<13>Jan 18 11:07:53 mail01 LEEF:1.0|Microsoft|MSExchange|2016|15345|src=10.50.1.1\tdst=2.10.20.20\tspt=1200\tusrName=CORP\\bob');
    expect(e).toMatchObject({ ...HEADER, 'leef.ext.src': '10.50.1.1', 'leef.ext.dst': '2.10.20.20', 'leef.ext.spt': '1200', 'leef.ext.usrName': 'CORP\\bob' });
  });

  test('keeps = inside values, empty values, spaces and devTime untouched', () => {
    const e = one('parseLEEF()', 'LEEF:1.0|Microsoft|MSExchange|2016|15345|url=https://x.test/?a=b&c=d\tcat=\tmsg=user logged on \tdevTime=Jan 18 2019 11:07:53\tdevTimeFormat=MMM dd yyyy HH:mm:ss');
    expect(e).toMatchObject({
      'leef.ext.url': 'https://x.test/?a=b&c=d', 'leef.ext.cat': '', 'leef.ext.msg': 'user logged on ',
      'leef.ext.devTime': 'Jan 18 2019 11:07:53', 'leef.ext.devTimeFormat': 'MMM dd yyyy HH:mm:ss',
    });
    expect('@timestamp' in e).toBe(false);
  });

  test('a piece without = continues the previous value; trailing delimiters and line ends are dropped', () => {
    const e = one('parseLEEF()', 'LEEF:1.0|V|P|1|E|msg=part one\tpart two\t key = v \t\r\n');
    expect(e).toMatchObject({ 'leef.ext.msg': 'part one\tpart two', 'leef.ext.key': ' v ' });
  });

  test('a line without tabs is read CEF-style: a value runs until the next key=', () => {
    const e = one('parseLEEF()', 'LEEF:1.0|Microsoft|MSExchange|2016|15345|src=10.50.1.1  dst=2.10.20.20  msg=logon failed for a=b spt=1200');
    expect(e).toMatchObject({ 'leef.ext.src': '10.50.1.1', 'leef.ext.dst': '2.10.20.20', 'leef.ext.msg': 'logon failed for', 'leef.ext.a': 'b', 'leef.ext.spt': '1200' });
  });

  test('the delimiter argument sets the LEEF 1.0 delimiter, also in hex', () => {
    expect(one('parseLEEF(delimiter=";")', 'LEEF:1.0|V|P|1|E|a=1;b=x y')).toMatchObject({ 'leef.ext.a': '1', 'leef.ext.b': 'x y' });
    expect(one('parseLEEF(delimiter="x3B")', 'LEEF:1.0|V|P|1|E|a=1;b=2')).toMatchObject({ 'leef.ext.a': '1', 'leef.ext.b': '2' });
  });

  test('\\| is a literal pipe in a header field; an event id without a closing pipe has no attributes', () => {
    expect(one('parseLEEF()', 'LEEF:1.0|A\\|B|P|1|E|k=v')).toMatchObject({ 'leef.device.vendor': 'A|B', 'leef.ext.k': 'v' });
    const e = one('parseLEEF()', 'LEEF:1.0|V|P|1|4624');
    expect(e['leef.event_id']).toBe('4624');
    expect(Object.keys(e).filter((k) => k.startsWith('leef.ext.'))).toEqual([]);
  });

  test('prefixes are configurable', () => {
    const e = one('parseLEEF(prefix="Vendor.", headerprefix="Vendor.leef.")', 'LEEF:1.0|V|P|1|E|src=1.2.3.4');
    expect(e).toMatchObject({ 'Vendor.leef.device.vendor': 'V', 'Vendor.leef.event_id': 'E', 'Vendor.src': '1.2.3.4' });
    expect('leef.version' in e).toBe(false);
  });

  test('LEEF 1.0 custom labels become labelprefix fields, kept raw with keeplabels', () => {
    const raw = 'LEEF:1.0|V|P|1|E|cs1Label=Rule\tcs1=r-7\tcn2=9\tcn2Label=Hits';
    const e = one('parseLEEF()', raw);
    expect(e).toMatchObject({ 'leef.label.Rule': 'r-7', 'leef.label.Hits': '9' });
    expect('leef.ext.cs1' in e || 'leef.ext.cs1Label' in e).toBe(false);
    expect(one('parseLEEF(keeplabels=true, labelprefix="L.")', raw)).toMatchObject({ 'L.Rule': 'r-7', 'leef.ext.cs1': 'r-7', 'leef.ext.cs1Label': 'Rule' });
  });

  test('LEEF:0 has LEEF 1.0 headers and a CEF-style body with CEF escapes', () => {
    const e = one('parseLEEF()', 'LEEF:0|V|P|1|E|msg=a\\=b c\\\\d src=1.2.3.4');
    expect(e).toMatchObject({ 'leef.version': '0', 'leef.ext.msg': 'a=b c\\d', 'leef.ext.src': '1.2.3.4' });
  });
});

describe('parseLEEF 2.0 delimiters', () => {
  test.each([
    ['a caret', '^', 'src=10.0.1.8^dst=10.0.0.5^sev=5'],
    ['hex xHH', 'x5E', 'src=10.0.1.8^dst=10.0.0.5^sev=5'],
    ['hex 0xHH', '0x5e', 'src=10.0.1.8^dst=10.0.0.5^sev=5'],
    ['a tab spelled x09', 'x09', 'src=10.0.1.8\tdst=10.0.0.5\tsev=5'],
    ['a four-digit hex', '0x00A6', 'src=10.0.1.8¦dst=10.0.0.5¦sev=5'],
    ['a pipe spelled 0x7C', '0x7C', 'src=10.0.1.8|dst=10.0.0.5|sev=5'],
  ])('splits on %s', (_name, delimiter, body) => {
    const e = one('parseLEEF()', `<13>1 2019-01-18T11:07:53.520Z 192.168.1.1 LEEF:2.0|Lancope|StealthWatch|1.0|41|${delimiter}|${body}`);
    expect(e).toMatchObject({ 'leef.version': '2.0', 'leef.device.vendor': 'Lancope', 'leef.event_id': '41', 'leef.ext.src': '10.0.1.8', 'leef.ext.dst': '10.0.0.5', 'leef.ext.sev': '5' });
  });

  test('a literal pipe delimiter (|||) and a space delimiter', () => {
    expect(one('parseLEEF()', 'LEEF:2.0|V|P|1|E|||a=1|b=2')).toMatchObject({ 'leef.ext.a': '1', 'leef.ext.b': '2' });
    const e = one('parseLEEF()', 'LEEF:2.0|Palo Alto Networks|LF|2.0|THREAT| |TimeReceived=2016-01-01T00:00:58.000000Z DeviceSN=123456789123 cat= ConfigVersion=9.1');
    expect(e).toMatchObject({ 'leef.ext.TimeReceived': '2016-01-01T00:00:58.000000Z', 'leef.ext.DeviceSN': '123456789123', 'leef.ext.cat': '', 'leef.ext.ConfigVersion': '9.1' });
  });

  test('a piece without = after the delimiter stays in the value', () => {
    expect(one('parseLEEF()', 'LEEF:2.0|V|P|1|E|^|msg=up^down^sev=1')).toMatchObject({ 'leef.ext.msg': 'up^down', 'leef.ext.sev': '1' });
  });

  test('a missing or empty delimiter field falls back to tab', () => {
    expect(one('parseLEEF()', 'LEEF:2.0|Trend Micro|Deep Security Manager|20.0|600|cat=System\tname=Alert Ended\tsev=3')).toMatchObject({ 'leef.ext.cat': 'System', 'leef.ext.name': 'Alert Ended', 'leef.ext.sev': '3' });
    expect(one('parseLEEF()', 'LEEF:2.0|V|P|1|E||a=1\tb=2')).toMatchObject({ 'leef.ext.a': '1', 'leef.ext.b': '2' });
    expect(one('parseLEEF()', 'LEEF:2.0|V|P|1|E|a=x|y\tb=2')).toMatchObject({ 'leef.ext.a': 'x|y', 'leef.ext.b': '2' });
  });

  test('labels are a LEEF 1.0 feature', () => {
    const e = one('parseLEEF()', 'LEEF:2.0|V|P|1|E|^|cs1Label=Rule^cs1=r-7');
    expect(e).toMatchObject({ 'leef.ext.cs1Label': 'Rule', 'leef.ext.cs1': 'r-7' });
    expect('leef.label.Rule' in e).toBe(false);
  });
});

describe('parseLEEF on other input', () => {
  test.each([
    ['plain text', 'not a leef line'],
    ['a CEF line', 'CEF:0|V|P|1|100|n|5|src=1.2.3.4'],
    ['an unsupported version', 'LEEF:3.0|V|P|1|E|a=1'],
    ['a truncated header', '<13>host LEEF:1.0|V|P'],
    ['an empty string', ''],
  ])('drops %s, as parseCEF does', (_name, raw) => {
    expect(parse('parseLEEF()', raw)).toEqual([]);
  });

  test('drops the event when the field is missing and passes it untouched through a case fallback', () => {
    expect(parse('parseLEEF(field=other)', 'LEEF:1.0|V|P|1|E|a=1')).toEqual([]);
    expect(one('case { parseLEEF(); * }', 'hello')).toEqual({ '@rawstring': 'hello' });
  });

  test('skips a false LEEF: marker and reads the real one after it', () => {
    expect(one('parseLEEF()', 'note LEEF:x then LEEF:1.0|V|P|1|E|a=1')).toMatchObject({ 'leef.device.vendor': 'V', 'leef.ext.a': '1' });
  });

  test('random strings never make it throw', () => {
    const compiled = compileParser('parseLEEF()');
    if (!compiled.ok) throw new Error('did not compile');
    const pieces = ['LEEF:', '1.0', '2.0', '0', '|', '\\', '\\|', '=', '\t', ' ', '^', 'x5E', '0x', 'a', 'cs1Label', 'cs1', '\r\n', '¦', '||'];
    let seed = 7;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let n = 0; n < 5000; n++) {
      let raw = '';
      const len = Math.floor(next() * 20);
      for (let k = 0; k < len; k++) raw += pieces[Math.floor(next() * pieces.length)] ?? '';
      for (const out of compiled.run({ fields: new Map([['@rawstring', raw]]) })) expect(out.fields.get('@error_msg') ?? '').not.toContain('Parser failed');
    }
  });

  test('hostile input stays linear', () => {
    const started = performance.now();
    one('parseLEEF()', `LEEF:1.0|V|P|1|E|${'a=b '.repeat(50_000)}${'='.repeat(100_000)}`);
    one('parseLEEF()', `LEEF:1.0|V|P|1|E|k=v${'\tpiece'.repeat(50_000)}\t${'x'.repeat(100_000)}=1`);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('the registry example compiles and runs', () => {
    const example = findFunction('parseLEEF')?.example ?? '';
    const e = one(example, 'LEEF:1.0|V|P|1|E|devTime=Jan 18 2019 11:07:53\tsrc=1.2.3.4');
    expect(e).toMatchObject({ 'Vendor.src': '1.2.3.4', '@timestamp': String(Date.UTC(2019, 0, 18, 11, 7, 53)) });
  });
});
