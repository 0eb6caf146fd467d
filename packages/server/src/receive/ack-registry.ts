/**
 * Indexer acknowledgement state (protocol reference §7.3–§7.4).
 *
 * Per channel: the next id (from 0, one per successful POST) and the ids whose commit resolved and
 * that the client has not yet seen as true. An id is reported true once, then forgotten; anything
 * else (never issued, failed, evicted, other channel) reads false.
 *
 * Channels live in a Map kept in least-recently-used order (a touch re-inserts), so idle channels
 * are swept from the head in O(1) per expired channel, without a timer.
 */

export interface AckLimits {
  maxAckChannels: number;
  maxPendingAcksPerChannel: number;
  ackChannelIdleMs: number;
}

interface AckChannel {
  nextId: number;
  /** Committed ids not yet reported, in issue order (the oldest is evicted on overflow). */
  committed: Set<number>;
  lastUsed: number;
}

export class AckRegistry {
  private readonly channels = new Map<string, AckChannel>();
  /** Committed ids not yet reported, over all channels (kept as a sum so metrics read it in O(1)). */
  private pending = 0;

  constructor(
    private readonly limits: AckLimits,
    private readonly now: () => number,
  ) {}

  /** False when `channel` is new and the channel limit is reached (503 code 9 before the body is read). */
  canAccept(channel: string): boolean {
    this.sweep();
    return this.channels.has(channel) || this.channels.size < this.limits.maxAckChannels;
  }

  /** Reserves the next id of `channel` (creating it); it reads false until `confirm`. */
  allocate(channel: string): number {
    const state = this.touch(channel) ?? this.open(channel);
    return state.nextId++;
  }

  /** Marks `id` as committed. Over the per-channel limit the oldest pending id is dropped (reads false). */
  confirm(channel: string, id: number): void {
    const state = this.touch(channel) ?? this.open(channel);
    const before = state.committed.size;
    state.committed.add(id);
    if (state.committed.size > this.limits.maxPendingAcksPerChannel) {
      const oldest = state.committed.values().next();
      if (oldest.done !== true) state.committed.delete(oldest.value);
    }
    this.pending += state.committed.size - before;
  }

  /** Statuses for `ids` in request order, without duplicates; true ids are forgotten. */
  query(channel: string, ids: readonly number[]): Map<number, boolean> {
    this.sweep();
    const state = this.touch(channel);
    const result = new Map<number, boolean>();
    for (const id of ids) {
      if (result.has(id)) continue;
      const committed = state?.committed.delete(id) ?? false;
      if (committed) this.pending--;
      result.set(id, committed);
    }
    return result;
  }

  get channelCount(): number {
    return this.channels.size;
  }

  get pendingCount(): number {
    return this.pending;
  }

  private open(channel: string): AckChannel {
    const state: AckChannel = { nextId: 0, committed: new Set(), lastUsed: this.now() };
    this.channels.set(channel, state);
    return state;
  }

  private touch(channel: string): AckChannel | undefined {
    const state = this.channels.get(channel);
    if (state === undefined) return undefined;
    state.lastUsed = this.now();
    this.channels.delete(channel);
    this.channels.set(channel, state);
    return state;
  }

  private sweep(): void {
    const idleBefore = this.now() - this.limits.ackChannelIdleMs;
    for (const [channel, state] of this.channels) {
      if (state.lastUsed > idleBefore) break;
      this.pending -= state.committed.size;
      this.channels.delete(channel);
    }
  }
}
