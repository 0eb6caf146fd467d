/**
 * LogScale regexes → JavaScript RegExp. Group names in LogScale may be field names (`(?<source.ip>…)`),
 * which JavaScript refuses, so every named group is renamed `g0`, `g1`, … and the field names kept
 * alongside. Flags: i, m, g kept; d (and s) mean dot-matches-newline (JS `s`); F (engine choice) ignored.
 * A leading inline-flag group `(?i)`, `(?is)`… (Java/RE2 spelling) becomes flags; Node 20's engine
 * has no inline or scoped flags, so one anywhere else is refused (see splitInlineFlags).
 */
export interface JsRegex {
  readonly regex: RegExp;
  /** [JS group name, field name] for every named group, in pattern order. */
  readonly groups: readonly (readonly [string, string])[];
}

export type JsRegexResult = { readonly ok: true; readonly value: JsRegex } | { readonly ok: false; readonly message: string };

const NAMED_GROUP = /\(\?<([^>=!][^>]*)>/g;
const LEADING_FLAGS = /^\(\?([A-Za-z-]+)\)/;
/** `(?i)`, `(?-i)`, `(?i:` … (a flag group; `(?:`, `(?<name>`, `(?=` are not), matched at lastIndex. */
const FLAG_GROUP = /\(\?[A-Za-z-]+[:)]/y;

export type InlineFlags =
  | { readonly ok: true; readonly source: string; readonly flags: string; /** Length of the removed prefix. */ readonly skipped: number }
  | { readonly ok: false; readonly message: string; readonly offset: number; readonly length: number };

/**
 * Removes leading `(?ims)` groups and returns their letters as flags (s → dot-matches-newline).
 * Refuses other letters, and flag groups after the start (`a(?i)b`) or scoped (`(?i:b)`), which
 * Node 20's engine cannot express: the message says to put the flag at the start instead.
 */
export function splitInlineFlags(source: string): InlineFlags {
  let skipped = 0;
  let flags = '';
  for (let m = LEADING_FLAGS.exec(source); m !== null; m = LEADING_FLAGS.exec(source.slice(skipped))) {
    const letters = m[1] ?? '';
    if ([...letters].some((c) => !'ims'.includes(c))) {
      return { ok: false, message: `Inline flag group ${m[0]} is not supported: use (?i), (?m), (?s) or a combination such as (?is)`, offset: skipped, length: m[0].length };
    }
    flags += letters;
    skipped += m[0].length;
  }
  let inClass = false;
  for (let i = skipped; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      FLAG_GROUP.lastIndex = i;
      const group = FLAG_GROUP.exec(source)?.[0];
      if (group === undefined) continue;
      const flag = group.slice(0, -1);
      const message = group.endsWith(':')
        ? `Scoped flags ${group}…) are not supported: put ${flag}) at the start of the pattern, where it applies to all of it`
        : `Inline flags work only at the start of the pattern: move ${group} to the start, where it applies to all of it`;
      return { ok: false, message, offset: i, length: group.length };
    }
  }
  return { ok: true, source: source.slice(skipped), flags, skipped };
}

export function toJsRegex(pattern: string, patternFlags: string, global = false): JsRegexResult {
  const inline = splitInlineFlags(pattern);
  if (!inline.ok) return { ok: false, message: inline.message };
  const source = inline.source;
  const flags = patternFlags + inline.flags;
  const groups: (readonly [string, string])[] = [];
  const names = new Map<string, string>();
  // Skip escaped `\(` so a literal "(?<" in the text is not taken for a group.
  const renamed = source.replace(/\\.|\(\?<([^>=!][^>]*)>/g, (match: string, name: string | undefined) => {
    if (name === undefined) return match;
    const js = `g${groups.length}`;
    groups.push([js, name]);
    names.set(name, js);
    return `(?<${js}>`;
  }).replace(/\\k<([^>]+)>/g, (match: string, name: string) => {
    const js = names.get(name);
    return js === undefined ? match : `\\k<${js}>`;
  });
  let js = '';
  for (const flag of flags) {
    if (flag === 'i' || flag === 'm') js += js.includes(flag) ? '' : flag;
    else if (flag === 'd' || flag === 's') js += js.includes('s') ? '' : 's';
    else if (flag === 'g' || flag === 'F') continue;
    else return { ok: false, message: `Regex flag '${flag}' is not supported: use i, m, d or g` };
  }
  if (global) js += 'g';
  try {
    return { ok: true, value: { regex: new RegExp(renamed, js), groups } };
  } catch (error) {
    return { ok: false, message: `Invalid regular expression: ${(error as Error).message}` };
  }
}

/** True when the pattern has a named group (used by /re/ filters, which then extract fields). */
export function hasNamedGroups(source: string): boolean {
  NAMED_GROUP.lastIndex = 0;
  return NAMED_GROUP.test(source);
}
