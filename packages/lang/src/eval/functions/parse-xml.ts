/**
 * parseXml: an XML document in a field becomes fields named by element path, as LogScale's parseXml.
 *
 * Naming (prefix first): `<Event><System><EventID>4624</EventID>` → Event.System.EventID=4624.
 * - Attributes: path.attr (`<Provider Name='x'/>` → Event.System.Provider.Name=x). A child element
 *   with the same name as an attribute wins, since children are written after attributes.
 * - Text: trimmed; whitespace-only text is ignored. An element without child elements always has
 *   a value ('' when empty) so that array indexes line up; with children it has one only when it
 *   holds text of its own (mixed content).
 * - Repeated siblings: a[0], a[1], … without gaps, and, as in LogScale, the first one also as `a`.
 * - nameAttribute (a Hecate addition), `Element@attr` or `attr` for any element: a child carrying
 *   that attribute is named by its value instead of its tag, so with `Data@Name`,
 *   `<Data Name='TargetUserName'>bob</Data>` gives Event.EventData.TargetUserName=bob.
 * - Namespace prefixes are kept as written (s:Envelope), xmlns attributes are ordinary attributes.
 *
 * The tokenizer is hand-written and linear: every scan moves forward from the current offset.
 * It accepts the XML declaration, processing instructions, comments, CDATA, a DOCTYPE (skipped; its
 * entities are not expanded), the five predefined entities and &#NN; / &#xHH;. An unknown entity or
 * a bare `&` is kept as written. Structural faults (unclosed or mismatched tags, bad attributes,
 * text outside the root, nesting deeper than MAX_DEPTH) fail the whole document: no field is
 * written, @error_msg says what and where, and strict=true drops the event instead. Past MAX_FIELDS
 * fields the rest of the document is left out with an error; the event is kept.
 */
import { step } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';
import { addError } from '../parser-event.js';
import type { ParserEvent } from '../parser-event.js';

export const MAX_DEPTH = 100;
export const MAX_FIELDS = 10_000;

interface XmlElement {
  readonly name: string;
  /** name, value, name, value, … in document order. */
  readonly attrs: string[];
  readonly children: XmlElement[];
  text: string;
}

class XmlError extends Error {}

const DEC = /^[0-9]{1,7}$/;
const HEX = /^[0-9a-fA-F]{1,6}$/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(text.charCodeAt(k))) return false;
  return true;
}

/** Name characters stop at whitespace and markup; the first may not be a digit, '-' or '.'. */
function nameEnd(text: string, from: number): number {
  let j = from;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (isSpace(c) || c === 47 || c === 62 || c === 61 || c === 60 || c === 34 || c === 39 || c === 38) break;
  }
  const first = text.charCodeAt(from);
  return j > from && !(first >= 48 && first <= 57) && first !== 45 && first !== 46 ? j : from;
}

function entity(name: string): string | undefined {
  switch (name) {
    case 'lt': return '<';
    case 'gt': return '>';
    case 'amp': return '&';
    case 'quot': return '"';
    case 'apos': return "'";
  }
  if (name.charCodeAt(0) !== 35) return undefined;
  const hex = name.charAt(1) === 'x' || name.charAt(1) === 'X';
  const digits = name.slice(hex ? 2 : 1);
  if (!(hex ? HEX : DEC).test(digits)) return undefined;
  const cp = parseInt(digits, hex ? 16 : 10);
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return String.fromCodePoint(cp);
}

/** Character data with entities replaced; unknown ones stay as written. */
function decode(text: string, from: number, to: number): string {
  const s = text.slice(from, to);
  if (!s.includes('&')) return s;
  let out = '';
  let i = 0;
  for (let amp = s.indexOf('&'); amp >= 0; amp = s.indexOf('&', i)) {
    let semi = amp + 1;
    while (semi < s.length && semi - amp <= 10 && s.charCodeAt(semi) !== 59 && s.charCodeAt(semi) !== 38) semi++;
    const replaced = s.charCodeAt(semi) === 59 ? entity(s.slice(amp + 1, semi)) : undefined;
    out += s.slice(i, amp) + (replaced ?? '&');
    i = replaced === undefined ? amp + 1 : semi + 1;
  }
  return out + s.slice(i);
}

