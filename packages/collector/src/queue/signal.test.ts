import { describe, expect, it } from 'vitest';
import { Signal } from './signal.js';

describe('Signal', () => {
  it('wakes every waiter at the next notify, with or without a timeout', async () => {
    const signal = new Signal();
    const woken: string[] = [];
    const waits = [signal.wait().then(() => woken.push('plain')), signal.wait(60_000).then(() => woken.push('timed'))];
    expect(signal.waiting).toBe(2);
    signal.notify();
    await Promise.all(waits);
    expect(woken.sort()).toEqual(['plain', 'timed']);
    expect(signal.waiting).toBe(0);
  });

  it('drops a wait that timed out, so repeated idle waits do not pile up', async () => {
    const signal = new Signal();
    for (let i = 0; i < 50; i++) await signal.wait(1);
    expect(signal.waiting).toBe(0);
  });
});
