/** parseXml through compileParser: naming, every XML construct, Windows events, malformed documents and limits. */
import { describe, expect, test } from 'vitest';
import { findFunction } from '../../check/function-registry.js';
import { compileParser } from '../compile-parser.js';
import { one, parse } from '../test-helpers.fixture.js';
import { MAX_DEPTH, MAX_FIELDS } from './parse-xml.js';

const WINDOWS_4624 = [
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>",
  "<System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/>",
  '<EventID>4624</EventID><Version>2</Version><Level>0</Level><Keywords>0x8020000000000000</Keywords>',
  "<TimeCreated SystemTime='2024-03-14T10:15:32.4812345Z'/><EventRecordID>1183320</EventRecordID>",
  "<Execution ProcessID='716' ThreadID='4120'/><Channel>Security</Channel><Computer>DC01.corp.example.com</Computer><Security/></System>",
  "<EventData><Data Name='SubjectUserSid'>S-1-5-18</Data><Data Name='TargetUserName'>bob</Data>",
  "<Data Name='TargetDomainName'>CORP</Data><Data Name='LogonType'>3</Data><Data Name='IpAddress'>10.1.2.3</Data><Data Name='ImpersonationLevel'/></EventData>",
  '</Event>',
].join('');

/** Fields a parse wrote, without the raw input. */
function written(e: Record<string, string>): Record<string, string> {
  const { '@rawstring': _raw, ...rest } = e;
  return rest;
}

describe('parseXml naming', () => {
  test('reads a Windows event: element paths, attributes, and Data elements as a gap-free array', () => {
    const e = one('parseXml()', WINDOWS_4624);
    expect(e).toMatchObject({
      'Event.xmlns': 'http://schemas.microsoft.com/win/2004/08/events/event',
      'Event.System.Provider.Name': 'Microsoft-Windows-Security-Auditing',
      'Event.System.Provider.Guid': '{54849625-5478-4994-a5ba-3e3b0328c30d}',
      'Event.System.EventID': '4624',
      'Event.System.TimeCreated.SystemTime': '2024-03-14T10:15:32.4812345Z',
      'Event.System.Execution.ProcessID': '716',
      'Event.System.Computer': 'DC01.corp.example.com',
      'Event.System.Security': '',
      'Event.EventData.Data[1]': 'bob',
      'Event.EventData.Data[1].Name': 'TargetUserName',
      'Event.EventData.Data[5]': '',
      'Event.EventData.Data[5].Name': 'ImpersonationLevel',
      'Event.EventData.Data': 'S-1-5-18',
      'Event.EventData.Data.Name': 'SubjectUserSid',
    });
    expect(Object.keys(e).filter((k) => /^Event\.EventData\.Data\[\d+\]$/.test(k))).toHaveLength(6);
    expect('Event' in e).toBe(false);
  });

  test('nameAttribute="Data@Name" names each Data element by its Name, so a parser can read TargetUserName', () => {
    const e = one('parseXml(nameAttribute="Data@Name") | user.name := Event.EventData.TargetUserName', WINDOWS_4624);
    expect(e).toMatchObject({ 'user.name': 'bob', 'Event.EventData.LogonType': '3', 'Event.EventData.ImpersonationLevel': '', 'Event.System.Provider.Name': 'Microsoft-Windows-Security-Auditing' });
    expect(Object.keys(e).some((k) => k.startsWith('Event.EventData.Data'))).toBe(false);
    expect(one('parseXml(nameAttribute=Name)', WINDOWS_4624)['Event.System.Microsoft-Windows-Security-Auditing.Guid']).toBe('{54849625-5478-4994-a5ba-3e3b0328c30d}');
  });

  test('repeated siblings are numbered per name without gaps, at every level; the first is also unnumbered', () => {
    const e = one('parseXml()', '<r><a>1</a><b>x</b><a>2</a><i><v>1</v><v>2</v></i><i><v>3</v></i></r>');
    expect(written(e)).toEqual({
      'r.a': '1', 'r.a[0]': '1', 'r.a[1]': '2', 'r.b': 'x',
      'r.i.v': '1', 'r.i.v[0]': '1', 'r.i.v[1]': '2', 'r.i[0].v': '1', 'r.i[0].v[0]': '1', 'r.i[0].v[1]': '2', 'r.i[1].v': '3',
    });
  });

  test('self-closing tags, empty elements, prefix, and a child that shares an attribute name', () => {
    expect(written(one('parseXml(prefix="x.")', '<a k="1"><b/><c z="2" /><d></d><k>child</k></a>'))).toEqual({ 'x.a.k': 'child', 'x.a.b': '', 'x.a.c': '', 'x.a.c.z': '2', 'x.a.d': '' });
  });

  test('namespace prefixes are kept as written', () => {
    const e = one('parseXml()', "<s:Envelope xmlns:s='urn:s'><s:Body><m:Msg xmlns:m='urn:m'>hi</m:Msg></s:Body></s:Envelope>");
    expect(written(e)).toEqual({ 's:Envelope.xmlns:s': 'urn:s', 's:Envelope.s:Body.m:Msg': 'hi', 's:Envelope.s:Body.m:Msg.xmlns:m': 'urn:m' });
  });

  test('whitespace-only text is ignored, other text is trimmed, mixed content keeps its own text', () => {
    const e = one('parseXml()', '<log>\n  <service>  userService </service>\n  <msg>\n  </msg>\n  note <x>1</x> end\n</log>');
    expect(written(e)).toEqual({ 'log.service': 'userService', 'log.msg': '', log: 'note  end', 'log.x': '1' });
  });
});

