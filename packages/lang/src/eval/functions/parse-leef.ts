/**
 * parseLEEF: IBM QRadar LEEF, `LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v` and
 * `LEEF:2.0|Vendor|Product|Version|EventID|Delimiter|k=v<D>k=v`, as LogScale's parseLEEF.
 *
 * - Anything before the first valid `LEEF:<version>|` (a syslog header) is skipped; input without one
 *   drops the event, as parseCEF does. Versions 1.x and 2.x; `LEEF:0|` is read with LEEF:1.0
 *   headers and a CEF-style body (values run until the next ` key=`, CEF escapes apply).
 * - Header fields go to headerprefix + version, device.vendor, device.product, device.version,
 *   event_id (LogScale's names). `\|` is a literal pipe in a header field.
 * - The LEEF:2.0 delimiter field is one character or its hex spelling `xHH`/`0xHH` (1-4 digits).
 *   Some senders leave the field out; a field holding `=` is then read as the first attribute.
 * - An attribute is split at its first `=`, so values may contain `=`. A piece without `=` belongs
 *   to the previous value (a value that contains the delimiter). When no delimiter is known (LEEF:1.0
 *   without the `delimiter` argument, LEEF:2.0 without the header field) it is a tab; a body with
 *   no tab at all is read CEF-style instead, since many senders replace tabs with spaces.
 * - csNLabel=x csN=y (LEEF:1.0 only, read as in CEF) becomes labelprefix + x.
 * - devTime/devTimeFormat stay fields: parsers turn them into @timestamp with parseTimestamp.
 * One forward pass over the text; no regex is built per event.
 */
import { step } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';
import type { ParserEvent } from '../parser-event.js';

const HEADER = ['version', 'device.vendor', 'device.product', 'device.version', 'event_id'];
const LABEL_KEY = /^(?:c[sn]\d+|cfp\d+|c6a\d+|flexString\d+|deviceCustom\w+)Label$/;
const ESCAPED_PIPE = /\\\|/g;
const CEF_ESCAPE = /\\([=\\nr])/g;
const HEX_DELIMITER = /^0?x([0-9a-fA-F]{1,4})$/;

/** A delimiter written as one character or as xHH / 0xHH; '' when it is neither. */
function decodeDelimiter(spelled: string): string {
  if (spelled.length === 1) return spelled;
  const m = HEX_DELIMITER.exec(spelled);
  return m === null ? '' : String.fromCharCode(parseInt(m[1] ?? '', 16));
}

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93 || c === 58 || c === 64;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Offset after `LEEF:<version>|` of the first valid marker, and the version; undefined if none. */
function findMarker(text: string): { at: number; version: string } | undefined {
  for (let m = text.indexOf('LEEF:'); m >= 0; m = text.indexOf('LEEF:', m + 5)) {
    let j = m + 5;
    const first = text.charCodeAt(j);
    if (first !== 48 && first !== 49 && first !== 50) continue; // 0, 1 or 2
    j++;
    if (text.charCodeAt(j) === 46) { // .digits
      j++;
      const digits = j;
      while (j < text.length && j - digits < 3 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      if (j === digits) continue;
    }
    if (text.charCodeAt(j) === 124) return { at: j + 1, version: text.slice(m + 5, j) };
  }
  return undefined;
}

/** End of a header field starting at `from`: the offset of its closing pipe, or -1. */
function headerEnd(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92 && text.charCodeAt(j + 1) === 124) j++;
    else if (c === 124) return j;
  }
  return -1;
}

function headerValue(text: string, from: number, to: number): string {
  const v = text.slice(from, to);
  return v.includes('\\|') ? v.replace(ESCAPED_PIPE, '|') : v;
}

/** Where a CEF-style key that ends at `eq` (the offset of its `=`) starts; -1 if `eq` ends no key. */
function keyStart(text: string, eq: number, floor: number): number {
  let k = eq;
  while (k > floor && isKeyChar(text.charCodeAt(k - 1))) k--;
  if (k === eq || (k > floor && !isSpace(text.charCodeAt(k - 1)))) return -1;
  return k;
}

/** The next `=` at or after `from` that ends a CEF-style key, or -1. */
function nextKeyEq(text: string, from: number, floor: number, end: number, escapes: boolean): number {
  for (let eq = text.indexOf('=', from); eq >= 0 && eq < end; eq = text.indexOf('=', eq + 1)) {
    if (escapes && text.charCodeAt(eq - 1) === 92) continue;
    if (keyStart(text, eq, floor) >= 0) return eq;
  }
  return -1;
}

type Put = (key: string, value: string) => void;