/** Parses a whole document into its root element; throws XmlError with a message for the user. */
export function parseXmlDocument(text: string): XmlElement {
  const fail = (what: string, at: number): never => {
    throw new XmlError(`${what} at offset ${at}`);
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const top = stack[stack.length - 1];
      if (top !== undefined) {
        if (!isBlank(text, i, textEnd)) top.text += decode(text, i, textEnd);
      } else if (!isBlank(text, i, textEnd)) {
        fail(root === undefined ? 'text before the root element (not XML?)' : 'text after the root element', i);
      }
      i = textEnd;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (next === 63) { // <? … ?>
      const end = text.indexOf('?>', i + 2);
      if (end < 0) fail('unterminated <? processing instruction', i);
      i = end + 2;
    } else if (next === 33) { // <!
      i = skipDeclaration(text, i, stack[stack.length - 1], root !== undefined, fail);
    } else if (next === 47) { // </name>
      const end = nameEnd(text, i + 2);
      const name = text.slice(i + 2, end);
      let gt = end;
      while (gt < n && isSpace(text.charCodeAt(gt))) gt++;
      if (end === i + 2 || text.charCodeAt(gt) !== 62) fail('malformed end tag', i);
      const open = stack.pop();
      if (open === undefined) fail(`</${name}> has no start tag`, i);
      else if (open.name !== name) fail(`</${name}> does not close <${open.name}>`, i);
      i = gt + 1;
    } else {
      if (root !== undefined && stack.length === 0) fail('a second root element', i);
      const end = nameEnd(text, i + 1);
      if (end === i + 1) fail(`'<' not followed by an element name`, i);
      const element: XmlElement = { name: text.slice(i + 1, end), attrs: [], children: [], text: '' };
      i = readAttributes(text, end, element, fail);
      const closed = text.charCodeAt(i - 2) === 47; // ended with '/>'
      const parent = stack[stack.length - 1];
      if (parent === undefined) root = element;
      else parent.children.push(element);
      if (!closed) {
        stack.push(element);
        if (stack.length > MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`, i);
      }
    }
  }
  const open = stack[stack.length - 1];
  if (open !== undefined) fail(`<${open.name}> is never closed`, n);
  if (root === undefined) return fail('no root element', n);
  return root;
}

/** Reads attributes up to and including `>` or `/>`; returns the offset after it. */
function readAttributes(text: string, from: number, element: XmlElement, fail: (what: string, at: number) => never): number {
  let i = from;
  for (;;) {
    const before = i;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (c === 62) return i + 1;
    if (c === 47 && text.charCodeAt(i + 1) === 62) return i + 2;
    if (i >= text.length) fail(`<${element.name}> start tag is not closed`, from);
    const end = nameEnd(text, i);
    if (end === i || before === i) fail(`unexpected '${text.charAt(i)}' in <${element.name}>`, i);
    const name = text.slice(i, end);
    i = end;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 61) fail(`attribute ${name} of <${element.name}> has no '='`, i);
    i++;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const quote = text.charAt(i);
    if (quote !== '"' && quote !== "'") fail(`attribute ${name} of <${element.name}> is not quoted`, i);
    const close = text.indexOf(quote, i + 1);
    if (close < 0) fail(`attribute ${name} of <${element.name}> is not closed`, i);
    element.attrs.push(name, decode(text, i + 1, close));
    i = close + 1;
  }
}

/** Skips `<!-- -->`, `<!DOCTYPE …>` or adds `<![CDATA[ ]]>` to the open element. */
function skipDeclaration(text: string, at: number, open: XmlElement | undefined, afterRoot: boolean, fail: (what: string, at: number) => never): number {
  if (text.startsWith('<!--', at)) {
    const end = text.indexOf('-->', at + 4);
    return end < 0 ? fail('unterminated <!-- comment', at) : end + 3;
  }
  if (text.startsWith('<![CDATA[', at)) {
    if (open === undefined) fail('CDATA outside the root element', at);
    const end = text.indexOf(']]>', at + 9);
    if (end < 0) fail('unterminated <![CDATA[ section', at);
    if (open !== undefined) open.text += text.slice(at + 9, end);
    return end + 3;
  }
  if (text.startsWith('<!DOCTYPE', at) && open === undefined && !afterRoot) {
    let depth = 0;
    let quote = 0;
    for (let j = at + 9; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) { if (c === quote) quote = 0; } else if (c === 34 || c === 39) quote = c;
      else if (c === 91) depth++;
      else if (c === 93) depth--;
      else if (c === 62 && depth <= 0) return j + 1;
    }
    return fail('unterminated <!DOCTYPE', at);
  }
  return fail("unexpected '<!'", at);
}

/** Which children are named by an attribute value: `attribute` '' means none, `element` '' any. */
interface NameBy {
  readonly element: string;
  readonly attribute: string;
}

/** Writes one element and its subtree; false once MAX_FIELDS fields have been written. */
class FieldWriter {
  private count = 0;
  constructor(
    private readonly event: ParserEvent,
    private readonly nameBy: NameBy,
  ) {}

  private put(name: string, value: string): boolean {
    if (this.count >= MAX_FIELDS) return false;
    this.event.fields.set(name, value);
    this.count++;
    return true;
  }

  write(element: XmlElement, path: string, skipAttr?: string): boolean {
    const attrs = element.attrs;
    for (let k = 0; k < attrs.length; k += 2) {
      const name = attrs[k] ?? '';
      if (name !== skipAttr && !this.put(`${path}.${name}`, attrs[k + 1] ?? '')) return false;
    }
    const text = element.text.trim();
    if ((text !== '' || element.children.length === 0) && !this.put(path, text)) return false;
    return this.writeChildren(element.children, path);
  }

  private writeChildren(children: readonly XmlElement[], path: string): boolean {
    if (children.length === 0) return true;
    const nameBy = this.nameBy;
    let counts: Map<string, number> | undefined;
    if (children.length > 1) {
      counts = new Map();
      for (const child of children) if (nameOf(child, nameBy) === undefined) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
    }
    const seen = new Map<string, number>();
    for (const child of children) {
      const byAttr = nameOf(child, nameBy);
      if (byAttr !== undefined) {
        if (!this.write(child, `${path}.${byAttr}`, nameBy.attribute)) return false;
        continue;
      }
      const base = `${path}.${child.name}`;
      if ((counts?.get(child.name) ?? 1) === 1) {
        if (!this.write(child, base)) return false;
        continue;
      }
      const index = seen.get(child.name) ?? 0;
      seen.set(child.name, index + 1);
      if (index === 0 && !this.write(child, base)) return false;
      if (!this.write(child, `${base}[${index}]`)) return false;
    }
    return true;
  }
}

function nameOf(element: XmlElement, nameBy: NameBy): string | undefined {
  if (nameBy.attribute === '' || (nameBy.element !== '' && nameBy.element !== element.name)) return undefined;
  const attrs = element.attrs;
  for (let k = 0; k < attrs.length; k += 2) if (attrs[k] === nameBy.attribute) return attrs[k + 1];
  return undefined;
}

export function parseXmlFn(a: Args): CompiledCall {
  const field = a.string('field');
  const prefix = a.string('prefix');
  const strict = a.boolean('strict');
  const spelled = a.optString('nameAttribute') ?? '';
  const at = spelled.lastIndexOf('@');
  const nameBy: NameBy = { element: at < 0 ? '' : spelled.slice(0, at), attribute: spelled.slice(at + 1) };
  return step((event) => {
    const text = event.fields.get(field);
    if (text === undefined) return true;
    let root: XmlElement;
    try {
      root = parseXmlDocument(text);
    } catch (error) {
      if (!(error instanceof XmlError)) throw error;
      if (strict) return false;
      addError(event, `parseXml: ${error.message}`);
      return true;
    }
    const writer = new FieldWriter(event, nameBy);
    if (!writer.write(root, prefix + root.name)) addError(event, `parseXml: more than ${MAX_FIELDS} fields; the rest of the document was left out`);
    return true;
  });
}
