import { describe, expect, it } from 'vitest';
import { formatRowsTable } from './search-command.js';

describe('formatRowsTable', () => {
  it('aligns aggregate rows under their field names, in the given column order', () => {
    const text = formatRowsTable([{ user: 'ann', _count: '2' }, { user: 'bobby', _count: '10' }], ['user', '_count']);
    expect(text).toBe(['user   _count', '-----  ------', 'ann    2', 'bobby  10', ''].join('\n'));
  });

  it('prints missing values as blanks and flattens line breaks', () => {
    const text = formatRowsTable([{ a: 'x\ny' }, { b: '1' }], ['a', 'b']);
    expect(text.split('\n')).toEqual(['a    b', '---  -', 'x y', '     1', '']);
  });
});