/** key=value pieces split by `delimiter`; a piece without `=` continues the previous value. */
function splitByDelimiter(text: string, start: number, end: number, delimiter: string, put: Put): void {
  let eq = -1;
  let lastKey: string | undefined;
  let lastValue = '';
  for (let i = start; i <= end; ) {
    let j = text.indexOf(delimiter, i);
    if (j < 0 || j > end) j = end;
    if (eq < i) eq = text.indexOf('=', i); // only moves forward, so the pass stays linear
    if (eq >= 0 && eq < j) {
      const key = text.slice(i, eq).trim();
      if (key !== '') {
        lastKey = key;
        lastValue = text.slice(eq + 1, j);
        put(key, lastValue);
      }
    } else if (lastKey !== undefined && j > i && !isBlank(text, i, j)) {
      lastValue += delimiter + text.slice(i, j);
      put(lastKey, lastValue);
    }
    i = j + delimiter.length;
  }
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(text.charCodeAt(k))) return false;
  return true;
}

/** CEF-style body: a value runs until the whitespace before the next `key=`. */
function splitCefStyle(text: string, start: number, end: number, escapes: boolean, put: Put): void {
  let eq = nextKeyEq(text, start, start, end, escapes);
  while (eq >= 0) {
    const key = text.slice(keyStart(text, eq, start), eq);
    const next = nextKeyEq(text, eq + 1, start, end, escapes);
    const valueEnd = next < 0 ? end : keyStart(text, next, start);
    let value = text.slice(eq + 1, valueEnd).trimEnd();
    if (escapes && value.includes('\\')) value = value.replace(CEF_ESCAPE, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
    put(key, value);
    eq = next;
  }
}

export function parseLeefFn(a: Args): CompiledCall {
  const field = a.string('field');
  const prefix = a.string('prefix');
  const headerNames = HEADER.map((h) => a.string('headerprefix') + h);
  const labelPrefix = a.string('labelprefix');
  const keepLabels = a.boolean('keeplabels');
  const given = a.optString('delimiter');
  const defaultDelimiter = given === undefined ? '' : decodeDelimiter(given) || given;

  return step((event) => {
    const text = event.fields.get(field);
    if (text === undefined) return false;
    const marker = findMarker(text);
    if (marker === undefined) return false;
    const fields = event.fields;
    const values: string[] = [marker.version];
    let i = marker.at;
    for (let h = 1; h < 4; h++) {
      const end = headerEnd(text, i);
      if (end < 0) return false;
      values.push(headerValue(text, i, end));
      i = end + 1;
    }
    let bodyAt = headerEnd(text, i);
    values.push(headerValue(text, i, bodyAt < 0 ? text.length : bodyAt));
    for (let h = 0; h < HEADER.length; h++) fields.set(headerNames[h] ?? '', values[h] ?? '');
    if (bodyAt < 0) return true;
    bodyAt++;

    const v2 = marker.version.charCodeAt(0) === 50;
    let delimiter = defaultDelimiter;
    if (v2) {
      const close = text.indexOf('|', bodyAt);
      if (close === bodyAt) {
        // `||`: an empty delimiter field; `|||`: the delimiter is a pipe.
        if (text.charCodeAt(bodyAt + 1) === 124) { delimiter = '|'; bodyAt += 2; } else bodyAt += 1;
      } else if (close > bodyAt) {
        const decoded = decodeDelimiter(text.slice(bodyAt, close));
        if (decoded !== '') { delimiter = decoded; bodyAt = close + 1; }
      }
    }

    let end = text.length;
    while (end > bodyAt && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    let labels: Map<string, string> | undefined;
    const withLabels = !v2;
    const put: Put = (key, value) => {
      if (withLabels && key.endsWith('Label') && LABEL_KEY.test(key)) {
        (labels ??= new Map()).set(key.slice(0, -5), value);
        if (keepLabels) fields.set(prefix + key, value);
      } else {
        fields.set(prefix + key, value);
      }
    };
    const legacy = marker.version === '0';
    if (legacy) splitCefStyle(text, bodyAt, end, true, put);
    else if (delimiter !== '') splitByDelimiter(text, bodyAt, end, delimiter, put);
    else if (text.indexOf('\t', bodyAt) >= 0) splitByDelimiter(text, bodyAt, end, '\t', put);
    else splitCefStyle(text, bodyAt, end, false, put);
    if (labels !== undefined) applyLabels(event, labels, prefix, labelPrefix, keepLabels);
    return true;
  });
}

function applyLabels(event: ParserEvent, labels: Map<string, string>, prefix: string, labelPrefix: string, keepLabels: boolean): void {
  for (const [key, label] of labels) {
    const v = event.fields.get(prefix + key);
    if (v === undefined) continue;
    event.fields.set(labelPrefix + label, v);
    if (!keepLabels) event.fields.delete(prefix + key);
  }
}