describe('parseXml constructs', () => {
  test('skips the XML declaration, comments, processing instructions and a DOCTYPE', () => {
    const xml = '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE log [ <!ENTITY x "y"> <!ELEMENT log ANY> ]>\n<!-- head -->'
      + '<log><!-- <fake>x</fake> --><?pi data?><msg>ok</msg></log><!-- tail -->\n';
    expect(written(one('parseXml()', xml))).toEqual({ 'log.msg': 'ok' });
  });

  test('CDATA is taken verbatim, markup and entities included', () => {
    expect(one('parseXml()', '<a><![CDATA[x < y && <b>&amp;</b>]]></a>').a).toBe('x < y && <b>&amp;</b>');
    expect(one('parseXml()', '<a>one <![CDATA[two]]> three</a>').a).toBe('one two three');
  });

  test('decodes the five entities and numeric references in text and attributes', () => {
    const e = one('parseXml()', `<a t="&quot;q&quot; &amp; &apos;s&apos;">&lt;b&gt; &amp; &#65;&#x42;&#X43; &#x1F600;</a>`);
    expect(e).toMatchObject({ a: '<b> & ABC \u{1F600}', 'a.t': `"q" & 's'` });
  });

  test('keeps unknown entities, invalid references and a bare & as written', () => {
    expect(one('parseXml()', '<a>&nbsp; &#0; &#xD800; &#xZZ; a & b &amp</a>').a).toBe('&nbsp; &#0; &#xD800; &#xZZ; a & b &amp');
  });

  test('leaves the event alone when the field is missing', () => {
    expect(one('parseXml(field=details)', '<a>1</a>')).toEqual({ '@rawstring': '<a>1</a>' });
  });

  test('parses XML held in another field', () => {
    expect(one('parseXml(field=details)', 'x', { details: '<log><id>47</id></log>' })['log.id']).toBe('47');
  });
});

