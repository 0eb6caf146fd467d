import { describe, expect, it } from 'vitest';
import { hashSecret } from '../auth/secret-token.js';
import { KeyIndex } from './key-index.js';

const a = hashSecret('key-a');
const b = hashSecret('key-b');

describe('KeyIndex', () => {
  it('finds a connector by its current key digest and nothing else', () => {
    const index = new KeyIndex();
    index.set('c1', a);
    expect(index.find(a, 0)).toEqual(expect.objectContaining({ connectorId: 'c1', which: 'current' }));
    expect(index.find(b, 0)).toBeUndefined();
  });

  it('holds both keys during the grace period and drops the previous one at its end', () => {
    const index = new KeyIndex();
    index.set('c1', b, { hash: a, fingerprint: 'aaaaaaaa', validUntil: 1000 });
    expect(index.size).toBe(2);
    expect(index.find(a, 999)).toEqual(expect.objectContaining({ connectorId: 'c1', which: 'previous' }));
    expect(index.find(b, 999)?.which).toBe('current');
    expect(index.find(a, 1000)).toBeUndefined();
    expect(index.size).toBe(1);
    expect(index.find(b, 5000)?.which).toBe('current');
  });

  it('replaces all of a connector\'s keys on set, and removes them on delete', () => {
    const index = new KeyIndex();
    index.set('c1', b, { hash: a, fingerprint: 'aaaaaaaa', validUntil: 1000 });
    const c = hashSecret('key-c');
    index.set('c1', c);
    expect(index.find(a, 0)).toBeUndefined();
    expect(index.find(b, 0)).toBeUndefined();
    expect(index.find(c, 0)?.connectorId).toBe('c1');
    index.delete('c1');
    expect(index.find(c, 0)).toBeUndefined();
    expect(index.size).toBe(0);
  });
});
