/**
 * LogScale regexes → JavaScript RegExp. Group names in LogScale may be field names (`(?<source.ip>…)`),
 * which JavaScript refuses, so every named group is renamed `g0`, `g1`, … and the field names kept
 * alongside. Flags: i, m, g kept; d (and s) mean dot-matches-newline (JS `s`); F (engine choice) ignored.
 */
export interface JsRegex {
  readonly regex: RegExp;
  /** [JS group name, field name] for every named group, in pattern order. */
  readonly groups: readonly (readonly [string, string])[];
}

export type JsRegexResult = { readonly ok: true; readonly value: JsRegex } | { readonly ok: false; readonly message: string };

const NAMED_GROUP = /\(\?<([^>=!][^>]*)>/g;

export function toJsRegex(source: string, flags: string, global = false): JsRegexResult {
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
