/**
 * parseCEF: `CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension`. Anything before
 * `CEF:` (a syslog header) is skipped; `\|` `\\` escape header pipes; an extension value runs until
 * the next ` key=`; `\=` `\\` `\n` `\r` are escapes there. csNLabel=x csN=y becomes labelprefix+x.
 */
import { step } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';

const HEADER = ['version', 'device.vendor', 'device.product', 'device.version', 'event_class_id', 'name', 'severity'];
const unescapeExt = (s: string): string => (s.includes('\\') ? s.replace(/\\([=\\nr])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)) : s);
const KEY_BEFORE_EQ = /(?:^|\s)([\w.\-[\]]+)=/g;

export function parseCefFn(a: Args): CompiledCall {
  const field = a.string('field');
  const prefix = a.string('prefix');
  const headerPrefix = a.string('headerprefix');
  const labelPrefix = a.string('labelprefix');
  const keepLabels = a.boolean('keeplabels');
  const headerNames = HEADER.map((h) => headerPrefix + h);
  return step((event) => {
    const text = event.fields.get(field);
    if (text === undefined) return false;
    const start = text.indexOf('CEF:');
    if (start < 0) return false;
    let i = start + 4;
    for (let h = 0; h < 7; h++) {
      let value = '';
      let j = i;
      for (; j < text.length; j++) {
        const c = text.charCodeAt(j);
        if (c === 92 && j + 1 < text.length) { value += text.charAt(++j); continue; }
        if (c === 124) break;
        value += text.charAt(j);
      }
      if (j >= text.length && h < 6) return false;
      event.fields.set(headerNames[h] ?? '', value);
      i = j + 1;
    }
    const ext = text.slice(i);
    const keys: { key: string; at: number; valueAt: number }[] = [];
    KEY_BEFORE_EQ.lastIndex = 0;
    for (let m = KEY_BEFORE_EQ.exec(ext); m !== null; m = KEY_BEFORE_EQ.exec(ext)) {
      const eq = m.index + m[0].length - 1;
      if (ext.charCodeAt(eq - 1) === 92) continue; // an escaped \= inside a value
      keys.push({ key: m[1] ?? '', at: m.index + m[0].length - 1 - (m[1]?.length ?? 0), valueAt: eq + 1 });
    }
    let labels: Map<string, string> | undefined;
    for (let k = 0; k < keys.length; k++) {
      const cur = keys[k];
      if (cur === undefined) continue;
      const end = keys[k + 1]?.at ?? ext.length;
      const v = unescapeExt(ext.slice(cur.valueAt, end).trimEnd());
      if (/^c[sn]\d+Label$|^c(?:fp|6a|s)\d+Label$|^deviceCustom\w+Label$|^flexString\d+Label$/.test(cur.key)) {
        (labels ??= new Map()).set(cur.key.slice(0, -5), v);
        if (keepLabels) event.fields.set(prefix + cur.key, v);
      } else {
        event.fields.set(prefix + cur.key, v);
      }
    }
    if (labels !== undefined) {
      for (const [key, label] of labels) {
        const v = event.fields.get(prefix + key);
        if (v === undefined) continue;
        event.fields.set(labelPrefix + label, v);
        if (!keepLabels) event.fields.delete(prefix + key);
      }
    }
    return true;
  });
}
