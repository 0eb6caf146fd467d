import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.js';
import { parseConnectorCreate, parseConnectorPatch } from './connector-input.js';

const parsers = ['raw', 'json'];

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err.field;
    throw err;
  }
  return 'no error';
}

describe('connector input', () => {
  it('fills HEC defaults', () => {
    const c = parseConnectorCreate({ name: 'fw-1', parser: 'json' }, parsers);
    expect(c).toEqual({
      name: 'fw-1',
      description: '',
      parser: 'json',
      enabled: true,
      hec: { useAck: false, allowQueryStringAuth: false, indexes: [], defaultIndex: 'main' },
    });
  });

  it.each([
    [{ parser: 'json' }, 'name'],
    [{ name: '', parser: 'json' }, 'name'],
    [{ name: 'a/b', parser: 'json' }, 'name'],
    [{ name: 'x', parser: 'nope' }, 'parser'],
    [{ name: 'x' }, 'parser'],
    [{ name: 'x', parser: 'json', color: 'red' }, 'color'],
    [{ name: 'x', parser: 'json', hec: { useAck: 'yes' } }, 'hec.useAck'],
    [{ name: 'x', parser: 'json', hec: { indexes: 'main' } }, 'hec.indexes'],
    [{ name: 'x', parser: 'json', hec: { indexes: ['a b'] } }, 'hec.indexes'],
    [{ name: 'x', parser: 'json', hec: { bogus: 1 } }, 'hec.bogus'],
    [{ name: 'x', parser: 'json', hec: { indexes: ['a'], defaultIndex: 'main' } }, 'hec.defaultIndex'],
    [{ name: 'x', parser: 'json', description: 7 }, 'description'],
  ])('rejects %j naming the field %s', (body, field) => {
    expect(fieldOf(() => parseConnectorCreate(body, parsers))).toBe(field);
  });

  it('rejects a body that is not an object', () => {
    expect(() => parseConnectorCreate([1], parsers)).toThrow(/must be a JSON object/);
  });

  it('accepts partial patches and keeps only what was sent', () => {
    expect(parseConnectorPatch({ enabled: false }, parsers)).toEqual({ enabled: false });
    expect(parseConnectorPatch({ hec: { useAck: true } }, parsers)).toEqual({ hec: { useAck: true } });
    expect(fieldOf(() => parseConnectorPatch({ parser: 'nope' }, parsers))).toBe('parser');
  });
});
