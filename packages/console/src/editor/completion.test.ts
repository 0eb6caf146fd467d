import { describe, expect, it } from 'vitest';
import { applySuggestion, complete, fieldInQuery, type Vocabulary } from './completion.js';

const VOCABULARY: Vocabulary = {
  functions: [
    { name: 'groupBy', summary: 'Groups', params: [{ name: 'field' }, { name: 'function' }, { name: 'limit' }] },
    { name: 'count', summary: 'Counts', params: [{ name: 'field' }, { name: 'distinct' }] },
    { name: 'parseJson', summary: 'Parses JSON', params: [{ name: 'prefix' }] },
  ],
  fields: ['user', 'user.name', '@host', '#connector', 'odd name'],
  values: new Map([['user', ['ann', 'Bob Lee']]]),
};

/** Completes at the `|` marker of `text` and lists the labels. */
function labels(marked: string, explicit = false): string[] | undefined {
  const cursor = marked.indexOf('‸');
  const text = marked.replace('‸', '');
  return complete(text, cursor, VOCABULARY, explicit)?.suggestions.map((s) => s.label);
}

describe('complete', () => {
  it.each([
    ['function and field names by prefix, ignoring case', 'x | gr‸', ['groupBy()']],
    ['fields by prefix', 'us‸', ['user', 'user.name']],
    ['only fields after # or @', '#co‸', ['#connector']],
    ['parameters of the enclosing call', 'groupBy(user, fu‸', ['function=']],
    ['top values after field=', 'user=‸', undefined],
    ['top values after field= as you type', 'user=B‸', ['Bob Lee']],
    ['nothing inside a string', 'x="gr‸"', undefined],
    ['nothing inside a comment', '// gr‸', undefined],
    ['nothing without a prefix', 'x | ‸', undefined],
  ])('suggests %s', (_name, marked, expected) => {
    expect(labels(marked)).toEqual(expected);
  });

  it('suggests everything for an empty prefix when asked (Ctrl+Space)', () => {
    expect(labels('user=‸', true)).toEqual(['ann', 'Bob Lee']);
    expect(labels('x | ‸', true)?.length).toBe(3 + 5);
  });
});

describe('applySuggestion', () => {
  it('inserts a call with the cursor inside its parentheses', () => {
    const text = 'x | gro';
    const completion = complete(text, text.length, VOCABULARY);
    const groupBy = completion?.suggestions[0];
    if (completion === undefined || groupBy === undefined) throw new Error('no suggestion');
    expect(applySuggestion(text, completion, groupBy)).toEqual({ text: 'x | groupBy()', cursor: 12 });
  });

  it('quotes values and field names the language cannot take bare', () => {
    const text = 'user=B';
    const completion = complete(text, text.length, VOCABULARY);
    const bob = completion?.suggestions[0];
    if (completion === undefined || bob === undefined) throw new Error('no suggestion');
    expect(applySuggestion(text, completion, bob).text).toBe('user="Bob Lee"');
    expect(fieldInQuery('odd name')).toBe('"odd name"');
    expect(fieldInQuery('event.category[0]')).toBe('event.category[0]');
  });
});
