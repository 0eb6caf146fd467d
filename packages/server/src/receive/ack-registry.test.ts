import { describe, expect, it } from 'vitest';
import { AckRegistry } from './ack-registry.js';

function registry(limits: Partial<ConstructorParameters<typeof AckRegistry>[0]> = {}) {
  const clock = { now: 0 };
  const acks = new AckRegistry(
    { maxAckChannels: 10, maxPendingAcksPerChannel: 100, ackChannelIdleMs: 1000, ...limits },
    () => clock.now,
  );
  return { acks, clock };
}

describe('AckRegistry', () => {
  it('numbers ids per channel from 0', () => {
    const { acks } = registry();
    expect([acks.allocate('a'), acks.allocate('a'), acks.allocate('b'), acks.allocate('a')]).toEqual([0, 1, 0, 2]);
  });

  it('reports an allocated id false until confirmed, then true once', () => {
    const { acks } = registry();
    const id = acks.allocate('a');
    expect(acks.query('a', [id]).get(id)).toBe(false);
    const next = acks.allocate('a');
    acks.confirm('a', next);
    expect([...acks.query('a', [next, next])]).toEqual([[next, true]]);
    expect(acks.query('a', [next]).get(next)).toBe(false);
  });

  it('creates nothing when an unknown channel is queried', () => {
    const { acks } = registry();
    expect([...acks.query('nobody', [0, 1])]).toEqual([
      [0, false],
      [1, false],
    ]);
    expect(acks.channelCount).toBe(0);
  });

  it('refuses a new channel at the limit but accepts known ones', () => {
    const { acks } = registry({ maxAckChannels: 1 });
    acks.allocate('a');
    expect(acks.canAccept('a')).toBe(true);
    expect(acks.canAccept('b')).toBe(false);
  });

  it('forgets channels idle longer than the idle time, and a touch keeps one alive', () => {
    const { acks, clock } = registry({ maxAckChannels: 2 });
    acks.confirm('a', acks.allocate('a'));
    acks.allocate('b');
    clock.now = 600;
    acks.query('a', [5]);
    clock.now = 1200;
    expect(acks.canAccept('c')).toBe(true);
    expect(acks.channelCount).toBe(1);
    expect(acks.query('a', [0]).get(0)).toBe(true);
  });

  it('counts pending acks over all channels through confirm, report, eviction and idling', () => {
    const { acks, clock } = registry({ maxPendingAcksPerChannel: 2 });
    for (let i = 0; i < 3; i++) acks.confirm('a', acks.allocate('a'));
    acks.confirm('b', acks.allocate('b'));
    expect(acks.pendingCount).toBe(3);
    acks.query('a', [2, 2, 7]);
    expect(acks.pendingCount).toBe(2);
    clock.now = 2000;
    acks.canAccept('c');
    expect(acks.pendingCount).toBe(0);
  });
});