describe('parseXml on malformed documents', () => {
  test.each([
    ['an unclosed element', '<a><b>1</b>', '<a> is never closed'],
    ['a mismatched end tag', '<a><b>1</a></b>', '</a> does not close <b>'],
    ['a stray end tag', '</a>', '</a> has no start tag'],
    ['an empty document', '', 'no root element'],
    ['only a declaration', '<?xml version="1.0"?>', 'no root element'],
    ['text before the root', 'Jan 1 host <a/>', 'text before the root element'],
    ['text after the root', '<a/> trailing', 'text after the root element'],
    ['a second root', '<a/><b/>', 'a second root element'],
    ['an unquoted attribute', '<a x=1/>', 'attribute x of <a> is not quoted'],
    ['an attribute without =', '<a x/>', "attribute x of <a> has no '='"],
    ['an unclosed attribute value', '<a x="1/>', 'attribute x of <a> is not closed'],
    ['attributes run together', '<a x="1"y="2"/>', "unexpected 'y' in <a>"],
    ['an unclosed start tag', '<a x="1"', '<a> start tag is not closed'],
    ['a < without a name', '<a>< b/></a>', "'<' not followed by an element name"],
    ['an unterminated comment', '<a><!-- x</a>', 'unterminated <!-- comment'],
    ['an unterminated CDATA', '<a><![CDATA[x</a>', 'unterminated <![CDATA[ section'],
    ['CDATA outside the root', '<![CDATA[x]]><a/>', 'CDATA outside the root element'],
    ['an unterminated declaration', '<?xml version="1.0"', 'unterminated <? processing instruction'],
    ['a malformed end tag', '<a></a x>', 'malformed end tag'],
    ['JSON', '{"a":1}', 'text before the root element'],
  ])('adds an error for %s and writes no field', (_name, xml, message) => {
    const e = one('parseXml()', xml);
    expect(e['@error']).toBe('true');
    expect(e['@error_msg']).toMatch(/^parseXml: .* at offset \d+$/);
    expect(e['@error_msg']).toContain(message);
    expect(Object.keys(e).sort()).toEqual(['@error', '@error_msg', '@rawstring']);
  });

  test('strict=true drops a malformed document and keeps a valid one', () => {
    expect(parse('parseXml(strict=true)', '<a><b></a>')).toEqual([]);
    expect(one('parseXml(strict=true)', '<a><b/></a>')['a.b']).toBe('');
  });

  test(`nesting is limited to ${MAX_DEPTH} elements`, () => {
    const deep = (n: number): string => `${'<e>'.repeat(n - 1)}<leaf>x</leaf>${'</e>'.repeat(n - 1)}`;
    expect(one('parseXml()', deep(MAX_DEPTH))[`${'e.'.repeat(MAX_DEPTH - 1)}leaf`]).toBe('x');
    const e = one('parseXml()', deep(MAX_DEPTH + 1));
    expect(e['@error_msg']).toContain(`nested deeper than ${MAX_DEPTH}`);
    expect(Object.keys(e)).toHaveLength(3);
    expect(one('parseXml()', '<a>'.repeat(1_000_000))['@error_msg']).toContain('deeper');
  });

  test(`stops after ${MAX_FIELDS} fields with an error and keeps the event`, () => {
    const e = one('parseXml()', `<r>${'<a>1</a>'.repeat(MAX_FIELDS + 5)}</r>`);
    expect(Object.keys(e).filter((k) => k.startsWith('r.'))).toHaveLength(MAX_FIELDS);
    expect(e['@error_msg']).toContain(`more than ${MAX_FIELDS} fields`);
  });

  test('random strings never make it throw', () => {
    // A generous time budget: on a loaded machine one event can outlast the 50 ms default, and that
    // error (not parseXml's) is not what this test is about.
    const compiled = compileParser('parseXml()', { eventBudgetMs: 60_000 });
    if (!compiled.ok) throw new Error('did not compile');
    const pieces = ['<', '>', '/', '</', '/>', 'a', 'b:c', ' ', '=', '"', "'", '&', ';', '&amp;', '&#x', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', '<!DOCTYPE', '[', ']', '\uFEFF', '<a>', '</a>'];
    let seed = 11;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const inputs: string[] = [];
    for (let n = 0; n < 5000; n++) {
      let raw = '';
      const len = Math.floor(next() * 24);
      for (let k = 0; k < len; k++) raw += pieces[Math.floor(next() * pieces.length)] ?? '';
      inputs.push(raw);
      // A real document with a random cut and a random piece spliced in.
      const at = Math.floor(next() * WINDOWS_4624.length);
      inputs.push(WINDOWS_4624.slice(0, at) + (pieces[Math.floor(next() * pieces.length)] ?? '') + WINDOWS_4624.slice(at + Math.floor(next() * 4)));
    }
    let parsed = 0;
    for (const raw of inputs) {
      for (const out of compiled.run({ fields: new Map([['@rawstring', raw]]) })) {
        const message = out.fields.get('@error_msg');
        if (message === undefined) parsed++;
        else expect(message).toMatch(/^parseXml: /);
      }
    }
    expect(parsed).toBeGreaterThan(100);
  });

  test('hostile input stays linear', () => {
    const started = performance.now();
    for (const xml of [`<a>${'&'.repeat(200_000)}</a>`, `<a>${'&#x41'.repeat(50_000)}</a>`, `<a x="${'&lt'.repeat(60_000)}"/>`, `<a>${'<!-- -->'.repeat(50_000)}</a>`, `<a>${'<b></b>'.repeat(5_000)}</a>`, '<a'.repeat(100_000)]) {
      expect(parse('parseXml()', xml)).toHaveLength(1);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test('the registry example compiles and runs', () => {
    const example = findFunction('parseXml')?.example ?? '';
    expect(one(example, WINDOWS_4624)['user.name']).toBe('bob');
  });
});
