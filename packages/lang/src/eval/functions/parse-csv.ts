/** parseCsv: one RFC 4180 line (quoted fields, doubled quotes) into the named columns. */
import { step } from '../function-impl.js';
import type { Args, CompiledCall } from '../function-impl.js';

/** With `trim`, blanks before an opening quote are skipped, so `a, "b,c"` has two fields. */
export function splitCsv(line: string, delimiter: string, quote: string, trim = false): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    let start = i;
    if (trim) while (line[start] === ' ' || line[start] === '\t') start++;
    if (quote !== '' && line.startsWith(quote, start)) {
      i = start;
      i += quote.length;
      for (;;) {
        const q = line.indexOf(quote, i);
        if (q < 0) {
          value += line.slice(i);
          i = line.length;
          break;
        }
        value += line.slice(i, q);
        i = q + quote.length;
        if (line.startsWith(quote, i)) {
          value += quote;
          i += quote.length;
        } else {
          break;
        }
      }
      const d = line.indexOf(delimiter, i);
      value += line.slice(i, d < 0 ? line.length : d);
      out.push(value);
      if (d < 0) return out;
      i = d + delimiter.length;
    } else {
      const d = line.indexOf(delimiter, i);
      out.push(line.slice(i, d < 0 ? line.length : d));
      if (d < 0) return out;
      i = d + delimiter.length;
    }
  }
}

export function parseCsvFn(a: Args): CompiledCall {
  const field = a.string('field');
  const columns = a.strings('columns');
  const delimiter = a.string('delimiter') || ',';
  const quote = a.string('quoteChar');
  const excludeEmpty = a.boolean('excludeEmpty');
  const trim = a.boolean('trim');
  return step((event) => {
    const text = event.fields.get(field);
    if (text === undefined) return true;
    const values = splitCsv(text.replace(/\r?\n$/, ''), delimiter, quote, trim);
    for (let i = 0; i < columns.length && i < values.length; i++) {
      let v = values[i] ?? '';
      if (trim) v = v.trim();
      if (!(excludeEmpty && v === '')) event.fields.set(columns[i] ?? '', v);
    }
    return true;
  });
}
