/**
 * An event between a source and a sink: the text as collected, when it was collected, and its
 * fields (`@collect.*` metadata and static fields), which the HEC encoder sends as indexed fields.
 */
export interface CollectEvent {
  text: string;
  /** Collection time, Unix milliseconds. */
  time: number;
  fields: Record<string, string>;
}

/** Where a source hands its events: the source's transforms, then its sink's queue. */
export interface SourceOutput {
  /** Resolves once the events are queued (for a disk queue: on disk). Sources that can wait, wait. */
  emit(events: CollectEvent[]): Promise<void>;
  /** True while the sink's queue is full with `fullAction: pause`: sources that cannot wait (UDP) drop and count. */
  blocked(): boolean;
  /**
   * Resolves once the sink's queue can take about `bytes` of envelopes without waiting. A source that
   * reads at its own pace (files) waits here before it turns input into events, so that its events
   * never wait for room themselves: waiting, they would outlive the young generation and fill the
   * old one with garbage (an extra 15–20 MiB of heap with a full queue).
   */
  room(bytes: number): Promise<void>;
  /** Counts events a source had to drop, by reason. */
  dropped(reason: string, count: number): void;
}

/** The lifecycle every source implements. */
export interface Source {
  readonly name: string;
  /** One line for the status line, e.g. `syslog udp 0.0.0.0:514`. */
  describe(): string;
  start(): Promise<void>;
  /** Stops reading and hands over what was already read; resolves when nothing more will be emitted. */
  stop(): Promise<void>;
}
