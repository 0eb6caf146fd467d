/**
 * What to suggest at the cursor: function names, their parameters, field names, and a field's top
 * values after `field=`. Pure functions over the text, the cursor and the vocabulary the view passes
 * in (the function registry, the fields of the last search or test run), so they are unit tested.
 */
import { tokenize, type HighlightToken } from './highlight.js';

export interface FunctionInfo {
  name: string;
  summary: string;
  params: ReadonlyArray<{ name: string }>;
}

export interface Vocabulary {
  functions: readonly FunctionInfo[];
  fields: readonly string[];
  /** Top values by field name, offered after `field=`. */
  values?: ReadonlyMap<string, readonly string[]>;
}

export type SuggestionKind = 'function' | 'param' | 'field' | 'value';

export interface Suggestion {
  kind: SuggestionKind;
  /** Shown in the list. */
  label: string;
  /** Replaces the typed prefix. */
  insert: string;
  /** Where the cursor goes, counted from the start of `insert` (inside the parentheses of a call). */
  cursor: number;
  detail?: string;
}

export interface Completion {
  /** The typed prefix spans [from, to). */
  from: number;
  to: number;
  suggestions: Suggestion[];
}

const MAX_SUGGESTIONS = 50;
const WORD_CHAR = /[A-Za-z0-9_@#.:$[\]*-]/;
const PLAIN_FIELD = /^[A-Za-z0-9_@#.:[\]-]+$/;

/** A field name as a query writes it: bare when the language allows, quoted otherwise. */
export function fieldInQuery(name: string): string {
  return PLAIN_FIELD.test(name) ? name : quote(name);
}

export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Suggestions for the word that ends at `cursor`; undefined when there is nothing to suggest (inside
 * a string, regex or comment, or nothing matches). `explicit` (Ctrl+Space) also suggests for an empty
 * prefix.
 */
export function complete(text: string, cursor: number, vocabulary: Vocabulary, explicit = false): Completion | undefined {
  const tokens = tokenize(text);
  const inside = tokens.find((t) => t.start < cursor && cursor < t.end);
  if (inside !== undefined && (inside.kind === 'string' || inside.kind === 'regex' || inside.kind === 'comment')) return undefined;
  const ending = tokens.find((t) => t.end === cursor && t.start < cursor);
  if (ending !== undefined && (ending.kind === 'comment' || (ending.kind === 'regex' && !/\/[a-z]*$/.test(text.slice(ending.start + 1, ending.end))))) return undefined;
  let from = cursor;
  while (from > 0 && WORD_CHAR.test(text.charAt(from - 1))) from--;
  const prefix = text.slice(from, cursor);
  if (prefix === '' && !explicit) return undefined;

  const before = significantBefore(tokens, text, from);
  const suggestions: Suggestion[] = [];
  if (before === '=' || before === '!=') {
    const field = fieldBefore(tokens, text, from);
    for (const value of field === undefined ? [] : (vocabulary.values?.get(field) ?? [])) {
      const insert = PLAIN_FIELD.test(value) && !value.includes('*') ? value : quote(value);
      suggestions.push({ kind: 'value', label: value, insert, cursor: insert.length, detail: field });
    }
    return finish(from, cursor, prefix, suggestions);
  }
  const call = enclosingCall(tokens, text, from);
  if (call !== undefined) {
    const spec = vocabulary.functions.find((f) => f.name.toLowerCase() === call.toLowerCase());
    for (const p of spec?.params ?? []) suggestions.push({ kind: 'param', label: `${p.name}=`, insert: `${p.name}=`, cursor: p.name.length + 1, detail: spec?.name });
  }
  if (!prefix.startsWith('#') && !prefix.startsWith('@')) {
    for (const f of vocabulary.functions) suggestions.push({ kind: 'function', label: `${f.name}()`, insert: `${f.name}()`, cursor: f.name.length + 1, detail: f.summary });
  }
  for (const name of vocabulary.fields) {
    const insert = fieldInQuery(name);
    suggestions.push({ kind: 'field', label: name, insert, cursor: insert.length });
  }
  return finish(from, cursor, prefix, suggestions);
}

/** Keeps the suggestions that start with the prefix (ignoring case), exact-case matches first. */
function finish(from: number, to: number, prefix: string, all: readonly Suggestion[]): Completion | undefined {
  const lower = prefix.toLowerCase();
  const seen = new Set<string>();
  const matching = all.filter((s) => {
    const key = `${s.kind} ${s.insert}`;
    if (seen.has(key) || !s.label.toLowerCase().startsWith(lower) || s.insert === prefix) return false;
    seen.add(key);
    return true;
  });
  const exact = (s: Suggestion): number => (s.label.startsWith(prefix) ? 0 : 1);
  const sorted = matching.map((s, i) => ({ s, i })).sort((a, b) => exact(a.s) - exact(b.s) || a.i - b.i);
  const suggestions = sorted.slice(0, MAX_SUGGESTIONS).map(({ s }) => s);
  return suggestions.length === 0 ? undefined : { from, to, suggestions };
}

function significantBefore(tokens: readonly HighlightToken[], text: string, offset: number): string {
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t === undefined || t.end > offset || t.kind === 'space' || t.kind === 'comment') continue;
    return text.slice(t.start, t.end);
  }
  return '';
}

/** The field name in `field=` right before `offset`. */
function fieldBefore(tokens: readonly HighlightToken[], text: string, offset: number): string | undefined {
  const significant = tokens.filter((t) => t.end <= offset && t.kind !== 'space' && t.kind !== 'comment');
  const field = significant[significant.length - 2];
  if (field === undefined) return undefined;
  const name = text.slice(field.start, field.end);
  return field.kind === 'string' ? name.slice(1, -1) : name;
}

/** The name of the call whose parentheses hold `offset`, when it is the innermost bracket. */
function enclosingCall(tokens: readonly HighlightToken[], text: string, offset: number): string | undefined {
  const stack: Array<string | undefined> = [];
  let previous: HighlightToken | undefined;
  for (const t of tokens) {
    if (t.end > offset) break;
    if (t.kind === 'space' || t.kind === 'comment') continue;
    const s = text.slice(t.start, t.end);
    if (s === '(' || s === '[' || s === '{') stack.push(s === '(' && previous?.kind === 'function' ? text.slice(previous.start, previous.end) : undefined);
    else if (s === ')' || s === ']' || s === '}') stack.pop();
    previous = t;
  }
  return stack[stack.length - 1];
}

/** The text after accepting a suggestion, and where the cursor goes. */
export function applySuggestion(text: string, completion: Completion, suggestion: Suggestion): { text: string; cursor: number } {
  let insert = suggestion.insert;
  let cursor = suggestion.cursor;
  // Accepting `count()` right before an existing `(` keeps that one.
  if (suggestion.kind === 'function' && text.charAt(completion.to) === '(') {
    insert = insert.slice(0, -2);
    cursor = insert.length + 1;
  }
  return { text: text.slice(0, completion.from) + insert + text.slice(completion.to), cursor: completion.from + cursor };
}
