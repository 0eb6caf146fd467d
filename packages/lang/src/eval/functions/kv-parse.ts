/** kvParse: key=value pairs; values may be "double" or 'single' quoted, otherwise end at whitespace or a comma. */
import { step } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45 || c === 64 || c === 91 || c === 93 || c === 58;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export function kvParseFn(a: Args): CompiledCall {
  const field = a.string('field');
  const prefix = a.optString('as') ?? a.string('prefix');
  const sep = a.string('separator');
  const excludeEmpty = a.boolean('excludeEmpty');
  const override = a.boolean('override');
  const keepFirst = a.string('onDuplicate') === 'keepFirst';
  return step((event) => {
    const text = event.fields.get(field);
    if (text === undefined || sep === '') return true;
    const seen = new Set<string>();
    let at = text.indexOf(sep);
    while (at > 0) {
      let k = at;
      while (k > 0 && isKeyChar(text.charCodeAt(k - 1))) k--;
      const key = text.slice(k, at);
      let i = at + sep.length;
      while (i < text.length && text.charCodeAt(i) === 32 && key === '') i++;
      let value: string;
      const q = text.charAt(i);
      if (q === '"' || q === "'") {
        let out = '';
        let j = i + 1;
        while (j < text.length && text.charAt(j) !== q) {
          if (text.charAt(j) === '\\' && j + 1 < text.length) j++;
          out += text.charAt(j);
          j++;
        }
        value = out;
        i = j + 1;
      } else {
        let j = i;
        while (j < text.length && !isSpace(text.charCodeAt(j)) && text.charAt(j) !== ',' && !text.startsWith(sep, j)) j++;
        // `a=b=c`: a value that runs into another separator ends at the key before it.
        if (text.startsWith(sep, j)) {
          let back = j;
          while (back > i && isKeyChar(text.charCodeAt(back - 1))) back--;
          j = back > i ? back : j;
        }
        value = text.slice(i, j).replace(/[,;]$/, '');
        i = j;
      }
      if (key !== '' && !(excludeEmpty && value === '')) {
        const name = prefix + key;
        const duplicate = seen.has(name);
        if (!(duplicate && keepFirst) && (override || duplicate || !event.fields.has(name))) event.fields.set(name, value);
        seen.add(name);
      }
      at = text.indexOf(sep, Math.max(i, at + sep.length));
    }
    return true;
  });
}
